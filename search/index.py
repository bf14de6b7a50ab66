"""Keeping search documents in step with articles.

`refresh(ids)` rebuilds the documents of some articles; the signal handlers (`signals.py`)
call it inside the transaction of any save that changes text search reads, so a rolled-back
edit (pending changes) leaves the index as it was. Bulk writes that send no signals
(`bulk_create`, `update()`, COPY in `bench/fill.py`) call it themselves or are followed by
`manage.py rebuild_search_index` (`rebuild`).
"""

import multiprocessing
import threading
from contextlib import contextmanager

from django.db import connections, router, transaction

from .backends import for_database
from .document import documents_for
from .fresh_table import FRESH, fresh_table

BATCH = 500


def _articles():
    from articles.models import Article

    return Article.objects


_collecting = threading.local()


@contextmanager
def refreshed_once():
    """Refreshes asked for inside the block are done once, at its end (still inside the caller's
    transaction): an import saves an article, then its bylines, then publishes it, and wrote its
    document each time. If the block raises, nothing is written (its transaction rolls back)."""
    if getattr(_collecting, "ids", None) is not None:
        yield
        return
    _collecting.ids, _collecting.built = set(), {}
    try:
        yield
        ids, built = _collecting.ids, _collecting.built
    finally:
        _collecting.ids = _collecting.built = None
    refresh(ids - built.keys())
    if built:
        _write(list(built.values()))


def built_here(document):
    """Inside `refreshed_once`: the document of an article its caller holds with everything the
    document reads (an import has just written the article, its bylines and their contributors,
    and knows it has no tags), written at the block's end instead of read back (three queries).
    The caller builds it after its last change to the article."""
    built = getattr(_collecting, "built", None)
    if built is None:
        _write([document])
    else:
        built[document.article_id] = document


def refresh(article_ids):
    ids = {pk for pk in article_ids if pk is not None}
    if not ids:
        return
    collecting = getattr(_collecting, "ids", None)
    if collecting is not None:
        collecting |= ids
        return
    _write(documents_for(_articles().filter(pk__in=ids)))


def _write(documents):
    alias = router.db_for_write(_articles().model)
    # No savepoint of its own inside a transaction: a write that fails fails the caller's.
    with transaction.atomic(using=alias, savepoint=False):
        for_database(alias).write(documents)


def id_batches(queryset, size=BATCH):
    """Ids in ascending batches, read by keyset so a large table is never held at once."""
    last = 0
    while True:
        batch = list(
            queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size]
        )
        if not batch:
            return
        yield batch
        last = batch[-1]


def _write_fresh(ids):
    """Write the documents of `ids` into the rebuild's fresh table, keeping any document the
    live table's trigger copied there first (it is newer)."""
    manager = _articles()
    alias = router.db_for_write(manager.model)
    documents = documents_for(manager.filter(pk__in=ids))
    with transaction.atomic(using=alias):
        for_database(alias).write(documents, table=FRESH, replace=False)
    return len(ids)


def _refresh_in_worker(ids):
    refresh(ids)
    return len(ids)


def rebuild(progress=None, batch_size=BATCH, jobs=1):
    """Rebuild every article's document; `progress(n)` is told of each batch done. With
    `jobs` > 1, batches are segmented and written by that many processes (segmenting is
    about half of the work). On PostgreSQL into a fresh table, swapped in at the end (see
    `search.fresh_table`); SQLite's documents are replaced in place, by one writer."""
    batches = id_batches(_articles().all(), batch_size)
    connection = connections[router.db_for_write(_articles().model)]
    if connection.vendor != "postgresql":
        _run(_refresh_in_worker, batches, progress, jobs=1)
        return
    with fresh_table(connection):
        _run(_write_fresh, batches, progress, jobs)


def _run(write, batches, progress, jobs):
    if jobs <= 1:
        for ids in batches:
            done = write(ids)
            if progress:
                progress(done)
        return
    # Forked workers open their own connections: none may be inherited from this process.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for done in pool.imap_unordered(write, batches):
            if progress:
                progress(done)


def analyze():
    """Fresh planner statistics after a rebuild (the documents' column keeps none: see the
    migration 0002)."""
    alias = router.db_for_write(_articles().model)
    if connections[alias].vendor == "postgresql":
        with connections[alias].cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
