from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Beyond this many rows a change list's count is an estimate (unfiltered) or capped: an editor
# pages through 500 pages of 100 at most, and counting 200,000 rows on each click cost more
# than showing the page.
COUNT_CAP = 50_000


class LargeTablePaginator(Paginator):
    """A change list paginator that does not count a large table on every page.

    Unfiltered, PostgreSQL's own estimate of the table's rows (kept by ANALYZE and autovacuum)
    is used once it passes the cap; filtered, rows are counted up to the cap, so the page links
    reach every page up to it and a filter's count is exact below it.
    """

    @cached_property
    def count(self):
        queryset = self.object_list
        estimate = self._estimate(queryset)
        if estimate is not None and estimate > COUNT_CAP:
            return estimate
        return queryset.order_by().values("pk")[:COUNT_CAP].count()

    def _estimate(self, queryset):
        connection = connections[queryset.db]
        if connection.vendor != "postgresql" or queryset.query.where:
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [queryset.model._meta.db_table],
            )
            row = cursor.fetchone()
        return row[0] if row and row[0] > 0 else None
