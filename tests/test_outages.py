"""Outages: the database or the cache server down. Readers get a 503 page in the site's design
that says when to retry; the log says it once, then a line a minute."""

import json
import logging
import textwrap

import pytest
import redis

from newsroom.outages import OutageLogFilter
from tests.factories import make_article
from tests.test_settings import run_manage

PROBE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    # Hashed static names need collectstatic, which a test does not run.
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
        client = Client(HTTP_HOST="news.example.cn", raise_request_exception=False)
        seen = {}
        for path in ["/", "/news/", "/tags/武汉/", "/news/2019/07/29/1/", "/"]:
            response = client.get(path, headers={"X-Forwarded-Proto": "https"})
            seen[path] = {"status": response.status_code, "headers": dict(response.headers),
                          "body": response.content.decode()}
        print(json.dumps(seen))
    """
)


@pytest.fixture(scope="module")
def database_down():
    result = run_manage(
        "shell",
        "-c",
        PROBE,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k" * 60,
        DJANGO_ALLOWED_HOSTS="news.example.cn",
        # Nothing listens on port 1: every connection is refused.
        DATABASE_URL="postgres://postgres@127.0.0.1:1/newsroom",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def test_with_the_database_down_pages_answer_503_with_retry_after(database_down):
    seen, _log = database_down
    for path, response in seen.items():
        assert response["status"] == 503, path
        assert int(response["headers"]["Retry-After"]) > 0
        assert "no-store" in response["headers"]["Cache-Control"]


def test_the_503_page_is_in_the_site_s_design_and_says_to_retry(database_down):
    seen, _log = database_down
    body = seen["/news/"]["body"]
    assert "css/site.css" in body and 'class="site-header"' in body
    assert "暂时无法访问" in body and 'href="/"' in body


def test_the_outage_is_logged_once_with_its_traceback(database_down):
    _seen, log = database_down
    # One record with its traceback (chained: the driver's error, then Django's).
    assert log.count("Traceback") - log.count("the direct cause of the following exception") == 1
    assert "OperationalError" in log


def capturing(handler_filter):
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    handler.addFilter(handler_filter)
    return handler, records


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


def redis_down_record(name="pagecache.middleware"):
    try:
        raise redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379.")
    except redis.exceptions.ConnectionError as error:
        return logging.LogRecord(
            name,
            logging.WARNING,
            __file__,
            1,
            "Page cache unavailable: %s",
            ("k",),
            (
                type(error),
                error,
                error.__traceback__,
            ),
        )


def test_an_outage_is_logged_once_then_a_line_a_minute():
    clock = Clock()
    handler, records = capturing(OutageLogFilter(clock=clock))
    for _ in range(1000):
        handler.handle(redis_down_record())
        clock.now += 0.04  # 40 seconds of 25 failures a second
    assert len(records) == 1 and records[0].exc_info
    for _ in range(1000):
        handler.handle(redis_down_record())
        clock.now += 0.04
    assert len(records) == 2
    assert records[1].exc_info is None
    assert "held back" in records[1].getMessage()


def test_other_records_pass_untouched():
    handler, records = capturing(OutageLogFilter(clock=Clock()))
    for _ in range(3):
        handler.handle(logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", (), None))
    assert len(records) == 3


@pytest.mark.django_db
def test_with_redis_down_pages_are_served_and_the_log_says_so_once(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    article = make_article()
    handler, records = capturing(OutageLogFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        for _ in range(20):
            assert client.get(article.get_absolute_url()).status_code == 200
    finally:
        root.removeHandler(handler)
    about_redis = [r for r in records if r.exc_info or "cache" in r.getMessage().lower()]
    assert len(about_redis) == 1
    assert about_redis[0].exc_info


def test_the_log_handler_holds_outages_back(settings):
    assert "outages" in settings.LOGGING["handlers"]["console"]["filters"]
