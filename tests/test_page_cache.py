"""Whole pages come from the cache, stay correct after saves and go-live times, and survive its loss."""

import io
import sys
import uuid
from datetime import timedelta
from unittest import mock

import pytest
import redis
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from pagecache import expiry, invalidation
from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_section,
)

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = "redis://127.0.0.1:6379/3"


def redis_cache(location, prefix):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def article():
    return make_article(
        make_section("新闻", "news"), headline="原来的标题", source=make_outlet("荆楚网")
    )


def test_a_page_carries_public_cache_control_and_an_etag(client, article):
    response = client.get("/news/")
    assert response["ETag"]
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]


def test_conditional_get_with_the_etag_answers_304(client, article):
    etag = client.get(article.get_absolute_url())["ETag"]
    response = client.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    changed = client.get(article.get_absolute_url(), headers={"if-none-match": '"other"'})
    assert changed.status_code == 200


def test_a_cached_page_is_served_without_queries(client, article, django_assert_num_queries):
    first = client.get("/news/")
    with django_assert_num_queries(0):
        second = client.get("/news/")
    assert second.content == first.content


def test_page_numbers_are_cached_apart_and_other_parameters_share_an_entry(client):
    section = make_section("新闻", "news")
    for n in range(21):
        make_article(section, headline=f"第{n}篇")
    first, second = client.get("/news/"), client.get("/news/?page=2")
    assert first.content != second.content
    assert client.get("/news/?utm_source=x").content == first.content


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=01", "?page=x1", "?p=%201", "?page=%EF%BC%91", "?page=1234567"]
)
def test_an_oddly_written_page_number_is_refused_before_any_work(client, article, query):
    for url in ("/news/", "/sitemap-articles.xml", article.get_absolute_url()):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url + query).status_code == 404
        assert len(queries) <= 1  # the 404 page's navigation


def test_the_first_page_number_shares_the_unnumbered_page(client, article):
    client.get("/news/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/news/?page=1")["X-Cache"] == "HIT"
    assert len(queries) == 0


def test_the_port_of_the_host_header_makes_no_new_cached_page(client, article, settings):
    settings.ALLOWED_HOSTS = ["www.example.cn", "127.0.0.1"]
    settings.SITE_URL = "https://www.example.cn"
    url = article.get_absolute_url()
    client.get(url, HTTP_HOST="127.0.0.1:8000", secure=True)
    for port in (8001, 8002, 9000):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url, HTTP_HOST=f"127.0.0.1:{port}", secure=True).content.decode()
        assert len(queries) == 0
        assert f'<link rel="canonical" href="https://www.example.cn{url}">' in html


def test_each_host_and_scheme_gets_its_own_cached_page(client, article, settings):
    settings.ALLOWED_HOSTS = ["www.example.cn", "m.example.cn"]
    url = article.get_absolute_url()
    for host in ("www.example.cn", "m.example.cn"):
        for secure, scheme in ((False, "http"), (True, "https")):
            html = client.get(url, HTTP_HOST=host, secure=secure).content.decode()
            assert f'<link rel="canonical" href="{scheme}://{host}{url}">' in html
    feed = client.get("/feeds/rss.xml", HTTP_HOST="m.example.cn").content.decode()
    assert f"http://m.example.cn{url}" in feed


@pytest.mark.parametrize(
    "change",
    [
        "headline",
        "section name",
        "outlet name",
        "contributor name",
        "notice text",
        "tag",
        "tag name",
        "role name",
        "byline removed",
        "tag removed",
        "correction",
        "withdrawal",
    ],
)
def test_saving_what_a_page_shows_invalidates_the_cached_page(
    client, article, change, django_capture_on_commit_callbacks
):
    contributor = make_contributor("胡弦")
    add_byline(article, contributor, make_role("记者"))
    article.tags.add("武汉")
    url = article.get_absolute_url()
    assert "胡弦" in client.get(url).content.decode()
    absent = None
    with django_capture_on_commit_callbacks(execute=True):
        if change == "headline":
            article.headline = "改过的标题"
            article.save()
            expected = "改过的标题"
        elif change == "section name":
            article.section.name = "新的栏目名"
            article.section.save()
            expected = "新的栏目名"
        elif change == "outlet name":
            article.source.name = "新的媒体名"
            article.source.save()
            expected = "新的媒体名"
        elif change == "contributor name":
            contributor.name = "新的作者名"
            contributor.save()
            expected = "新的作者名"
        elif change == "notice text":
            notice = article.copyright_notice
            notice.template = "新的声明,版权归{holder}。"
            notice.save()
            expected = "新的声明"
        elif change == "tag":
            article.tags.add("新标签")
            expected = "新标签"
        elif change == "tag name":
            tag = article.tags.get()
            tag.name = "改名的标签"
            tag.save()
            expected = "改名的标签"
        elif change == "role name":
            role = article.bylines.get().role
            role.name_zh = "首席记者"
            role.save()
            expected = "首席记者"
        elif change == "byline removed":
            article.bylines.get().delete()
            expected = None
            absent = "胡弦"
        elif change == "tag removed":
            article.tags.clear()
            expected = None
            absent = "武汉"
        elif change == "correction":
            article.corrections.create(text="更正:第三段有误。")
            expected = "更正:第三段有误。"
        else:
            article.status = Article.Status.WITHDRAWN
            article.save()
            expected = None
    response = client.get(url)
    if change in ("byline removed", "tag removed"):
        assert absent not in response.content.decode()
    elif expected is None:
        assert response.status_code == 404
    else:
        assert expected in response.content.decode()


