"""`Article.objects.search(q)`: the one entry point; the view and the admin never ask which
database they run on."""

from collections import Counter

from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

from .backends import for_database
from .query import Query, parse

# A query that matches more is ranked among its newest matches on the whole site: in news, a
# reader asking for a word that thousands of articles hold wants the recent ones, and reading
# every match of a common word would cost seconds. Filters (section, source, dates) narrow
# these newest matches.
CANDIDATES = 1000


def condition(query, using="default"):
    """A Q matching the articles that match `query` (None when it cannot be searched), to
    combine with other conditions (the admin's search by id)."""
    if not isinstance(query, Query):
        query = parse(query)
    if not query:
        return None
    return Q(pk__in=RawSQL(*for_database(using).matching_ids(query)))


def editors_condition(query, using="default", among=None):
    """For the admin: a Q matching the articles found for `query` whatever their state (None
    when it cannot be searched), and whether some were left out. Bounded as readers' search
    is: the CANDIDATES newest published matches, and as many of those to be published
    (scheduled) and of those never published (the newest created), each read a window at a
    time; counting every match of a common word cost more than the whole page. Given `among`
    (a few article ids: all a writer may see), every match among them, each document read."""
    if not isinstance(query, Query):
        query = parse(query)
    if not query:
        return None, False
    backend = for_database(using)
    with connections[using].cursor() as cursor:
        if among is not None:
            # Read once here: as a subquery, the count and the page each read every document.
            cursor.execute(*backend.matching_among(query, among))
            found = [row[0] for row in cursor.fetchall()]
            return Q(pk__in=RawSQL(*backend.listed_ids(found))), False
        cursor.execute(*backend.editors_matching_ids(query, CANDIDATES))
        rows = cursor.fetchall()
    parts = Counter(part for _id, part in rows)
    capped = any(n >= CANDIDATES for n in parts.values())
    return Q(pk__in=RawSQL(*backend.listed_ids({row[0] for row in rows}))), capped


def search(queryset, query, ranked=True):
    """The articles of `queryset` matching `query` (text or a parsed Query).

    Ranked: at most CANDIDATES newest matches, annotated with `search_rank` (text relevance
    times a recency factor), best first; the candidates are read here, once, rather than by
    each query of the result (a page of results counts them, then ranks them). Not ranked:
    every match, in the queryset's order.
    """
    if not isinstance(query, Query):
        query = parse(query)
    if not query:
        return queryset.none()
    backend = for_database(queryset.db)
    if not ranked:
        return queryset.filter(condition(query, queryset.db))
    table = queryset.model._meta.db_table
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(*backend.newest_matching_ids(query, CANDIDATES))
        candidates = [row[0] for row in cursor.fetchall()]
    if not candidates:
        return queryset.none()
    return (
        queryset.filter(pk__in=RawSQL(*backend.listed_ids(candidates)))
        .annotate(search_rank=RawSQL(*backend.score(query, table)))
        .order_by("-search_rank", "-published_at", "-pk")
    )
