"""With debug off, the settings module itself turns on every production protection.

One subprocess starts the project as production would (DJANGO_DEBUG=0) and makes requests with
Django's test client; the tests read what it saw.
"""

import json
import textwrap

import pytest

from tests.test_settings import run_manage

HOST = "news.example.cn"
ADMIN_URL = "backstage-7f3a/"

PROBE = textwrap.dedent(
    f"""
    import json
    import django
    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    def seen(response):
        cookies = {{
            name: {{"secure": bool(c["secure"]), "httponly": bool(c["httponly"])}}
            for name, c in response.cookies.items()
        }}
        return {{"status": response.status_code, "headers": dict(response.headers),
                "cookies": cookies}}

    # Hashed static names need collectstatic, which a test does not run.
    with override_settings(STORAGES={{**settings.STORAGES, "staticfiles": {{
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}}}):
        client = Client(HTTP_HOST="{HOST}")
        https = {{"X-Forwarded-Proto": "https"}}
        print(json.dumps({{
            "admin_index": reverse("admin:index"),
            "plain_http": seen(client.get("/{ADMIN_URL}login/")),
            "login": seen(client.get("/{ADMIN_URL}login/", headers=https)),
            "default_admin_path": seen(client.get("/admin/login/", headers=https)),
            "public": seen(client.get("/no-such-page/", headers=https)),
            "session_cookie": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY],
        }}))
    """
)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    # A database of its own: the probe must not depend on, or write to, a developer's database.
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('production') / 'db.sqlite3'}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_ADMIN_URL": ADMIN_URL,
    }
    migrated = run_manage("migrate", "--no-input", "-v0", **env)
    assert migrated.returncode == 0, migrated.stderr
    result = run_manage("shell", "-c", PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_plain_http_is_redirected_to_https(production):
    assert production["plain_http"]["status"] == 301
    assert production["plain_http"]["headers"]["Location"] == f"https://{HOST}/{ADMIN_URL}login/"


def test_https_behind_the_proxy_header_is_served_with_hsts(production):
    login = production["login"]
    assert login["status"] == 200
    assert login["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_pages_refuse_framing_sniffing_and_full_referrers(production):
    for page in (production["login"], production["public"]):
        assert page["headers"]["X-Frame-Options"] == "DENY"
        assert page["headers"]["X-Content-Type-Options"] == "nosniff"
        assert page["headers"]["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_csrf_cookie_is_secure_and_http_only(production):
    assert production["login"]["cookies"]["csrftoken"] == {"secure": True, "httponly": True}


def test_session_cookie_is_secure_and_http_only(production):
    assert production["session_cookie"] == [True, True]


def directives(policy):
    return dict((parts[0], parts[1:]) for parts in (d.split() for d in policy.split(";")) if parts)


def test_public_pages_get_the_strict_content_security_policy(production):
    policy = directives(production["public"]["headers"]["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"]


def test_admin_lives_at_the_configured_url_only(production):
    assert production["admin_index"] == f"/{ADMIN_URL}"
    assert production["default_admin_path"]["status"] == 404
    assert "unsafe-inline" in production["login"]["headers"]["Content-Security-Policy"]
