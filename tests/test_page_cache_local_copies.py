"""Hits answered from the process's own copy of a page, dropped as soon as Redis says it changed.

Each test runs its own Redis (on a Unix socket in a temporary folder) so that it may flush and
restart it, and so that no other test's flush drops its copies.
"""

import os
import pickle
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
import redis
import time_machine
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.utils import timezone
from redis.connection import AbstractConnection, Connection

from articles.models import Article
from pagecache import entries, invalidation, local_copies
from pagecache.wsgi import HitPath
from tests.factories import make_article, make_outlet, make_section
from tests.test_page_cache import redis_cache, wsgi_get

pytestmark = pytest.mark.django_db

PING = b"*1\r\n$4\r\nPING\r\n"


class PrivateRedis:
    def __init__(self, folder):
        self.folder = folder
        self.socket = os.path.join(folder, "redis.sock")
        self.url = f"unix://{self.socket}"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", "0", "--unixsocket", self.socket, "--save", "",
             "--appendonly", "no", "--dir", self.folder],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: os.path.exists(self.socket) and self.answers(), seconds=5)

    def answers(self):
        try:
            return self.client().ping()
        except redis.exceptions.ConnectionError:
            return False

    def stop(self):
        self.process.terminate()
        self.process.wait()

    def client(self):
        return redis.Redis(unix_socket_path=self.socket)


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server to run a Redis of the test's own")
    folder = tempfile.mkdtemp(prefix="nr-redis-")  # short: a socket's path has a length limit
    server = PrivateRedis(folder)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(folder)


@pytest.fixture
def site(settings, redis_server):
    settings.CACHES = redis_cache(redis_server.url, "newsroom-test")
    settings.SITE_URL = "http://www.example.cn"
    settings.ALLOWED_HOSTS = ["www.example.cn", "testserver"]
    return redis_server


@pytest.fixture
def article():
    return make_article(
        make_section("新闻", "news"), headline="原来的标题", source=make_outlet("荆楚网")
    )


def wait_for(condition, seconds=1.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.002)


def copies():
    return HitPath.current().reader.copies


@contextmanager
def commands_to_redis():
    """What is sent to Redis meanwhile, from any connection, but the listener's keep-alive pings."""
    sent = []
    send = AbstractConnection.send_packed_command

    def counting(connection, command, check_health=True):
        packed = b"".join(map(bytes, command)) if isinstance(command, list) else bytes(command)
        if packed != PING:
            sent.append(packed)
        return send(connection, command, check_health)

    with mock.patch.object(AbstractConnection, "send_packed_command", counting):
        yield sent


def django_must_not_run():
    return mock.patch.object(WSGIHandler, "__call__", side_effect=AssertionError("Django ran"))


def kept(client, url):
    """The page rendered, then read from Redis once by the hit path, which keeps it."""
    rendered = client.get(url)
    assert wsgi_get(url)[1]["X-Cache"] == "HIT"
    return rendered


def test_a_second_hit_is_answered_by_the_process_without_asking_redis(client, site, article):
    url = article.get_absolute_url()
    rendered = kept(client, url)
    with django_must_not_run(), commands_to_redis() as sent:
        status, headers, body = wsgi_get(url)
        assert wsgi_get(url, REQUEST_METHOD="HEAD")[2] == b""
    assert (status, headers["X-Cache"], body, sent) == ("200 OK", "HIT", rendered.content, [])
    assert headers["ETag"] == rendered["ETag"]


