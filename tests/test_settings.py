import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_off_without_secret_key_refuses_to_start_naming_the_variable():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="news.example.cn")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Set DJANGO_SECRET_KEY: debug is off and no secret key is configured."
    ]


def test_debug_off_without_allowed_hosts_refuses_to_start_naming_the_variable():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("Set DJANGO_ALLOWED_HOSTS")


def test_a_server_that_names_its_hosts_runs_with_debug_off_unless_told_otherwise():
    refused = run_manage("check", DJANGO_ALLOWED_HOSTS="news.example.cn")
    assert refused.returncode != 0
    assert refused.stderr.strip() == (
        "Set DJANGO_SECRET_KEY: debug is off and no secret key is configured."
    )
    assert (
        run_manage("check", DJANGO_ALLOWED_HOSTS="news.example.cn", DJANGO_DEBUG="1").returncode
        == 0
    )
    assert run_manage("check").returncode == 0


def test_deploy_check_prints_no_warning_the_readme_does_not_explain():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="news.example.cn",
    )
    assert result.returncode == 0, result.stderr
    warnings = set(re.findall(r"\((\w+\.W\d+)\)", result.stderr + result.stdout))
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert {w for w in warnings if w not in readme} == set()
    assert warnings <= {"security.W021"}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_admin_login_speaks_the_browsers_language(client, language):
    response = client.get("/admin/login/", headers={"Accept-Language": language})
    text = response.content.decode()
    assert ("登录" in text) == (language == "zh-hans")
    assert ("Log in" in text) == (language == "en")


# A save as Django makes one: read the row, think, write it, all in one transaction.
READ_THEN_WRITE = """
import sys, time, django
django.setup()
from django.db import connection, transaction
with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        time.sleep(float(sys.argv[1]))
        cursor.execute("UPDATE counter SET n = n + 1")
"""


def test_two_saves_at_once_on_the_embedded_sqlite_wait_for_each_other_instead_of_failing(
    tmp_path,
):
    import sqlite3
    import time

    database = tmp_path / "newsroom.sqlite3"
    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE counter (n INTEGER)")
        setup.execute("INSERT INTO counter VALUES (0)")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="newsroom.settings"
    )
    slow, quick = (
        subprocess.Popen(
            [sys.executable, "-c", READ_THEN_WRITE, pause],
            cwd=PROJECT,
            env=environment,
            stderr=subprocess.PIPE,
            text=True,
        )
        for pause in ("2", "0")
    )
    time.sleep(1)
    results = [(process.wait(timeout=60), process.stderr.read()) for process in (slow, quick)]
    assert results == [(0, ""), (0, "")]
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT n FROM counter").fetchone() == (2,)
