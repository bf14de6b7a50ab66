"""When a cached page must be rendered again although no save announced a change.

A page is kept `PUBLIC_PAGE_CACHE_SECONDS` at most, and never past the next moment something
changes by itself: a scheduled article going live, a curated slot opening or closing. Each such
source registers a function returning its next change time (an aware datetime, or None); the
entry's expiry is stored with it, so a hit asks nothing.
"""

from django.utils import timezone

_next_change_sources = []


def register(next_change, concerns=None, per_page=False):
    """Add a source of changes no save announces: `next_change()` returns when it next
    changes what a public page shows (aware datetime), or None. With `concerns`, a function of
    a page's keys, it is asked only for the pages it can change; with `per_page`, it is given
    the page's keys (None: any page) and answers for that page."""
    unregister(next_change)
    _next_change_sources.append((next_change, concerns, per_page))


def unregister(next_change):
    _next_change_sources[:] = [s for s in _next_change_sources if s[0] is not next_change]


def next_change_at(page_keys=None):
    times = [
        source(page_keys) if per_page else source()
        for source, concerns, per_page in _next_change_sources
        if concerns is None or page_keys is None or concerns(page_keys)
    ]
    return min((t for t in times if t is not None), default=None)


def seconds_until_next_change(limit, page_keys=None):
    """At most `limit`, and never past the next change of a page with `page_keys` (of any page
    without); at least one second."""
    change = next_change_at(page_keys)
    if change is None:
        return limit
    remaining = (change - timezone.now()).total_seconds()
    return max(1, min(limit, int(remaining)))
