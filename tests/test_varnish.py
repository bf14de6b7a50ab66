"""A real varnishd with the shipped VCL in front of the live test server: readers' pages are
cached by Varnish, and a change purges exactly the pages showing it."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from pagecache import entries, invalidation
from pagecache.middleware import SITE_KEY, keys_of_path
from pagecache.models import Invalidation
from tests.factories import make_article, make_section, make_staff

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VCL = Path(django_settings.BASE_DIR) / "deploy" / "varnish" / "default.vcl"
S = Article.Status

if not Path(VARNISHD).exists() and os.environ.get("CI") == "true":
    pytest.fail(
        "CI must run the Varnish tests: install varnish and varnish-modules.", pytrace=False
    )
pytestmark = pytest.mark.skipif(
    not Path(VARNISHD).exists(), reason="no varnishd: apt-get install varnish varnish-modules"
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"varnishd exited: {process.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("varnishd did not start")


@pytest.fixture
def varnish(live_server, django_db_serialized_rollback, settings):
    """varnishd on a free port in front of the live server, purged by the application."""
    backend = urlsplit(live_server.url)
    vcl = VCL.read_text().replace('.port = "8000";', f'.port = "{backend.port}";')
    assert f'.port = "{backend.port}";' in vcl
    # varnishd drops its privileges: its files must be readable by its own user.
    folder = Path(tempfile.mkdtemp(prefix="varnish-test-"))
    folder.chmod(0o755)
    vcl_path = folder / "default.vcl"
    vcl_path.write_text(vcl)
    vcl_path.chmod(0o644)
    workdir = folder / "work"
    port = free_port()
    command = [VARNISHD, "-F", "-f", str(vcl_path), "-a", f"127.0.0.1:{port}", "-n", str(workdir)]
    command += ["-s", "malloc,32m", "-p", "vsl_space=1M"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(port, process)
        settings.VARNISH_URLS = [f"http://127.0.0.1:{port}/"]
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def served(base, path):
    status, headers, body = fetch(base + path)
    return status, headers["X-Varnish-Cache"], body


@pytest.fixture
def site(db):
    news = make_section("新闻", "news")
    hubei = make_section("湖北", "hubei", parent=news)
    sports = make_section("体育", "sports")
    return {
        "hubei": hubei,
        "live": make_article(hubei, headline="湖北的稿件"),
        "other": make_article(sports, headline="体育的稿件"),
    }


def warm(base, paths):
    for path in paths:
        assert served(base, path)[0] == 200, path
        assert served(base, path)[1] == "HIT", path


def test_a_readers_page_is_cached_by_varnish_and_shared(varnish, site):
    path = site["live"].get_absolute_url()
    status, state, body = served(varnish, path)
    assert (status, state) == (200, "MISS") and "湖北的稿件" in body
    assert served(varnish, path)[1] == "HIT"
    status, headers, _ = fetch(varnish + path, cookie="csrftoken=abc; django_language=zh-hans")
    assert headers["X-Varnish-Cache"] == "HIT"  # a reader's other cookies do not split the cache
    assert "xkey" not in headers


def test_a_host_with_another_port_or_case_is_the_same_varnish_object(varnish, site):
    path = site["live"].get_absolute_url()
    assert served(varnish, path)[1] == "MISS"
    port = urlsplit(varnish).port
    for host in (f"127.0.0.1:{port + 1}", "127.0.0.1", f"LOCALHOST:{port}"):
        request = urllib.request.Request(varnish + path, headers={"Host": host})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["X-Varnish-Cache"] == ("MISS" if "LOCAL" in host else "HIT")
    request = urllib.request.Request(varnish + path, headers={"Host": "localhost"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["X-Varnish-Cache"] == "HIT"


def test_publishing_purges_exactly_the_pages_showing_the_article(varnish, site):
    # The article before it in its section links to it as the next one.
    showing = ["/", "/news/", "/news/hubei/", "/feeds/rss.xml", site["live"].get_absolute_url()]
    not_showing = ["/sports/", site["other"].get_absolute_url()]
    warm(varnish, showing + not_showing)
    draft = make_article(site["hubei"], headline="刚发布的稿件", status=S.DRAFT, published_at=None)
    draft.status, draft.published_at = S.PUBLISHED, timezone.now()
    draft.save()
    for path in showing:
        status, state, body = served(varnish, path)
        assert state == "MISS" and "刚发布的稿件" in body, path
    for path in not_showing:
        assert served(varnish, path)[1] == "HIT", path
    assert served(varnish, draft.get_absolute_url())[0] == 200


def test_withdrawing_and_editing_purge_the_article_and_its_listings(varnish, site):
    live, url = site["live"], site["live"].get_absolute_url()
    # Not the last article under 新闻: the navigation every page shows keeps the section.
    make_article(
        site["hubei"], headline="湖北的另一篇", published_at=timezone.now() - timedelta(days=1)
    )
    warm(varnish, [url, "/news/hubei/", "/sports/"])
    live.headline = "改过的标题"
    live.save()
    status, state, body = served(varnish, url)
    assert state == "MISS" and "改过的标题" in body
    assert "改过的标题" in served(varnish, "/news/hubei/")[2]
    live.status = S.WITHDRAWN
    live.save()
    assert served(varnish, url)[0] == 404
    assert "改过的标题" not in served(varnish, "/news/hubei/")[2]
    assert served(varnish, "/sports/")[1] == "HIT"


def withdrawn_while_the_cache_was_behind(varnish, site):
    """The live article withdrawn, then the cache back as it was before (restored from an older
    snapshot, or unreachable at the save): it answers the previous page until this process next
    reconciles, and Varnish, purged at the save, has fetched and kept it again."""
    live, url = site["live"], site["live"].get_absolute_url()
    make_article(
        site["hubei"], headline="湖北的另一篇", published_at=timezone.now() - timedelta(days=1)
    )
    warm(varnish, [url])
    tokens = [entries.generation_key(k) for k in (SITE_KEY, *keys_of_path(url, None))]
    snapshot = cache.get_many(tokens)
    live.status = S.WITHDRAWN
    live.save()
    assert served(varnish, url)[0] == 404
    cache.set_many(snapshot, None)
    assert served(varnish, url)[0] == 200
    assert served(varnish, url)[1] == "HIT"
    return url


def test_a_page_varnish_fetched_from_a_cache_behind_is_purged_when_the_cache_is_caught_up(
    varnish, site
):
    url = withdrawn_while_the_cache_was_behind(varnish, site)
    invalidation.reconcile()
    assert served(varnish, url)[0] == 404


def test_a_purge_missed_when_the_cache_is_caught_up_is_sent_again(varnish, site, settings):
    url = withdrawn_while_the_cache_was_behind(varnish, site)
    working = settings.VARNISH_URLS
    settings.VARNISH_URLS = [f"http://127.0.0.1:{free_port()}/"]
    invalidation.reconcile()
    assert Invalidation.objects.filter(purged_at__isnull=True).exists()
    assert served(varnish, url)[0] == 200
    settings.VARNISH_URLS = working
    invalidation.retry_purges(timezone.now() + timedelta(minutes=1))
    assert not Invalidation.objects.filter(purged_at__isnull=True).exists()
    assert served(varnish, url)[0] == 404


def test_the_first_article_under_an_empty_top_level_section_purges_every_page(varnish, site):
    culture = make_section("文化", "culture")
    paths = ["/", "/sports/", site["other"].get_absolute_url()]
    warm(varnish, paths)
    make_article(culture, headline="文化首篇")
    for path in paths:
        status, state, body = served(varnish, path)
        assert state == "MISS" and 'href="/culture/"' in body, path


def test_a_draft_save_purges_nothing(varnish, site):
    paths = ["/", "/news/hubei/", site["live"].get_absolute_url()]
    warm(varnish, paths)
    recorded = Invalidation.objects.count()
    draft = make_article(site["hubei"], headline="草稿", status=S.DRAFT, published_at=None)
    draft.headline = "草稿改了"
    draft.save()
    assert Invalidation.objects.count() == recorded
    for path in paths:
        assert served(varnish, path)[1] == "HIT", path


def test_the_admin_and_staff_are_never_served_from_varnish(varnish, site, client):
    for _ in range(2):
        status, headers, _body = fetch(varnish + "/" + django_settings.ADMIN_URL + "login/")
        assert status == 200 and headers["X-Varnish-Cache"] == "MISS"
    client.force_login(make_staff("editor"))
    session = f"sessionid={client.cookies['sessionid'].value}"
    warm(varnish, ["/news/hubei/"])
    status, headers, _body = fetch(varnish + "/news/hubei/", cookie=session)
    assert headers["X-Varnish-Cache"] == "MISS" and "private" in headers["Cache-Control"]


def test_a_purge_varnish_missed_is_logged_and_sent_again(varnish, site, settings, caplog):
    url = site["live"].get_absolute_url()
    warm(varnish, [url])
    working = settings.VARNISH_URLS
    settings.VARNISH_URLS = [f"http://127.0.0.1:{free_port()}/"]
    site["live"].headline = "Varnish 停机时改的标题"
    site["live"].save()  # the save succeeds
    assert "did not purge" in caplog.text
    missed = Invalidation.objects.latest("pk")
    assert missed.purged_at is None
    settings.VARNISH_URLS = working
    invalidation.retry_purges(timezone.now() + timedelta(minutes=1))
    missed.refresh_from_db()
    assert missed.purged_at is not None
    assert "Varnish 停机时改的标题" in served(varnish, url)[2]