def test_a_withdrawal_by_another_process_reaches_the_copy_through_redis(
    client, site, article, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    kept(client, url)
    epoch = copies().epoch
    # Another process withdraws it: only Redis's message can tell this one.
    with (
        mock.patch.object(local_copies, "drop_everywhere"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        article.status = Article.Status.WITHDRAWN
        article.save()
    wait_for(lambda: copies().epoch != epoch)
    assert wsgi_get(url)[0].startswith("404")


def test_a_change_made_by_this_process_drops_its_copies_before_redis_says_so(
    client, site, article, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    kept(client, url)
    with mock.patch.object(local_copies.LocalCopies, "_invalidated"):  # Redis's message is late
        with django_capture_on_commit_callbacks(execute=True):
            article.headline = "本进程改的标题"
            article.save()
        status, headers, body = wsgi_get(url)
    assert headers["X-Cache"] == "MISS" and "本进程改的标题" in body.decode()


def test_a_reply_overtaken_by_an_invalidation_is_not_kept(client, site, article):
    url = article.get_absolute_url()
    client.get(url)
    kept(client, "/")  # the hit path, its connection and its listener are up
    reader = HitPath.current().reader
    token_key = caches["default"].make_key(entries.generation_key(f"article-{article.pk}"))
    read_response = AbstractConnection.read_response

    def overtaken(connection, *args, **kwargs):
        reply = read_response(connection, *args, **kwargs)
        if connection is getattr(reader.local, "connection", None):  # not the listener's
            # Another process invalidates the article after Redis answered, before the reply is
            # kept, and the listener hears of it first.
            epoch = copies().epoch
            site.client().set(token_key, pickle.dumps(entries.new_token()))
            wait_for(lambda: copies().epoch != epoch)
        return reply

    with mock.patch.object(AbstractConnection, "read_response", overtaken):
        assert wsgi_get(url)[1]["X-Cache"] == "HIT"  # what Redis held when it was asked
    assert wsgi_get(url)[1]["X-Cache"] == "MISS"


def test_copies_are_not_used_while_the_listener_is_disconnected(client, site, article):
    url = article.get_absolute_url()
    kept(client, url)
    listening = copies().connection_kwargs
    listener = copies().listener_id
    # Its connection is killed and cannot be made again for now.
    copies().connection_kwargs = {**listening, "path": "/nonexistent/redis.sock"}
    site.client().client_kill_filter(_id=listener)
    wait_for(lambda: copies().listener_id is None)
    for _ in range(2):
        with commands_to_redis() as sent:
            assert wsgi_get(url)[1]["X-Cache"] == "HIT"
        assert len(sent) == 1 and b"MGET" in sent[0]
    copies().connection_kwargs = listening
    wait_for(lambda: copies().listener_id is not None, seconds=10)
    with commands_to_redis() as sent:
        assert wsgi_get(url)[1]["X-Cache"] == "HIT"
    assert b"TRACKING" in sent[0] and b"MGET" in sent[1]
    with commands_to_redis() as sent:
        assert wsgi_get(url)[1]["X-Cache"] == "HIT"
    assert sent == []


def test_a_copy_read_by_a_connection_redis_closed_is_not_used(client, site, article):
    url = article.get_absolute_url()
    kept(client, url)
    # Redis closes the hit path's connection (its idle timeout, a CLIENT KILL): it no longer
    # tracks what that connection read.
    site.client().client_kill_filter(_type="normal", skipme=True)
    with commands_to_redis() as sent:
        assert wsgi_get(url)[1]["X-Cache"] == "HIT"
    assert any(b"MGET" in command for command in sent)


def test_a_flush_drops_every_copy(client, site, article):
    url = article.get_absolute_url()
    kept(client, url)
    epoch = copies().epoch
    site.client().flushdb()
    wait_for(lambda: copies().epoch != epoch)
    assert not copies().copies
    assert wsgi_get(url)[1]["X-Cache"] == "MISS"


def test_a_restarted_redis_leaves_no_copy_behind(client, site, article):
    url = article.get_absolute_url()
    kept(client, url)
    site.stop()
    site.start()  # empty: nothing was saved
    wait_for(lambda: not copies().copies)
    assert wsgi_get(url)[1]["X-Cache"] == "MISS"


def test_a_kept_page_is_not_answered_past_the_next_go_live_time(client, site, settings, article):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    now = timezone.now()
    go_live = now + timedelta(seconds=100)
    make_article(article.section, headline="一百秒后发布", published_at=go_live)
    with time_machine.travel(now, tick=False):
        kept(client, "/news/")
        with commands_to_redis() as sent:
            assert "一百秒后发布" not in wsgi_get("/news/")[2].decode()
        assert sent == []
    with time_machine.travel(go_live + timedelta(seconds=1), tick=False):
        status, headers, body = wsgi_get("/news/")
    assert headers["X-Cache"] == "MISS" and "一百秒后发布" in body.decode()


def test_a_redis_refusing_client_tracking_answers_every_hit_itself(client, site, article):
    site.client().execute_command("ACL", "SETUSER", "default", "-client|tracking")
    url = article.get_absolute_url()
    kept(client, url)  # answered from Redis, the refusal noted
    for _ in range(2):
        with commands_to_redis() as sent:
            assert wsgi_get(url)[1]["X-Cache"] == "HIT"
        assert len(sent) == 1 and b"MGET" in sent[0]


def test_copies_past_the_memory_limit_go_least_recently_used_first():
    kept = local_copies.LocalCopies(Connection, {}, limit=100)
    kept.listener_id = 1  # as if listening
    for command in (b"a", b"b", b"c"):
        kept.keep(command, (b"site", command + b"-key"), [command], 40, None, kept.epoch)
    assert kept.get(b"a", None) is None and kept.get(b"b", None) == [b"b"]
    kept.keep(b"d", (b"site",), [b"d"], 40, None, kept.epoch)
    assert [kept.get(c, None) for c in (b"b", b"c", b"d")] == [[b"b"], None, [b"d"]]
    kept.keep(b"huge", (b"site",), [b"huge"], 101, None, kept.epoch)
    assert kept.get(b"huge", None) is None and kept.size == 80


def test_a_changed_key_drops_only_the_copies_that_read_it():
    kept = local_copies.LocalCopies(Connection, {}, limit=1000)
    kept.listener_id = 1
    kept.keep(b"article", (b"site", b"article-1"), ["article"], 10, None, kept.epoch)
    kept.keep(b"home", (b"site", b"home"), ["home"], 10, None, kept.epoch)
    kept._invalidated([b"article-1"])
    assert kept.get(b"article", None) is None and kept.get(b"home", None) == ["home"]
    kept._invalidated([b"site"])
    assert not kept.copies and not kept.readings_of_key and kept.size == 0


def restarted_from_a_snapshot_before(server, change, while_down=lambda: None):
    """Redis saved, `change` made, Redis restarted from what it saved (the tokens from before
    `change`), this process having reconciled a moment ago."""
    server.client().save()
    change()
    server.stop()
    while_down()
    server.start()
    invalidation._Schedule.last_run = time.monotonic()


@pytest.fixture
def cached_url(client, site, article, settings):
    """The article's address, its page read once by the hit path; reconciling as in production."""
    settings.PAGE_CACHE_RECONCILE_SECONDS = 5
    url = article.get_absolute_url()
    kept(client, url)
    return url


@pytest.fixture
def save(article, django_capture_on_commit_callbacks):
    def saved(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            for name, value in changes.items():
                setattr(article, name, value)
            article.save()

    return saved


def test_a_withdrawn_article_is_not_served_from_a_redis_back_from_an_older_snapshot(
    site, cached_url, save
):
    def withdraw():
        save(status=Article.Status.WITHDRAWN)
        assert wsgi_get(cached_url)[0] == "404 Not Found"

    restarted_from_a_snapshot_before(site, withdraw)
    assert [wsgi_get(cached_url)[0] for _ in range(3)] == ["404 Not Found"] * 3


def test_an_edit_shows_at_once_when_redis_comes_back_from_an_older_snapshot(site, cached_url, save):
    restarted_from_a_snapshot_before(site, lambda: save(headline="重启前改的标题"))
    assert "重启前改的标题" in wsgi_get(cached_url)[2].decode()
    assert wsgi_get(cached_url)[1]["X-Cache"] == "HIT"  # and cached again


def test_a_process_that_met_redis_down_knows_it_restarted_when_it_is_back(site, cached_url, save):
    # A reader came while Redis was down: this process reconciled (in vain) and reconnects later.
    restarted_from_a_snapshot_before(
        site,
        lambda: save(status=Article.Status.WITHDRAWN),
        while_down=lambda: wsgi_get(cached_url),
    )
    assert wsgi_get(cached_url)[0] == "404 Not Found"
