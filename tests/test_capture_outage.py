"""import_captures when the database goes away mid-run: a summary, the capture that failed and why,
a non-zero exit, no traceback and no further attempts."""

import shutil

import pytest
from django.db import OperationalError, connection

from archive.models import ImportRecord
from tests.capture_commands import CAPTURES, load_reference_data, run_import

pytestmark = pytest.mark.django_db

FILES = ["01-fullwidth-punctuation.txt", "04-page-furniture.txt", "05-breadcrumb-without-home.txt"]


def outage_after(records):
    """An execute wrapper that lets `records` captures commit, then answers every query as a
    server that went down (savepoint statements pass: the test's own transaction wraps the run).
    A capture has committed when its import record is written and its outermost savepoint (its
    transaction, inside the test's) is released: it may still write after the record."""
    written = depth = 0
    down = records == 0

    def execute(run, sql, params, many, context):
        nonlocal written, depth, down
        if down and "SAVEPOINT" not in sql:
            raise OperationalError("server closed the connection unexpectedly")
        result = run(sql, params, many, context)
        written += sql.startswith('INSERT INTO "archive_importrecord"')
        if sql.startswith("SAVEPOINT"):
            depth += 1
        elif sql.startswith(("RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            depth -= 1
            down = down or (written >= records and depth == 0)
        return result

    return execute


@pytest.fixture
def folder(tmp_path):
    for name in FILES:
        shutil.copy(CAPTURES / name, tmp_path / name)
    return tmp_path


def test_an_outage_stops_the_run_with_the_done_and_the_failed_named(folder):
    load_reference_data()
    with connection.execute_wrapper(outage_after(1)):
        out, err, error = run_import(folder)
    assert error is not None and error.returncode == 1
    assert "Traceback" not in err
    assert "created 1, updated 0, unchanged 0, failed 1" in out
    assert "stopped: the database is unavailable, 1 captures not tried" in out
    [line] = err.splitlines()
    assert line == (
        f"{folder / FILES[1]}: the database is unavailable: "
        "server closed the connection unexpectedly"
    )
    assert ImportRecord.objects.count() == 1


def test_a_database_down_from_the_start_fails_the_first_capture_and_stops(folder):
    with connection.execute_wrapper(outage_after(0)):
        out, err, error = run_import(folder)
    assert error is not None
    assert "created 0, updated 0, unchanged 0, failed 1" in out
    assert "2 captures not tried" in out
    assert err.startswith(f"{folder / FILES[0]}: the database is unavailable")
    assert "Traceback" not in err
