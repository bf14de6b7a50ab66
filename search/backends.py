"""The two ways search is stored and asked: PostgreSQL's tsvector and SQLite's FTS5.

Both take the same segmented terms (`search.segment`), so a developer on SQLite sees the
results production gives. Each says three things: how to write documents, which article ids
match a query, and how well each matches (higher is better).
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

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


# The calendar months (UTC) each part of a ranked search reads, newest first, then everything
# older: a common word fills its 1,000 candidates from the latest month; a rare one reads every
# part, each cheaply.
WINDOW_MONTHS = (1, 1, 2, 4, 8, 24)


@dataclass
class Window:
    months: list  # [(year, month)], newest first; empty for the last window (all older)
    start: object  # the first instant of the window (None: no limit)
    end: object  # the first instant after the window (None: now, included)


def _month(now, back):
    index = now.year * 12 + now.month - 1 - back
    return index // 12, index % 12 + 1


def _month_start(year, month):
    return datetime(year, month, 1, tzinfo=UTC)


def windows(now):
    found, back, end = [], 0, None
    for span in WINDOW_MONTHS:
        months = [_month(now, back + n) for n in range(span)]
        start = _month_start(*months[-1])
        found.append(Window(months, start, end))
        back, end = back + span, start
    found.append(Window([], None, end))
    return found


def month_term(year, month):
    """The lexeme naming a month in a document: `_` keeps it apart from every word, since
    terms never hold one (`search.segment.TERM`)."""
    return f"_m{year:04d}{month:02d}"


# The lexeme of a document without a publish time (a draft never published): the editors'
# search reads those matches as it reads a month's.
UNPUBLISHED_TERM = "_mnone"

# The months after this one whose lexemes the editors' search reads for scheduled articles;
# later ones (rare) are read through the publish-time index.
SCHEDULED_MONTHS = 24

# Parts of the editors' candidates, each capped on its own (`editors_matching_ids`).
SCHEDULED, PUBLISHED, UNPUBLISHED = 0, 1, 2


def _either(word, inside, quote, conj, disj):
    if not inside:
        return quote(word)
    return f"({quote(word)} {disj} ({f' {conj} '.join(map(quote, inside))}))"


class PostgresBackend:
    # ts_rank_cd's weights for D, C, B, A: a title match outweighs many body matches.
    WEIGHTS = "{0.05,0.1,0.4,1.0}"

    def __init__(self, connection):
        self.connection = connection

    def write(self, documents, table=TABLE, replace=True):
        """Insert or replace the documents; with `replace` false, a document already in
        `table` is kept (a rebuild's table, where the live table's writes arrive first)."""
        rows = [
            (doc.article_id, doc.published_at, *_by_weight(doc), self._month_lexeme(doc))
            for doc in documents
        ]
        if not rows:
            return
        weighted = "setweight(to_tsvector('simple', %s), '{}')".format
        conflict = (
            "DO UPDATE SET published_at = EXCLUDED.published_at, document = EXCLUDED.document"
            if replace
            else "DO NOTHING"
        )
        with self.connection.cursor() as cursor:
            # One statement for the batch: executemany would make a round trip per row.
            execute_values(
                cursor.cursor,
                f"INSERT INTO {table} (article_id, published_at, document) VALUES %s"
                f" ON CONFLICT (article_id) {conflict}",
                rows,
                # The terms are segmented already and hold no punctuation: the parser only
                # numbers them (in C, where building the tsvector is cheap).
                template="(%s, %s, "
                + " || ".join(weighted(w) for w in "ABCD")
                + " || %s::tsvector)",
                page_size=100,
            )

    @staticmethod
    def _month_lexeme(doc):
        when = doc.published_at
        if when is None:
            return f"'{UNPUBLISHED_TERM}'"
        when = when.astimezone(UTC)
        return f"'{month_term(when.year, when.month)}'"

    @staticmethod
    def _lexeme(term):
        # Terms hold letters and digits only; quoted all the same.
        return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"

    def tsquery(self, query):
        if query.short:
            # The word itself (a word of the text, or a string of the titles), not a prefix
            # (`武汉:*`): a prefix of one or two characters matches most documents.
            return self._lexeme(query.short)
        return " & ".join(
            _either(word, inside, self._lexeme, "&", "|") for word, inside in query.words
        )

    def matching_ids(self, query):
        """SQL selecting the ids of matching articles, and its parameters."""
        return (
            f"SELECT article_id FROM {TABLE} WHERE document @@ to_tsquery('simple', %s)",
            [self.tsquery(query)],
        )

    def newest_matching_ids(self, query, limit):
        """SQL selecting the ids of the `limit` newest matches that have been published, from
        the search table alone (no article row is read), and its parameters.

        One part per window of months (`windows`), newest first; once `limit` ids are found
        the later parts are not run at all. A document holds its month as a lexeme, so the GIN
        index finds a word's matches of some months by reading that month's entries and only
        looking the word up for them (GIN's fast scan: `武汉`, in 89% of the benchmark's
        articles, costs what a month of articles costs, not its 178,000 matches); only those
        rows are then visited to sort them by time."""
        tsquery = self.tsquery(query)
        now = timezone.now()
        parts, params = [], []
        for window in windows(now):
            if window.months:
                where = "document @@ (to_tsquery('simple', %s) && %s::tsquery)"
                months = " | ".join(f"'{month_term(*month)}'" for month in window.months)
                params += [tsquery, months]
            else:
                where = "document @@ to_tsquery('simple', %s) AND published_at < %s"
                params += [tsquery, window.end]
            parts.append(
                f"(SELECT article_id FROM {TABLE} WHERE {where} AND published_at <= %s"
                " ORDER BY published_at DESC LIMIT %s)"
            )
            params += [now, limit]
        return f"SELECT * FROM ({' UNION ALL '.join(parts)}) newest LIMIT %s", [*params, limit]

    def matching_among(self, query, ids):
        """SQL selecting the ids of `ids` whose documents match, and its parameters."""
        return (
            f"SELECT article_id FROM {TABLE} WHERE article_id = ANY(%s::bigint[])"
            " AND document @@ to_tsquery('simple', %s)",
            [list(ids), self.tsquery(query)],
        )

    def editors_matching_ids(self, query, limit):
        """SQL selecting (id, part) of the matches editors may look for, whatever their state,
        and its parameters: up to `limit` of each part, read as the readers' windows are.
        SCHEDULED: a publish time to come (this month's and the next months' lexemes, later
        ones through the publish-time index); PUBLISHED: the newest published
        (`newest_matching_ids`, whatever the article's status now); UNPUBLISHED: no publish
        time (their lexeme), the newest created first."""
        tsquery = self.tsquery(query)
        now = timezone.now()
        coming = [_month(now, -n) for n in range(SCHEDULED_MONTHS + 1)]
        later = _month_start(*_month(now, -SCHEDULED_MONTHS - 1))
        newest, newest_params = self.newest_matching_ids(query, limit)
        # `+ interval '0 s'`: the planner, which cannot estimate the words' matches, read the
        # scheduled range through the publish-time index and every one of its documents to test
        # the words (13 ms for no match at 200,000); the months' GIN entries take 0.1 ms.
        sql = (
            f"(SELECT article_id, {SCHEDULED} FROM {TABLE}"
            " WHERE document @@ (to_tsquery('simple', %s) && %s::tsquery)"
            " AND published_at + interval '0 s' > %s ORDER BY published_at LIMIT %s)"
            f" UNION ALL (SELECT article_id, {SCHEDULED} FROM {TABLE}"
            " WHERE published_at >= %s AND document @@ to_tsquery('simple', %s)"
            " ORDER BY published_at LIMIT %s)"
            f" UNION ALL (SELECT article_id, {UNPUBLISHED} FROM {TABLE}"
            " WHERE document @@ (to_tsquery('simple', %s) && %s::tsquery)"
            " AND published_at IS NULL ORDER BY article_id DESC LIMIT %s)"
            f" UNION ALL (SELECT article_id, {PUBLISHED} FROM ({newest}) published)"
        )
        months = " | ".join(f"'{month_term(*month)}'" for month in coming)
        params = [
            *(tsquery, months, now, limit),
            *(later, tsquery, limit),
            *(tsquery, f"'{UNPUBLISHED_TERM}'", limit),
            *newest_params,
        ]
        return sql, params

    @staticmethod
    def listed_ids(ids):
        """SQL selecting `ids`, and its parameters: one array, not a parameter per id (a
        thousand of them took Django 2 ms to prepare, for each query of a page)."""
        return "SELECT unnest(%s::bigint[])", [list(ids)]

    def score(self, query, table):
        """SQL for one article's score (the article's table is `table`), and its parameters:
        the whole weighted document's cover density times recency."""
        sql = (
            f"(SELECT ts_rank_cd('{self.WEIGHTS}', d.document, to_tsquery('simple', %s))"
            f" FROM {TABLE} d WHERE d.article_id = {table}.id)"
            f" * (1 + 30.0 / (30 + GREATEST(0, EXTRACT(EPOCH FROM (NOW() - {table}.published_at)) / 86400)))"
        )
        return sql, [self.tsquery(query)]


