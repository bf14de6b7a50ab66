"""Fast bulk writes for the benchmark newsroom: COPY on PostgreSQL, executemany on SQLite.

Rows are dicts of attribute names; every concrete field a row leaves out gets the model's
default, so a field added to a model later needs no change here when it has a default. Rows
carry their own ids (the writer hands them out), so related rows can be written in the same
batch without reading anything back.
"""

import io
from datetime import datetime

from django.core.management.color import no_style
from django.db import connection, models


class Writer:
    def __init__(self):
        self.vendor = connection.vendor
        self._next_ids = {}

    def ids(self, model, count):
        """`count` fresh primary keys for `model`, after any row already stored."""
        if model not in self._next_ids:
            highest = model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0
            self._next_ids[model] = highest + 1
        start = self._next_ids[model]
        self._next_ids[model] = start + count
        return range(start, start + count)

    def insert(self, model, rows):
        if not rows:
            return
        fields = [f for f in model._meta.concrete_fields]
        defaults = {f.attname: f.get_default() for f in fields if f.attname not in rows[0]}
        columns = [f.column for f in fields]
        values = [[row.get(f.attname, defaults.get(f.attname)) for f in fields] for row in rows]
        table = model._meta.db_table
        with connection.cursor() as cursor:
            raw = cursor.cursor
            if self.vendor == "postgresql" and hasattr(raw, "copy_expert"):
                quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
                raw.copy_expert(
                    f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN",
                    io.StringIO("".join(_copy_line(v) for v in values)),
                )
            else:
                marks = ", ".join(["%s"] * len(columns))
                quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})",
                    [[_sqlite_value(v) for v in row] for row in values],
                )

    def finish(self, models_written):
        """Move PostgreSQL's id sequences past the ids written, and refresh planner statistics."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models_written):
                cursor.execute(statement)
        if self.vendor == "postgresql" and not connection.in_atomic_block:
            # As a database that autovacuum has caught up with would be.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")


def _copy_text(value):
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _copy_line(values):
    return "\t".join(_copy_text(v) for v in values) + "\n"


def _sqlite_value(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, bool):
        return int(value)
    return value
