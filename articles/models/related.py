"""The articles an article page links to: related articles and its neighbours in its section.

One hand-written query: built with the ORM, its dozen bounded reads cost the article page more
Python than rendering the rest of the page. Its text depends only on the article's number of
tags and whether it has a publish time, so it is written once per such shape and, on
PostgreSQL, prepared on the server once per session. Every read restates what
`ArticleQuerySet.published()` says a reader may see (published, its time come), through
`published_condition` below, which compiles that method's own condition;
tests/test_related_articles.py holds the two to the same drafts, scheduled and withdrawn articles.

A tag's newest articles are read from the tag links alone, through their copies of the
article's status and publish time (see `TaggedArticle`): the same compiled condition applies
to them, and one index serves it, however common or rare the tag. The outer query checks
the articles themselves again, so a copy out of date could only leave an article out.
"""

import functools

from django.db import connections
from django.utils import timezone

from ..prepared import PreparedStatement

READ = {"id", "headline", "list_title", "published_at", "section_id"}


@functools.lru_cache(maxsize=16)
def _published_where(using, alias):
    """`ArticleQuerySet.published()`'s condition compiled once by the ORM, for a stand-in moment,
    with the article table renamed `alias`: the rule stays written in one place."""
    from ..prepared import STAND_IN_MOMENT
    from .article import Article

    query = Article.objects.published(STAND_IN_MOMENT).query
    compiler = query.get_compiler(using)
    sql, params = compiler.compile(query.where)
    table = compiler.quote_name_unless_alias(Article._meta.db_table)
    moment = connections[using].ops.adapt_datetimefield_value(STAND_IN_MOMENT)
    return sql.replace(f"{table}.", f"{alias}."), tuple(params), params.index(moment)


def published_condition(alias, at, using="default"):
    """The SQL of `ArticleQuerySet.published(at)` for the article table under `alias`, `at` as
    the database takes it."""
    sql, params, moment = _published_where(using, alias)
    params = list(params)
    params[moment] = at
    return sql, params


def related_and_adjacent(article, count, using="default"):
    """`(related, previous, next)` for `article`: see `ArticleQuerySet.related_and_adjacent`."""
    from .article import Article
    from .sections import Section

    connection = connections[using]
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    tag_ids = [tag.pk for tag in article.tags.all()]
    adjacent = article.published_at is not None
    _, published = published_condition("a", at, using)
    params = [article.section_id, *published]
    for tag_id in tag_ids:
        params += [tag_id, *published]
    if adjacent:
        key = [connection.ops.adapt_datetimefield_value(article.published_at), article.pk]
        params += [article.section_id, *key, *published] * 2
    params += [*published, article.pk]
    statement = _statement(using, connection.vendor, len(tag_ids), adjacent, count)
    fields, converters = _columns(using)
    rows = []
    for values in statement.rows(params, using):
        values = list(values)
        for index, column, functions in converters:
            for function in functions:
                values[index] = function(values[index], column, connection)
        rows.append(values)
    # Some thirty candidates come back; only the page's few become articles.
    when, pk, section_id = (fields.index(name) for name in ("published_at", "id", "section_id"))
    sections = {}

    def instance(values):
        row = Article.from_db(using, fields, values[: len(fields)])
        section = sections.get(row.section_id)
        if section is None:
            section = sections[row.section_id] = Section.from_db(
                using, ["id", "name", "slug", "path"], [row.section_id, *values[len(fields) :]]
            )
        row.section = section
        return row

    related = [instance(values) for values in rows[:count]]
    if not adjacent:
        return related, None, None
    made = {row.pk: row for row in related}
    key = (article.published_at, article.pk)
    same = [values for values in rows if values[section_id] == article.section_id]
    older = [values for values in same if (values[when], values[pk]) < key]
    newer = [values for values in same if (values[when], values[pk]) > key]

    def neighbour(values):
        return made.get(values[pk]) or instance(values)

    return (
        related,
        neighbour(older[0]) if older else None,
        neighbour(newer[-1]) if newer else None,
    )


@functools.lru_cache(maxsize=64)
def _statement(using, vendor, tag_count, adjacent, count):
    """The query for an article with `tag_count` tags, with (`adjacent`) or without a publish
    time, and `count` related articles."""
    from .article import Article
    from .sections import Section
    from .tags import TaggedArticle

    table = Article._meta.db_table
    published, _ = published_condition("a", None, using)
    newest = "ORDER BY a.published_at DESC, a.id DESC"
    reads = [
        f"SELECT a.id FROM {table} a WHERE a.section_id = %s AND {published} {newest} "
        f"LIMIT {count + 1:d}"
    ]
    linked, _ = published_condition("t", None, using)
    reads += [
        f"SELECT t.content_object_id AS id FROM {TaggedArticle._meta.db_table} t "
        f"WHERE t.tag_id = %s AND {linked} "
        f"ORDER BY t.published_at DESC, t.content_object_id DESC LIMIT {count + 1:d}"
    ] * tag_count
    if adjacent:
        # The article's own time first: SQLite bounds its index range by the first bound it
        # meets, and from the moment down it walked every newer article of the section.
        for side, order in (("<", "DESC"), (">", "ASC")):
            reads.append(
                f"SELECT a.id FROM {table} a WHERE a.section_id = %s "
                f"AND (a.published_at, a.id) {side} (%s, %s) AND {published} "
                f"ORDER BY a.published_at {order}, a.id {order} LIMIT 1"
            )
    # A bounded read (LIMIT) is one part of a UNION only in a FROM, for SQLite.
    union = " UNION ALL ".join(
        f"SELECT id FROM ({read}) AS read{n}" for n, read in enumerate(reads)
    )
    # The article's columns in the model's order, as `Model.from_db` takes them.
    columns = ", ".join(f"a.{name}" for name in _columns(using)[0])
    sql = (
        f"SELECT {columns}, s.name, s.slug, s.path "
        f"FROM {table} a INNER JOIN {Section._meta.db_table} s ON s.id = a.section_id "
        f"WHERE a.id IN ({union}) AND {published} AND a.id <> %s {newest}"
    )
    return PreparedStatement(f"related_{tag_count}_{adjacent:d}_{count}", sql)


@functools.lru_cache(maxsize=4)
def _columns(using):
    """The article fields the query reads, and the database's converters of their values."""
    from .article import Article

    connection = connections[using]
    fields = [field.attname for field in Article._meta.concrete_fields if field.attname in READ]
    converters = []
    for index, name in enumerate(fields):
        column = Article._meta.get_field(name).get_col(Article._meta.db_table)
        functions = connection.ops.get_db_converters(column)
        functions += column.get_db_converters(connection)
        if functions:
            converters.append((index, column, functions))
    return fields, converters
