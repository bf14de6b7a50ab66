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


NO_KEY = (
    "Set DJANGO_SECRET_KEY: debug is off and no secret key is configured "
    "(on a developer's machine, set DJANGO_DEBUG=1 instead)."
)


def test_debug_off_without_secret_key_refuses_to_start_naming_the_variable():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="news.example.cn")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [NO_KEY]


@pytest.mark.parametrize("key", ["x", "short-but-random-8Hq2", secrets.token_urlsafe(36)[:49]])
def test_debug_off_with_a_secret_key_under_fifty_characters_refuses_to_start(key):
    result = run_manage(
        "check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="news.example.cn"
    )
    assert result.returncode != 0
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"DJANGO_SECRET_KEY is {len(key)} characters long")
    assert "at least 50" in line


def test_a_secret_key_of_fifty_characters_is_accepted_with_debug_off():
    key = secrets.token_urlsafe(40)[:50]
    result = run_manage(
        "check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key, DJANGO_ALLOWED_HOSTS="news.example.cn"
    )
    assert result.returncode == 0, result.stderr


def test_debug_off_without_allowed_hosts_refuses_to_start_naming_the_variable():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("Set DJANGO_ALLOWED_HOSTS")


@pytest.mark.parametrize("hosts", [{}, {"DJANGO_ALLOWED_HOSTS": "news.example.cn"}])
def test_debug_is_off_unless_django_debug_says_1(hosts):
    refused = run_manage("check", **hosts)
    assert refused.returncode != 0
    assert refused.stderr.strip() == NO_KEY
    assert run_manage("check", DJANGO_DEBUG="0", **hosts).stderr.strip() == NO_KEY
    assert run_manage("check", DJANGO_DEBUG="1", **hosts).returncode == 0


def test_make_run_and_the_test_suite_turn_debug_on_for_themselves():
    makefile = (PROJECT / "Makefile").read_text()
    assert re.search(r"^run test messages: export DJANGO_DEBUG \?= 1$", makefile, re.M)
    from django.conf import settings

    assert settings.SECRET_KEY.startswith("django-insecure-development-only")


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
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="1",
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
