"""Queries compiled once per shape and run again with new values.

Building and compiling the front page's `UNION ALL` of some fifteen short reads (about 80
`filter()` calls) cost more CPU than PostgreSQL took to run it. Its SQL depends only on the page's
layout: the blocks, their sizes, the sections they draw on and how many articles editors placed;
only the moment (`at`) and the placed articles' ids change between renders. So the query is built
by the ORM once per layout, with stand-in values for those two, and its SQL kept in this process;
later renders put the real values in the stand-ins' places. The navigation of every page
(`navigation_sections`) is read the same way: its SQL never changes, only the moment.
"""

from datetime import UTC, datetime

from django.db import connection
from django.db.models.query import get_related_populators
from django.utils import timezone

# Values no real query holds: a moment long before any article, and negative ids.
STAND_IN_MOMENT = datetime(1970, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
# A layout that no longer exists stays until the process ends; bounded all the same.
MOST_SHAPES = 256


def stand_in_ids(count):
    return [-(n + 1) for n in range(count)]


class PreparedQuery:
    def __init__(self, sql, params, model, columns):
        moment = connection.ops.adapt_datetimefield_value(STAND_IN_MOMENT)
        self.sql, self.params = sql, list(params)
        self.moments = [n for n, value in enumerate(self.params) if value == moment]
        self.ids = [
            (n, -value - 1)
            for n, value in enumerate(self.params)
            if type(value) is int and value < 0
        ]
        self.model, self.columns = model, columns
        self._converters = None

    def params_for(self, at, ids):
        params = list(self.params)
        moment = connection.ops.adapt_datetimefield_value(at)
        for n in self.moments:
            params[n] = moment
        for n, index in self.ids:
            params[n] = ids[index]
        return params

    def run(self, at, ids):
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params_for(at, ids))
            rows = cursor.fetchall()
        return [self._converted(row) for row in rows] if self.converters() else rows

    def instances(self, at, ids=()):
        """The rows as model instances (a query of whole rows, without related ones)."""
        names = [field.attname for field in self.model._meta.concrete_fields]
        return [self.model.from_db(connection.alias, names, row) for row in self.run(at, ids)]

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


class PreparedObjects(PreparedQuery):
    """A query of model instances with their `select_related()` ones, read as the ORM reads
    them (its compiler kept, so its converters and related populators are worked out once)."""

    def __init__(self, queryset):
        compiler = queryset.query.get_compiler(connection.alias)
        sql, params = compiler.as_sql()
        super().__init__(sql, params, queryset.model, ())
        self.compiler = compiler
        fields = compiler.klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.names = [column[0].target.attname for column in compiler.select[self.start : self.end]]
        self.populators = get_related_populators(
            compiler.klass_info, compiler.select, connection.alias
        )

    def objects(self, at, ids=()):
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params_for(at, ids))
            rows = cursor.fetchall()
        found = []
        for row in self.compiler.results_iter([rows]):
            instance = self.model.from_db(connection.alias, self.names, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, instance)
            found.append(instance)
        return found


_prepared = {}


def prepared(shape, build, columns=None, id_count=0):
    """The query of `shape` (any hashable description of what its SQL depends on), built by
    `build(stand_in_moment, stand_in_ids)` the first time, with `id_count` stand-in ids;
    `columns` names the model fields of the selected columns, whose values get the database's
    converters (None for a column that needs none; all the model's fields by default)."""
    key = (connection.vendor, connection.alias, shape, id_count)
    query = _prepared.get(key)
    if query is None:
        if len(_prepared) >= MOST_SHAPES:
            _prepared.clear()
        queryset = build(STAND_IN_MOMENT, stand_in_ids(id_count))
        if columns is None:
            columns = [field.name for field in queryset.model._meta.concrete_fields]
        sql, params = queryset.query.sql_with_params()
        query = _prepared[key] = PreparedQuery(sql, params, queryset.model, columns)
    return query


def prepared_objects(shape, build, id_count=0):
    """As `prepared()`, for a query whose rows are read as model instances with their
    `select_related()` ones (`.objects(at, ids)`)."""
    key = (connection.vendor, connection.alias, "objects", shape, id_count)
    query = _prepared.get(key)
    if query is None:
        if len(_prepared) >= MOST_SHAPES:
            _prepared.clear()
        query = _prepared[key] = PreparedObjects(build(STAND_IN_MOMENT, stand_in_ids(id_count)))
    return query


def navigation_sections():
    """`Section.objects.in_navigation()`, now, without building its query again."""
    from .models import Section

    query = prepared(("navigation",), lambda at, ids: Section.objects.in_navigation(at))
    return query.instances(timezone.now())
