"""Invalidating pages by key: recorded in the database, then applied to the cache and Varnish.

The database row comes first and is what counts: a process that could not reach Redis or
Varnish, or a Redis restored from an older snapshot, is caught up by `reconcile`, which every
process runs every few seconds (never on each request): tokens older than the last recorded
invalidation of their key are replaced, and purges Varnish did not confirm are sent again.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import entries, local_copies, varnish
from .models import Invalidation

logger = logging.getLogger(__name__)

# Only invalidations younger than the longest-lived entry can concern a stored page.
RECONCILE_MARGIN_SECONDS = 60
# A purge is retried once the process that recorded it had time to send it itself.
PURGE_RETRY_AFTER_SECONDS = 5
KEEP_RECORDS = timedelta(days=2)


_expansions = []


def register_expansion(expand):
    """`expand(keys)` returns the keys of further pages showing what `keys` stand for (a front
    page whose block is filled from a section's listing shows that listing)."""
    if expand not in _expansions:
        _expansions.append(expand)


def invalidate_on_commit(keys):
    """Invalidate `keys` once the current transaction commits; nothing if it rolls back."""
    keys = frozenset(keys)
    if keys:
        transaction.on_commit(lambda: invalidate(keys))


def invalidate(keys):
    keys = set(keys)
    if not keys:
        return
    for expand in _expansions:
        try:
            keys |= expand(keys)
        except Exception:
            logger.error("Could not find the pages showing %s as well", keys, exc_info=True)
    keys = sorted(keys)
    record = None
    try:
        record = Invalidation.objects.create(keys=" ".join(keys))
    except Exception:
        logger.error("Could not record the invalidation of %s", keys, exc_info=True)
    try:
        cache.set_many(
            {
                entries.generation_key(k): entries.new_token(record.pk if record else 0)
                for k in keys
            },
            None,
        )
    except Exception:
        logger.warning("Page cache unavailable: %s invalidated later", keys, exc_info=True)
    local_copies.drop_everywhere()
    if record is not None and settings.VARNISH_URLS and varnish.purge(keys):
        Invalidation.objects.filter(pk=record.pk).update(purged_at=timezone.now())


class _Schedule:
    last_run = None
    cache_server = None  # the run id of the Redis this process last connected to


def reconcile_now():
    """Have the next request reconcile before it is served anything from the cache."""
    _Schedule.last_run = None


def forget_cache_server():
    _Schedule.cache_server = None


def cache_server_restarted(run_id):
    """Whether the Redis that answered a new connection (its `run_id`) is not the one this
    process knew: restarted, perhaps from an older snapshot, it may hold tokens that
    invalidations made since have replaced. The next request then reconciles first."""
    known, _Schedule.cache_server = _Schedule.cache_server, run_id
    if known is None or known == run_id:
        return False
    reconcile_now()
    return True


def reconcile_due():
    interval = settings.PAGE_CACHE_RECONCILE_SECONDS
    if not interval:
        return False
    last = _Schedule.last_run
    return last is None or time.monotonic() - last >= interval


def reconcile_if_due():
    if not reconcile_due():
        return
    _Schedule.last_run = time.monotonic()
    try:
        reconcile()
    except Exception:
        logger.warning("Could not reconcile the page cache with the database", exc_info=True)


def reconcile():
    now = timezone.now()
    window = settings.PUBLIC_PAGE_CACHE_SECONDS + entries.GRACE_SECONDS + RECONCILE_MARGIN_SECONDS
    latest = {}
    recent = Invalidation.objects.filter(created_at__gte=now - timedelta(seconds=window))
    for pk, keys in recent.values_list("pk", "keys"):
        for key in keys.split():
            latest[key] = max(latest.get(key, 0), pk)
    if latest:
        tokens = cache.get_many([entries.generation_key(k) for k in latest])
        behind = {
            entries.generation_key(k): entries.new_token(pk)
            for k, pk in latest.items()
            if (token := tokens.get(entries.generation_key(k))) is not None
            and entries.token_id(token) < pk
        }
        if behind:
            logger.warning("Page cache missed %d invalidations: applying them now", len(behind))
            cache.set_many(behind, None)
            local_copies.drop_everywhere()
            if settings.VARNISH_URLS:
                caught_up = [k for k in latest if entries.generation_key(k) in behind]
                repurge(caught_up, {latest[k] for k in caught_up})
    if settings.VARNISH_URLS:
        retry_purges(now)
    Invalidation.objects.filter(created_at__lt=now - KEEP_RECORDS).delete()


def repurge(keys, record_ids):
    """Varnish was purged when these keys were invalidated, but the cache, behind, may have
    answered its fetches with the previous pages since: purge them again now that the cache is
    caught up. Missed, the records are marked unpurged, and `retry_purges` sends them again."""
    if not varnish.purge(sorted(keys)):
        Invalidation.objects.filter(pk__in=record_ids).update(purged_at=None)


def retry_purges(now):
    due = Invalidation.objects.filter(
        purged_at__isnull=True, created_at__lt=now - timedelta(seconds=PURGE_RETRY_AFTER_SECONDS)
    ).order_by("pk")[:100]
    for record in due:
        if not varnish.purge(record.key_list()):
            return
        Invalidation.objects.filter(pk=record.pk).update(purged_at=timezone.now())