def test_cache_lifetime_never_passes_the_next_go_live_time(client, article, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    assert expiry.seconds_until_next_change(300) == 300
    make_article(article.section, published_at=timezone.now() + timedelta(seconds=40))
    assert 35 <= expiry.seconds_until_next_change(300) <= 40
    response = client.get("/news/")
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age <= 40


def test_a_cached_page_shows_an_article_that_goes_live_before_the_entry_would_expire(
    client, article, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    now = timezone.now()
    go_live = now + timedelta(seconds=100)
    make_article(article.section, headline="一百秒后发布", published_at=go_live)
    with time_machine.travel(now, tick=False):
        assert "一百秒后发布" not in client.get("/news/").content.decode()
    with time_machine.travel(go_live + timedelta(seconds=1), tick=False):
        assert "一百秒后发布" in client.get("/news/").content.decode()


def test_a_staff_preview_is_never_stored_in_the_page_cache(admin_client, client, article):
    draft = make_article(article.section, status=Article.Status.DRAFT, headline="草稿标题")
    url = f"/preview/{draft.pk}/"
    assert "草稿标题" in admin_client.get(url).content.decode()
    assert client.get(url).status_code == 404
    assert "草稿标题" not in client.get("/news/").content.decode()


def test_a_staff_preview_at_the_public_url_is_never_served_to_readers(
    admin_client, client, article
):
    scheduled = make_article(
        article.section,
        headline="定时稿件",
        published_at=timezone.now() + timedelta(days=1),
    )
    preview = admin_client.get(scheduled.get_absolute_url())
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]
    assert preview["X-Robots-Tag"] == "noindex"
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_pages_are_served_when_the_cache_server_is_down(
    client, settings, article, django_capture_on_commit_callbacks
):
    settings.CACHES = redis_cache("redis://127.0.0.1:1/0", "down")
    for url in ("/", "/news/", article.get_absolute_url(), "/feeds/rss.xml", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
    # The save's invalidation runs after commit and must not turn the save into an error.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article.headline = "缓存坏了也能保存"
        article.save()
    assert len(callbacks) == 1
    article.refresh_from_db()
    assert article.headline == "缓存坏了也能保存"
    assert "缓存坏了也能保存" in client.get(article.get_absolute_url()).content.decode()


@pytest.fixture
def real_redis(settings):
    prefix = f"newsroom-test-{uuid.uuid4().hex}"
    settings.CACHES = redis_cache(REDIS_TEST_URL, prefix)
    yield prefix
    connection = redis.Redis.from_url(REDIS_TEST_URL)
    keys = list(connection.scan_iter(f"{prefix}:*"))
    if keys:
        connection.delete(*keys)


def test_pages_are_cached_and_invalidated_in_redis(
    client, real_redis, article, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).content == first.content
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "Redis 里的新标题"
        article.save()
    assert "Redis 里的新标题" in client.get(url).content.decode()


def test_an_invalidation_missed_while_the_cache_was_down_happens_once_it_is_back(
    client, settings, real_redis, article, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    client.get(url)
    working = settings.CACHES
    settings.CACHES = redis_cache("redis://127.0.0.1:1/0", "down")
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "缓存停机时改的标题"
        article.save()
    settings.CACHES = working
    settings.PAGE_CACHE_RECONCILE_SECONDS = 5
    invalidation._Schedule.last_run = None
    assert "缓存停机时改的标题" in client.get(url).content.decode()


def test_a_cache_restored_from_an_older_snapshot_is_caught_up_from_the_database(
    client, settings, real_redis, article, django_capture_on_commit_callbacks
):
    server = redis.Redis.from_url(REDIS_TEST_URL)
    url = article.get_absolute_url()
    client.get(url)
    snapshot = {key: server.dump(key) for key in server.scan_iter(f"{real_redis}:*")}
    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.WITHDRAWN
        article.save()
    assert client.get(url).status_code == 404
    # Redis comes back from the snapshot taken before the withdrawal.
    server.delete(*server.scan_iter(f"{real_redis}:*"))
    for key, value in snapshot.items():
        server.restore(key, 0, value)
    assert client.get(url).status_code == 200  # until this process next reconciles
    invalidation.reconcile()
    assert client.get(url).status_code == 404


def test_each_language_gets_its_own_cached_page(client, article):
    url = article.get_absolute_url()
    chinese = client.get(url, headers={"accept-language": "zh-hans"}).content.decode()
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert 'lang="en"' not in chinese and 'lang="en"' in english
    assert 'lang="zh-Hans"' in client.get(url, headers={"accept-language": "zh-hans"}).text


def wsgi_get(path, **environ):
    from newsroom.wsgi import application

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        **environ,
    }
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered.update(status=status, headers=dict(headers))

    # As Django's test client does: the test's database connection must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answered["status"], answered["headers"], body


def test_a_fresh_page_is_answered_before_django_builds_a_request(client, article, settings):
    settings.SITE_URL = "http://www.example.cn"
    settings.ALLOWED_HOSTS = ["www.example.cn", "testserver"]
    url = article.get_absolute_url()
    rendered = client.get(url)
    assert rendered["X-Cache"] == "MISS"
    with (
        mock.patch.object(WSGIHandler, "__call__", side_effect=AssertionError("Django ran")),
        CaptureQueriesContext(connection) as queries,
    ):
        status, headers, body = wsgi_get(url, HTTP_HOST="www.example.cn:9999")
        assert wsgi_get(url, REQUEST_METHOD="HEAD")[2] == b""
    assert (status, headers["X-Cache"], len(queries)) == ("200 OK", "HIT", 0)
    assert body == rendered.content
    assert headers["Content-Security-Policy"] == rendered["Content-Security-Policy"]
    assert headers["ETag"] == rendered["ETag"] and headers["xkey"] == rendered["xkey"]
    # A host Django would refuse is refused, cached page or not.
    assert wsgi_get(url, HTTP_HOST="127.0.0.1:9999")[0].startswith("400")
    # Anything but a fresh anonymous hit is Django's: a session, an odd page number, an English
    # reader whose page is not cached yet.
    assert wsgi_get(url, HTTP_COOKIE="sessionid=x")[1].get("X-Cache") is None
    assert wsgi_get(url, QUERY_STRING="page=01")[0].startswith("404")
    english = wsgi_get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english[1]["X-Cache"] == "MISS" and b'lang="en"' in english[2]


def test_a_fresh_page_in_redis_is_answered_before_django_and_invalidated(
    client, settings, real_redis, article, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://www.example.cn"
    settings.ALLOWED_HOSTS = ["www.example.cn", "testserver"]
    url = article.get_absolute_url()
    rendered = client.get(url)
    with mock.patch.object(WSGIHandler, "__call__", side_effect=AssertionError("Django ran")):
        status, headers, body = wsgi_get(url)
    assert (status, headers["X-Cache"], body) == ("200 OK", "HIT", rendered.content)
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "Redis 里的新标题"
        article.save()
    status, headers, body = wsgi_get(url)
    assert headers["X-Cache"] == "MISS" and "Redis 里的新标题" in body.decode()
    assert wsgi_get(url)[1]["X-Cache"] == "HIT"
    # The cache server gone, Django answers (uncached) rather than the hit path failing.
    settings.CACHES = redis_cache("redis://127.0.0.1:1/0", "down")
    status, headers, body = wsgi_get(url)
    assert status == "200 OK" and "Redis 里的新标题" in body.decode()


def test_a_page_larger_than_one_socket_read_is_answered_whole_from_redis(
    client, settings, real_redis
):
    settings.SITE_URL = "http://www.example.cn"
    settings.ALLOWED_HOSTS = ["www.example.cn", "testserver"]
    long_read = make_article(
        make_section("新闻", "news"), body="<p>" + "长江大保护，" * 60_000 + "</p>"
    )
    url = long_read.get_absolute_url()
    rendered = client.get(url)
    assert len(rendered.content) > 300_000
    with mock.patch.object(WSGIHandler, "__call__", side_effect=AssertionError("Django ran")):
        status, headers, body = wsgi_get(url)
    assert (status, headers["X-Cache"], body) == ("200 OK", "HIT", rendered.content)
