"""The two ways search is stored and asked: PostgreSQL's tsvector and SQLite's FTS5.

Both take the same segmented terms (`search.segment`), so a developer on SQLite sees the
results production gives. Each says three things: how to write documents, which article ids
match a query, and how well each matches (higher is better).
"""

from django.db import connections
from django.utils import timezone
from psycopg2.extras import execute_values

TABLE = "search_searchdocument"
FTS_TABLE = "search_fts"


def for_database(alias):
    connection = connections[alias]
    return (
        PostgresBackend(connection)
        if connection.vendor == "postgresql"
        else SQLiteBackend(connection)
    )


def _by_weight(document):
    segmented = document.segmented()
    return [segmented[weight] for weight in "ABCD"]


def _either(word, inside, quote, conj, disj):
    if not inside:
        return quote(word)
    return f"({quote(word)} {disj} ({f' {conj} '.join(map(quote, inside))}))"


class PostgresBackend:
    # ts_rank_cd's weights for D, C, B, A: a title match outweighs many body matches.
    WEIGHTS = "{0.05,0.1,0.4,1.0}"

    def __init__(self, connection):
        self.connection = connection

    def write(self, documents):
        rows = []
        for doc in documents:
            a, b, c, d = _by_weight(doc)
            rows.append((doc.article_id, doc.titles, doc.published_at, a, b, c, d, a, b))
        if not rows:
            return
        weighted = "setweight(to_tsvector('simple', %s), '{}')".format
        with self.connection.cursor() as cursor:
            # One statement for the batch: executemany would make a round trip per row.
            execute_values(
                cursor.cursor,
                f"INSERT INTO {TABLE} (article_id, titles, published_at, document, titles_vector)"
                " VALUES %s ON CONFLICT (article_id) DO UPDATE SET titles = EXCLUDED.titles,"
                " published_at = EXCLUDED.published_at, document = EXCLUDED.document,"
                " titles_vector = EXCLUDED.titles_vector",
                rows,
                # The terms are segmented already and hold no punctuation: the parser only
                # numbers them (in C, where building the tsvector is cheap).
                template="(%s, %s, %s, "
                + " || ".join(weighted(w) for w in "ABCD")
                + ", "
                + " || ".join(weighted(w) for w in "AB")
                + ")",
                page_size=100,
            )

    @staticmethod
    def _lexeme(term):
        # Terms hold letters and digits only; quoted all the same.
        return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"

    def tsquery(self, query):
        if query.short:
            # The word itself, not a prefix (`武汉:*`): a prefix of one or two characters
            # matches most documents, and the planner then scans them all (10 s at 200,000).
            return self._lexeme(query.short)
        return " & ".join(
            _either(word, inside, self._lexeme, "&", "|") for word, inside in query.words
        )

    def matching_ids(self, query):
        """SQL selecting the ids of matching articles, and its parameters."""
        sql = f"SELECT article_id FROM {TABLE} WHERE document @@ to_tsquery('simple', %s)"
        params = [self.tsquery(query)]
        if query.short:
            # Two reads, not one OR: the LIKE reads only the short titles column, never the
            # documents, and the tsquery is answered by the GIN index.
            sql += f" UNION SELECT article_id FROM {TABLE} WHERE titles LIKE %s"
            params.append(f"%{query.short}%")
        return sql, params

    def newest_matching_ids(self, query, limit):
        """SQL selecting the ids of the `limit` newest matches that have been published, from
        the search table alone (no article row is read), and its parameters.

        The matches are gathered first (MATERIALIZED): otherwise the planner may walk the
        table newest first and test each document, reading thousands of large tsvectors."""
        tsquery = self.tsquery(query)
        sql = f"SELECT article_id, published_at FROM {TABLE} WHERE document @@ to_tsquery('simple', %s)"
        params = [tsquery]
        if query.short:
            sql += f" UNION SELECT article_id, published_at FROM {TABLE} WHERE titles LIKE %s"
            params.append(f"%{query.short}%")
        return (
            f"WITH matches AS MATERIALIZED ({sql}) SELECT article_id FROM matches"
            " WHERE published_at <= %s ORDER BY published_at DESC LIMIT %s",
            [*params, timezone.now(), limit],
        )

    def score(self, query, table):
        """SQL for one article's score (the article's table is `table`), and its parameters.
        Read from the titles' vector: the whole document of each match would be read from
        disk; a body match counts as a title match of rank 0."""
        sql = (
            f"(SELECT ts_rank_cd('{self.WEIGHTS}', d.titles_vector, to_tsquery('simple', %s)) + 0.01"
            " + CASE WHEN d.titles LIKE %s THEN 1.0 ELSE 0 END"
            f" FROM {TABLE} d WHERE d.article_id = {table}.id)"
            f" * (1 + 30.0 / (30 + GREATEST(0, EXTRACT(EPOCH FROM (NOW() - {table}.published_at)) / 86400)))"
        )
        title_like = f"%{query.short}%" if query.short else "\x01"
        return sql, [self.tsquery(query), title_like]


class SQLiteBackend:
    def __init__(self, connection):
        self.connection = connection

    def write(self, documents):
        if not documents:
            return
        with self.connection.cursor() as cursor:
            ids = [(doc.article_id,) for doc in documents]
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", ids)
            adapt = self.connection.ops.adapt_datetimefield_value
            cursor.executemany(
                f"INSERT INTO {TABLE} (article_id, titles, published_at, document, titles_vector)"
                " VALUES (%s, %s, %s, '', '') ON CONFLICT (article_id) DO UPDATE"
                " SET titles = excluded.titles, published_at = excluded.published_at",
                [(doc.article_id, doc.titles, adapt(doc.published_at)) for doc in documents],
            )
            rows = [(doc.article_id, *_by_weight(doc)) for doc in documents]
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, a, b, c, d) VALUES (%s, %s, %s, %s, %s)", rows
            )

    @staticmethod
    def _phrase(term):
        return '"' + term.replace('"', '""') + '"'

    def match(self, query):
        if query.short:
            return self._phrase(query.short)
        return " AND ".join(
            _either(word, inside, self._phrase, "AND", "OR") for word, inside in query.words
        )

    def matching_ids(self, query):
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        params = [self.match(query)]
        if query.short:
            sql += f" UNION SELECT article_id FROM {TABLE} WHERE titles LIKE %s"
            params.append(f"%{query.short}%")
        return sql, params

    def newest_matching_ids(self, query, limit):
        sql, params = self.matching_ids(query)
        now = self.connection.ops.adapt_datetimefield_value(timezone.now())
        return (
            f"SELECT article_id FROM {TABLE} WHERE article_id IN ({sql}) AND published_at <= %s"
            " ORDER BY published_at DESC LIMIT %s",
            [*params, now, limit],
        )

    def score(self, query, table):
        """Words found in the titles (headlines and summary), else 0.01 for a body match,
        times the recency factor. Not bm25: FTS5 would run the whole query again for each
        candidate, seconds for a common word."""
        words = [query.short] if query.short else [word for word, _inside in query.words]
        in_titles = " + ".join(["(d.titles LIKE %s)"] * len(words))
        sql = (
            f"(SELECT {in_titles} + 0.01 FROM {TABLE} d WHERE d.article_id = {table}.id)"
            f" * (1 + 30.0 / (30 + MAX(0, julianday('now') - julianday({table}.published_at))))"
        )
        return sql, [f"%{word}%" for word in words]
