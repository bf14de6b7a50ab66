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
