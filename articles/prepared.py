"""Queries compiled once per shape and run again with new values.

Building and compiling the front page's `UNION ALL` of some fifteen short reads (about 80
`filter()` calls) cost more CPU than PostgreSQL took to run it. Its SQL depends only on the page's
layout: the blocks, their sizes, the sections they draw on and how many articles editors placed;
only the moment (`at`) and the placed articles' ids change between renders. So the query is built
by the ORM once per layout, with stand-in values for those two, and its SQL kept in this process;
later renders put the real values in the stand-ins' places. The navigation of every page
(`navigation_sections`) is read the same way: its SQL never changes, only the moment.
"""

import itertools
import re
from datetime import UTC, datetime

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.query import get_prefetcher, get_related_populators
from django.utils import timezone

# Values no real query holds: a moment long before any article, and negative ids.
STAND_IN_MOMENT = datetime(1970, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
# A text no real query holds (the query built with it is compiled, never run).
STAND_IN_TEXT = "\ufffestand-in-"
# A layout that no longer exists stays until the process ends; bounded all the same.
MOST_SHAPES = 256


def stand_in_ids(count):
    return [-(n + 1) for n in range(count)]


def server_statement(sql, params=None, varying=None):
    """`sql` with PostgreSQL's numbered placeholders, for `PREPARE`; with `varying` (the
    positions of the `params` that change from run to run), the others written into it: the
    front page's fallbacks name some 3,000 sections and ids, which took PostgreSQL longer to
    parse, sent with every run, than to plan and run the query."""
    count, position = itertools.count(1), itertools.count()

    def placeholder(match):
        if match.group(1) == "%":
            return "%"
        n = next(position)
        if varying is None or n in varying:
            return f"${next(count)}"
        return connection.ops.compose_sql("%s", [params[n]])

    return re.sub(r"%(s|%)", placeholder, sql)


def execute_prepared(cursor, name, server_sql, params):
    """Run statement `name` (`PREPARE`d once per database session: a prepared statement
    outlives a rolled back transaction, and ends with its session)."""
    raw = connection.connection
    done = getattr(connection, "newsroom_prepared", None)
    if done is None or done[0] is not raw:
        done = connection.newsroom_prepared = (raw, set())
    if name not in done[1]:
        cursor.execute(f"PREPARE {name} AS {server_sql}")
        done[1].add(name)
    if params:
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})", params)
    else:
        cursor.execute(f"EXECUTE {name}")


class PreparedStatement:
    """Hand-written SQL whose text depends only on its shape: on PostgreSQL, prepared on the
    server once per database session and executed by name; elsewhere run as it is."""

    def __init__(self, name, sql):
        self.name, self.sql, self.server_sql = name, sql, server_statement(sql)

    def rows(self, params, using=DEFAULT_DB_ALIAS):
        db = connections[using]
        with db.cursor() as cursor:
            if db.vendor == "postgresql" and using == DEFAULT_DB_ALIAS:
                execute_prepared(cursor, self.name, self.server_sql, params)
            else:
                cursor.execute(self.sql, params)
            return cursor.fetchall()


class PreparedQuery:
    def __init__(self, sql, params, model, columns, name=None):
        moment = connection.ops.adapt_datetimefield_value(STAND_IN_MOMENT)
        self.sql, self.params = sql, list(params)
        self.moments = [n for n, value in enumerate(self.params) if value == moment]
        self.ids = [
            (n, -value - 1)
            for n, value in enumerate(self.params)
            if type(value) is int and value < 0
        ]
        self.texts = [
            (n, int(value.removeprefix(STAND_IN_TEXT)))
            for n, value in enumerate(self.params)
            if type(value) is str and value.startswith(STAND_IN_TEXT)
        ]
        self.model, self.columns = model, columns
        self._converters = None
        self.name = name if name and connection.vendor == "postgresql" else None
        self.varying = sorted(
            [*self.moments, *(n for n, _ in self.ids), *(n for n, _ in self.texts)]
        )
        self.server_sql = server_statement(sql, params, set(self.varying)) if self.name else None

    def params_for(self, at, ids, texts=()):
        params = list(self.params)
        moment = connection.ops.adapt_datetimefield_value(at)
        for n in self.moments:
            params[n] = moment
        for n, index in self.ids:
            params[n] = ids[index]
        for n, index in self.texts:
            params[n] = texts[index]
        return params

    def run(self, at, ids, texts=()):
        with connection.cursor() as cursor:
            params = self.params_for(at, ids, texts)
            if self.name is None:
                cursor.execute(self.sql, params)
            else:
                varying = [params[n] for n in self.varying]
                execute_prepared(cursor, self.name, self.server_sql, varying)
            rows = cursor.fetchall()
        return [self._converted(row) for row in rows] if self.converters() else rows

    def instances(self, at, ids=(), texts=()):
        """The rows as model instances (a query of whole rows, without related ones)."""
        names = [field.attname for field in self.model._meta.concrete_fields]
        rows = self.run(at, ids, texts)
        return [self.model.from_db(connection.alias, names, row) for row in rows]

    def converters(self):
        if self._converters is None:
            found = []
            meta = self.model._meta
            for index, name in enumerate(self.columns):
                if name is None:
                    continue
                expression = meta.get_field(name).get_col(meta.db_table)
                functions = connection.ops.get_db_converters(expression)
                functions += expression.get_db_converters(connection)
                if functions:
                    found.append((index, expression, functions))
            self._converters = found
        return self._converters

    def _converted(self, row):
        row = list(row)
        for index, expression, functions in self._converters:
            for function in functions:
                row[index] = function(row[index], expression, connection)
        return tuple(row)


