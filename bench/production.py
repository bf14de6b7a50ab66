"""Run a benchmark the way production runs: debug off.

With `DJANGO_DEBUG=1` Django records every SQL query (and its time) on the connection and the
template engine keeps debug information for every node; production does neither, so a figure
measured with debug on is not the figure readers get. Import this before `django.setup()`.
"""

import os
import secrets
from pathlib import Path


def use_production_settings(host="testserver"):
    """Debug off, as `newsroom/settings.py` requires it configured: a secret key, the host the
    test client names, and no HTTPS redirect (the benchmark client speaks plain HTTP to Django, as
    gunicorn behind nginx does)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ.pop("DJANGO_DEBUG", None)
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    os.environ["DJANGO_ALLOWED_HOSTS"] = host
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ.pop("REDIS_URL", None)


def collect_static():
    """Production serves static files from `collectstatic`'s manifest (a page naming a file the
    manifest lacks fails): collect them into STATIC_ROOT when the manifest is missing or older
    than a file of `static/`."""
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [path for folder in settings.STATICFILES_DIRS for path in Path(folder).rglob("*")]
    if manifest.exists() and all(
        path.stat().st_mtime <= manifest.stat().st_mtime for path in sources
    ):
        return
    call_command("collectstatic", interactive=False, verbosity=0)


def without_page_cache():
    """Take the page cache out of the middleware stack (call after `django.setup()`, before the
    first request): the uncached figures time what a miss renders, not a cache lookup."""
    from django.conf import settings

    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != "pagecache.middleware.PageCacheMiddleware"
    ]


def check_production_settings():
    """Refuse to print figures measured with debug on or without the cached template loader."""
    from django.conf import settings
    from django.template import engines

    assert not settings.DEBUG, "debug is on: figures would not be production's"
    engine = engines["django"].engine
    assert not engine.debug, "template debug is on"
    loaders = [loader.__class__.__module__ for loader in engine.template_loaders]
    assert loaders == ["django.template.loaders.cached"], loaders


def backend_cpu():
    """CPU seconds of this connection's PostgreSQL backend, when it runs on this machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
