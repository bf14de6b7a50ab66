"""When a cached page must be rendered again although no save announced a change.

A page is kept `PUBLIC_PAGE_CACHE_SECONDS` at most, and never past the next moment something
changes by itself: a scheduled article going live, a curated slot opening or closing. Each such
source registers a function returning its next change time (an aware datetime, or None); the
entry's expiry is stored with it, so a hit asks nothing.
"""

from django.utils import timezone

_next_change_sources = []


def register(next_change):
    """Add a source of changes no save announces: `next_change()` returns when it next
    changes what a public page shows (aware datetime), or None."""
    if next_change not in _next_change_sources:
        _next_change_sources.append(next_change)


def next_change_at():
    times = [t for t in (source() for source in _next_change_sources) if t is not None]
    return min(times, default=None)


def seconds_until_next_change(limit):
    """At most `limit`, and never past the next change; at least one second."""
    change = next_change_at()
    if change is None:
        return limit
    remaining = (change - timezone.now()).total_seconds()
    return max(1, min(limit, int(remaining)))