_prepared = {}


def prepared(shape, build, columns=None, id_count=0, text_count=0, name=None):
    """The query of `shape` (any hashable description of what its SQL depends on), built by
    `build(stand_in_moment, stand_in_ids)` the first time, with `id_count` stand-in ids (and
    with `text_count`, `build(moment, ids, stand_in_texts)`: `run(at, ids, texts)` puts the
    texts in their places); `columns` names the model fields of the selected columns, whose
    values get the database's converters (None for a column that needs none; all the model's
    fields by default). With `name` (an SQL identifier, one per shape), PostgreSQL plans it
    once per connection too (`PREPARE`): only for a query whose best plan does not depend on
    its values, and whose rows are in a fixed order."""
    key = (connection.vendor, connection.alias, shape, id_count, text_count)
    query = _prepared.get(key)
    if query is None:
        if len(_prepared) >= MOST_SHAPES:
            _prepared.clear()
        stand_ins = (STAND_IN_MOMENT, stand_in_ids(id_count))
        if text_count:
            stand_ins += ([f"{STAND_IN_TEXT}{n}" for n in range(text_count)],)
        queryset = build(*stand_ins)
        if columns is None:
            columns = [field.name for field in queryset.model._meta.concrete_fields]
        sql, params = queryset.query.sql_with_params()
        query = _prepared[key] = PreparedQuery(sql, params, queryset.model, columns, name)
    return query


def navigation_sections():
    """(path, name) of each of `Section.objects.in_navigation()`, now, without building its
    query again (nor a section for each)."""
    from .models import Section

    query = prepared(
        ("navigation",),
        lambda at, ids: Section.objects.in_navigation(at).values_list("path", "name"),
        ("path", "name"),
        name="navigation",
    )
    return query.run(timezone.now(), ())


def section_ancestors(section):
    """`Section.objects.ancestors_of(section)`, without building its query again (one shape
    per depth)."""
    from .models.sections import Section, ancestor_paths

    paths = ancestor_paths(section.path)
    query = prepared(
        ("section ancestors", len(paths)),
        lambda at, ids, stand_ins: Section.objects.at_paths(stand_ins),
        text_count=len(paths),
        name=f"section_ancestors_{len(paths)}",
    )
    return query.instances(None, (), paths)