class SQLiteBackend:
    # Points for a query word found in the columns A, B, C, D (as in PostgreSQL's weights).
    COLUMN_POINTS = {"a": 1.0, "b": 0.4, "c": 0.1, "d": 0.05}
    # Words of a query that count in its score (each costs four reads of the FTS index).
    SCORED_WORDS = 4

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
                f"INSERT INTO {TABLE} (article_id, published_at, document) VALUES (%s, %s, '')"
                " ON CONFLICT (article_id) DO UPDATE SET published_at = excluded.published_at",
                [(doc.article_id, adapt(doc.published_at)) for doc in documents],
            )
            rows = [(doc.article_id, *_by_weight(doc)) for doc in documents]
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, a, b, c, d) VALUES (%s, %s, %s, %s, %s)", rows
            )

    @staticmethod
    def _phrase(term):
        return '"' + term.replace('"', '""') + '"'

    def _words(self, query):
        """The MATCH expression of each query word (one word, or all the words inside it)."""
        if query.short:
            return [self._phrase(query.short)]
        return [_either(word, inside, self._phrase, "AND", "OR") for word, inside in query.words]

    def match(self, query):
        return " AND ".join(self._words(query))

    def matching_ids(self, query):
        return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [self.match(query)]

    def _few_matches(self, match, limit):
        """The ids FTS5 matches when they are at most `limit`, else None. Walking the windows
        for a word that few documents hold read every window's publish times (15 ms at
        20,000 articles for no match); FTS5 stops after `limit` + 1 of a common word's."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s",
                [match, limit + 1],
            )
            ids = [row[0] for row in cursor.fetchall()]
        return ids if len(ids) <= limit else None

    def newest_matching_ids(self, query, limit):
        """As PostgreSQL's: the matches of each time window in turn, newest first, until
        `limit` are found (the publish-time index gives each window's rows); when FTS5 holds
        at most `limit` matches, those, read by id."""
        adapt = self.connection.ops.adapt_datetimefield_value
        match = self.match(query)
        now = timezone.now()
        few = self._few_matches(match, limit)
        if few is not None:
            return (
                f"SELECT article_id FROM {TABLE} WHERE article_id IN (SELECT value FROM"
                " json_each(%s)) AND published_at <= %s ORDER BY published_at DESC",
                [json.dumps(few), adapt(now)],
            )
        return self._windows(match, now, limit)

    def _windows(self, match, now, limit):
        adapt = self.connection.ops.adapt_datetimefield_value
        parts, params = [], []
        for window in windows(now):
            bounds, values = ["published_at <= %s"], [now]
            if window.end:
                bounds.append("published_at < %s")
                values.append(window.end)
            if window.start:
                bounds.append("published_at >= %s")
                values.append(window.start)
            parts.append(
                f"SELECT * FROM (SELECT article_id FROM {TABLE} WHERE {' AND '.join(bounds)}"
                f" AND article_id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
                " ORDER BY published_at DESC LIMIT %s)"
            )
            params += [*map(adapt, values), match, limit]
        return f"SELECT * FROM ({' UNION ALL '.join(parts)}) LIMIT %s", [*params, limit]

    def matching_among(self, query, ids):
        return (
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            " AND rowid IN (SELECT value FROM json_each(%s))",
            [self.match(query), json.dumps(list(ids))],
        )

    def editors_matching_ids(self, query, limit):
        """As PostgreSQL's: (id, part), up to `limit` of each part; when FTS5 holds at most
        `limit` matches, all of them, read by id."""
        adapt = self.connection.ops.adapt_datetimefield_value
        now = adapt(timezone.now())
        match_text = self.match(query)
        few = self._few_matches(match_text, limit)
        if few is not None:
            return (
                f"SELECT article_id, CASE WHEN published_at IS NULL THEN {UNPUBLISHED}"
                f" WHEN published_at > %s THEN {SCHEDULED} ELSE {PUBLISHED} END FROM {TABLE}"
                " WHERE article_id IN (SELECT value FROM json_each(%s))",
                [now, json.dumps(few)],
            )
        match = f"article_id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
        newest, newest_params = self._windows(match_text, timezone.now(), limit)
        sql = (
            f"SELECT * FROM (SELECT article_id, {SCHEDULED} FROM {TABLE}"
            f" WHERE published_at > %s AND {match} ORDER BY published_at LIMIT %s)"
            f" UNION ALL SELECT * FROM (SELECT article_id, {UNPUBLISHED} FROM {TABLE}"
            f" WHERE published_at IS NULL AND {match} ORDER BY article_id DESC LIMIT %s)"
            f" UNION ALL SELECT article_id, {PUBLISHED} FROM ({newest})"
        )
        params = [*(now, match_text, limit), *(match_text, limit), *newest_params]
        return sql, params

    @staticmethod
    def listed_ids(ids):
        """SQL selecting `ids`, and its parameters (one JSON array, as PostgreSQL's one array)."""
        return "SELECT value FROM json_each(%s)", [json.dumps(list(ids))]

    def score(self, query, table):
        """Points for each query word found in each column (a title match outweighs a body
        match), times the recency factor. Not FTS5's bm25: asked per candidate, it reads the
        whole index of each word again (27 s for `武汉` at 20,000 articles). Each `IN` reads
        the index once for the whole statement."""
        terms, params = [], []
        for word in self._words(query)[: self.SCORED_WORDS]:
            for column, points in self.COLUMN_POINTS.items():
                terms.append(
                    f"{points} * ({table}.id IN (SELECT rowid FROM {FTS_TABLE}"
                    f" WHERE {FTS_TABLE} MATCH %s))"
                )
                params.append(f"{{{column}}} : ({word})")
        sql = (
            f"(0.01 + {' + '.join(terms)})"
            f" * (1 + 30.0 / (30 + MAX(0, julianday('now') - julianday({table}.published_at))))"
        )
        return sql, params
