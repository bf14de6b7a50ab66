"""The articles an article page links to: related articles and its neighbours in its section.

One hand-written query, built in microseconds: built with the ORM, its dozen bounded reads cost
the article page more Python than rendering the rest of the page. Every read restates what
`ArticleQuerySet.published()` says a reader may see (published, its time come), through
`published_condition` below, which compiles that method's own condition; tests/test_related_articles.py
holds the two to the same drafts, scheduled and withdrawn articles.
"""

import functools

from django.db import connections
from django.utils import timezone

# On SQLite, a tag's newest articles are looked for among the site's newest this many first (see
# `_recent_tagged_sqlite`).
RECENT_WINDOW = 1000


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
    reads, params = [], []

    def read(sql, sql_params):
        reads.append(_part(sql, f"read{len(reads)}"))
        params.extend(sql_params)

    published, published_params = published_condition("a", at)
    newest = "ORDER BY a.published_at DESC, a.id DESC"
    table = Article._meta.db_table
    read(
        f"SELECT a.id FROM {table} a WHERE a.section_id = %s AND {published} {newest} "
        f"LIMIT {count + 1:d}",
        [article.section_id, *published_params],
    )
    prefix, prefix_params = "", []
    tag_read = _tag_read
    if connection.vendor == "sqlite" and tag_ids:
        prefix, prefix_params = _recent_tagged_sqlite(tag_ids, at)
        tag_read = _tag_read_sqlite
    for n, tag_id in enumerate(tag_ids):
        tag_sql, tag_params = tag_read(tag_id, count + 1, at, f"tag{n}")
        reads.append(tag_sql)
        params.extend(tag_params)
    if article.published_at is not None:
        key = [connection.ops.adapt_datetimefield_value(article.published_at), article.pk]
        for side, order in (("<", "DESC"), (">", "ASC")):
            read(
                f"SELECT a.id FROM {table} a WHERE a.section_id = %s AND {published} "
                f"AND (a.published_at, a.id) {side} (%s, %s) "
                f"ORDER BY a.published_at {order}, a.id {order} LIMIT 1",
                [article.section_id, *published_params, *key],
            )
    sql = (
        f"{prefix}SELECT a.id, a.headline, a.list_title, a.published_at, a.section_id, "
        f"s.name AS section_name, s.slug AS section_slug, s.path AS section_path "
        f"FROM {table} a INNER JOIN {Section._meta.db_table} s ON s.id = a.section_id "
        f"WHERE a.id IN ({' UNION ALL '.join(reads)}) AND a.id <> %s {newest}"
    )
    rows = list(Article.objects.db_manager(using).raw(sql, [*prefix_params, *params, article.pk]))
    sections = {}
    for row in rows:
        if row.section_id not in sections:
            sections[row.section_id] = Section.from_db(
                using,
                ["id", "name", "slug", "path"],
                [row.section_id, row.section_name, row.section_slug, row.section_path],
            )
        row.section = sections[row.section_id]
        del row.section_name, row.section_slug, row.section_path
    if article.published_at is None:
        return rows[:count], None, None
    key = (article.published_at, article.pk)
    same = [row for row in rows if row.section_id == article.section_id]
    older = [row for row in same if (row.published_at, row.pk) < key]
    newer = [row for row in same if (row.published_at, row.pk) > key]
    return rows[:count], older[0] if older else None, newer[-1] if newer else None


def _part(sql, alias):
    """A bounded read (LIMIT) as one part of a UNION, which SQLite accepts only in a FROM."""
    return f"SELECT id FROM ({sql}) AS {alias}"


def _tag_read(tag_id, limit, at, alias):
    """The newest `limit` published articles with the tag: PostgreSQL knows how common each tag
    is, and walks the newest articles of the site for a common one, the tag's links for a rare
    one."""
    from .article import Article
    from .tags import TaggedArticle

    published, params = published_condition("a", at)
    sql = (
        f"SELECT a.id FROM {Article._meta.db_table} a "
        f"INNER JOIN {TaggedArticle._meta.db_table} t ON t.content_object_id = a.id "
        f"WHERE t.tag_id = %s AND {published} "
        f"ORDER BY a.published_at DESC, a.id DESC LIMIT {limit:d}"
    )
    return _part(sql, alias), [tag_id, *params]


def _recent_tagged_sqlite(tag_ids, at):
    """The tag links of the site's newest RECENT_WINDOW articles to `tag_ids`, as a WITH
    clause: SQLite cannot tell a common tag from a rare one, and sorted all 80,000 articles of
    the most common tag for each page."""
    from .article import Article
    from .tags import TaggedArticle

    published, params = published_condition("a", at)
    marks = ", ".join(["%s"] * len(tag_ids))
    return (
        f"WITH recent AS (SELECT a.id, a.published_at FROM {Article._meta.db_table} a "
        f"WHERE {published} ORDER BY a.published_at DESC, a.id DESC LIMIT {RECENT_WINDOW:d}), "
        f"recent_tagged AS (SELECT r.id, r.published_at, t.tag_id FROM recent r "
        f"INNER JOIN {TaggedArticle._meta.db_table} t ON t.content_object_id = r.id "
        f"WHERE t.tag_id IN ({marks})) ",
        [*params, *tag_ids],
    )


def _tag_read_sqlite(tag_id, limit, at, alias):
    """The same as `_tag_read` on SQLite: the tag's newest among the site's newest articles
    (`recent_tagged`); only when they hold fewer than `limit` of it are all its articles
    sorted (a rare tag, or one not used lately). A LIMIT of 0 skips that read entirely."""
    from .article import Article
    from .tags import TaggedArticle

    published, params = published_condition("a", at)
    recent = (
        f"SELECT id FROM recent_tagged WHERE tag_id = %s "
        f"ORDER BY published_at DESC, id DESC LIMIT {limit:d}"
    )
    every = (
        f"SELECT a.id FROM {Article._meta.db_table} a "
        f"INNER JOIN {TaggedArticle._meta.db_table} t ON t.content_object_id = a.id "
        f"WHERE t.tag_id = %s AND {published} ORDER BY a.published_at DESC, a.id DESC "
        f"LIMIT CASE WHEN (SELECT COUNT(*) FROM recent_tagged WHERE tag_id = %s) < {limit:d} "
        f"THEN {limit:d} ELSE 0 END"
    )
    return (
        f"{_part(recent, f'{alias}_recent')} UNION ALL {_part(every, f'{alias}_all')}",
        [tag_id, tag_id, *params, tag_id],
    )