class PreparedObjects:
    """A queryset of whole model instances (`select_related` and annotations included) compiled
    once per process, run again with a new moment and ids; its `prefetch_related` lookups are
    then done as the queryset would. On PostgreSQL the statement is also prepared on the server
    once per connection (`PREPARE`), so PostgreSQL does not plan it again for every run: the
    article page's read of a dozen joins took 1.8 ms to plan and 0.3 ms to run."""

    def __init__(self, name, queryset, server_side=True, prefetches=None):
        self.name = name
        self.prefetches = prefetches
        compiler = queryset.query.get_compiler(connection.alias)
        sql, params = compiler.as_sql()
        self.query = PreparedQuery(sql, params, queryset.model, [])
        self.compiler = compiler
        self.lookups = queryset._prefetch_related_lookups
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.model, self.span = klass_info["model"], (start, end)
        self.init_list = [column[0].target.attname for column in select[start:end]]
        self.populators = get_related_populators(klass_info, select, connection.alias)
        self.annotations = list(compiler.annotation_col_map.items())
        # The columns' converters, as `results_iter` would find them again for every run.
        fields = [column[0] for column in select[0 : compiler.col_count]]
        self.converters = None
        if not compiler.has_composite_fields(fields):
            self.converters = compiler.get_converters(fields)
        self.server_sql = None
        if server_side and connection.vendor == "postgresql":
            self.server_sql = server_statement(sql)

    def rows(self, at, ids):
        params = self.query.params_for(at, ids)
        with connection.cursor() as cursor:
            if self.server_sql is None:
                cursor.execute(self.query.sql, params)
            else:
                execute_prepared(cursor, self.name, self.server_sql, params)
            return cursor.fetchall()

    def instances(self, at, ids=()):
        start, end = self.span
        found = []
        if self.converters is None:
            rows = self.compiler.results_iter([self.rows(at, ids)])
        elif self.converters:
            rows = self.compiler.apply_converters(self.rows(at, ids), self.converters)
        else:
            rows = self.rows(at, ids)
        for row in rows:
            obj = self.model.from_db(connection.alias, self.init_list, row[start:end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, index in self.annotations:
                setattr(obj, name, row[index])
            found.append(obj)
        if found and self.prefetches is not None:
            for prefetch in self.prefetches:
                for obj in found:
                    prefetch.attach(obj)
        elif found and self.lookups:
            prefetch_related_objects(found, *self.lookups)
        return found


class PreparedPrefetch:
    """One `prefetch_related` lookup (a reverse foreign key, or taggit's tags) of a queryset
    read one row at a time, compiled once: the same SQL as Django's prefetch (asked of the
    relation's manager once, for a stand-in instance), and the same caches filled.
    `server_side=False` for an unordered one, whose row order a generic plan could change;
    `order_by` (a field name) orders one that is not ordered otherwise."""

    def __init__(self, name, model, lookup, server_side=True, order_by=None):
        through = lookup.prefetch_through if isinstance(lookup, Prefetch) else lookup
        given = lookup.queryset if isinstance(lookup, Prefetch) else None
        stand_in = model(pk=stand_in_ids(1)[0])
        # The object Django's prefetch asks (for taggit, the class's manager, not the instance's).
        manager = get_prefetcher(stand_in, through, through)[0]
        found = manager.get_prefetch_querysets([stand_in], None if given is None else [given])
        queryset, self.cache_name = found[0], found[4]
        if order_by is not None:
            queryset = queryset.order_by(order_by)
        self.query = PreparedObjects(name, queryset, server_side)
        self.through, self.given = through, given
        self.field = getattr(manager, "field", None)

    def attach(self, obj):
        values = self.query.instances(None, [obj.pk])
        if self.field is not None:
            for value in values:
                if not self.field.is_cached(value):
                    self.field.set_cached_value(value, obj)
        manager = getattr(obj, self.through)
        if self.given is not None:
            queryset = manager._apply_rel_filters(self.given)
        else:
            queryset = manager.get_queryset()
        queryset._result_cache = values
        queryset._prefetch_done = True
        if not hasattr(obj, "_prefetched_objects_cache"):
            obj._prefetched_objects_cache = {}
        obj._prefetched_objects_cache[self.cache_name] = queryset


def prepared_objects(name, build, id_count=0, prefetch_one=None):
    """`build(stand_in_moment, stand_in_ids)`'s instances, compiled once per process and
    connection (`name`: an SQL identifier, one per query). With `prefetch_one`, a dict of
    the queryset's lookups to whether their order is fixed (or the field to order one by), it
    reads one row and its prefetches are compiled once too (PreparedPrefetch)."""
    key = (connection.vendor, connection.alias, name, id_count)
    query = _prepared.get(key)
    if query is None or query.compiler.connection is not connections[connection.alias]:
        queryset = build(STAND_IN_MOMENT, stand_in_ids(id_count))
        prefetches = None
        if prefetch_one is not None:
            prefetches = []
            for lookup in queryset._prefetch_related_lookups:
                through = lookup.prefetch_through if isinstance(lookup, Prefetch) else lookup
                order = prefetch_one[through]
                prefetches.append(
                    PreparedPrefetch(
                        f"{name}_{through}",
                        queryset.model,
                        lookup,
                        server_side=bool(order),
                        order_by=order if isinstance(order, str) else None,
                    )
                )
        query = _prepared[key] = PreparedObjects(name, queryset, prefetches=prefetches)
    return query
