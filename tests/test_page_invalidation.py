"""A change invalidates exactly the cached pages showing it, and a change readers cannot see
invalidates nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from pagecache import entries, expiry
from pagecache.models import Invalidation
from tests.capture_commands import load_reference_data, run_import
from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_section,
)
from tests.test_navigation import nav_links

pytestmark = pytest.mark.django_db
S = Article.Status


@pytest.fixture
def site():
    news = make_section("新闻", "news")
    hubei = make_section("湖北", "hubei", parent=news)
    sports = make_section("体育", "sports")
    outlet = make_outlet("荆楚网")
    live = make_article(hubei, headline="已发布的稿件", source=outlet)
    live.tags.add("武汉")
    reporter = make_contributor("胡弦")
    add_byline(live, reporter, make_role("记者"))
    other = make_article(sports, headline="体育稿件")
    return {
        "news": news,
        "hubei": hubei,
        "live": live,
        "other": other,
        "reporter": reporter,
        "outlet": outlet,
    }


def invalidated_keys():
    return {key for record in Invalidation.objects.all() for key in record.key_list()}


@pytest.mark.parametrize(
    "state",
    [
        {"status": S.DRAFT, "published_at": None},
        {"status": S.IN_REVIEW, "published_at": None},
        {"status": S.PUBLISHED, "published_at": "tomorrow"},
    ],
)
def test_saving_what_readers_cannot_see_invalidates_nothing(
    site, state, django_capture_on_commit_callbacks
):
    if state["published_at"] == "tomorrow":
        state = {**state, "published_at": timezone.now() + timedelta(days=1)}
    with django_capture_on_commit_callbacks(execute=True):
        hidden = make_article(site["hubei"], headline="看不见的稿件", **state)
        hidden.tags.add("武汉", "新标签")
        add_byline(hidden, site["reporter"], make_role("编辑", code="editor"))
        hidden.headline = "还是看不见"
        hidden.save()
        hidden.corrections.create(text="更正")
        make_contributor("无稿作者").save()
    assert not Invalidation.objects.exists()


def test_publishing_invalidates_the_pages_showing_the_article_and_no_other(
    client, site, django_capture_on_commit_callbacks
):
    pages = [
        "/",
        "/news/",
        "/news/hubei/",
        "/sports/",
        site["other"].get_absolute_url(),
        site["live"].get_absolute_url(),
    ]
    for url in pages:
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_article(
            site["hubei"],
            headline="新发的稿件",
            status=S.DRAFT,
            published_at=None,
            source=site["outlet"],
        )
        draft.tags.add("武汉")
        add_byline(draft, site["reporter"], make_role("摄影", code="photographer"))
    assert not Invalidation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        draft.status, draft.published_at = S.PUBLISHED, timezone.now()
        draft.save()
    keys = invalidated_keys()
    assert keys == {
        f"article-{draft.pk}",
        "section-news",
        "section-news/hubei",
        "home",
        "feeds",
        "sitemaps",
        "tag-%E6%AD%A6%E6%B1%89",
        f"contributor-{site['reporter'].pk}",
        f"outlet-{site['outlet'].pk}",
        f"article-{site['live'].pk}",  # its previous article in the section links to it
    }
    for url in ("/", "/news/", "/news/hubei/"):
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert "新发的稿件" in response.content.decode()
    for url in ("/sports/", site["other"].get_absolute_url()):
        assert client.get(url)["X-Cache"] == "HIT", url


def test_withdrawing_removes_the_article_from_every_page_showing_it(
    client, site, django_capture_on_commit_callbacks
):
    live = site["live"]
    urls = [
        "/",
        "/news/",
        "/news/hubei/",
        "/tags/武汉/",
        f"/outlets/{site['outlet'].pk}/",
        "/feeds/rss.xml",
    ]
    for url in urls:
        assert "已发布的稿件" in client.get(url).content.decode(), url
    with django_capture_on_commit_callbacks(execute=True):
        live.status = S.WITHDRAWN
        live.save()
    assert client.get(live.get_absolute_url()).status_code == 404
    for url in urls:
        assert "已发布的稿件" not in client.get(url).content.decode(), url
    assert client.get("/sports/").status_code == 200


def test_publishing_invalidates_the_pages_of_its_previous_and_next_articles(
    site, django_capture_on_commit_callbacks
):
    now = timezone.now()
    older = make_article(site["hubei"], headline="较早", published_at=now - timedelta(hours=3))
    newer = make_article(site["hubei"], headline="较新", published_at=now - timedelta(minutes=90))
    with django_capture_on_commit_callbacks(execute=True):
        make_article(site["hubei"], headline="中间", published_at=now - timedelta(hours=2))
    keys = invalidated_keys()
    assert {f"article-{older.pk}", f"article-{newer.pk}"} <= keys
    assert f"article-{site['other'].pk}" not in keys
    assert f"article-{site['live'].pk}" not in keys  # newer than its next one


def test_a_rolled_back_save_invalidates_nothing(client, site, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        site["live"].headline = "回滚的标题"
        site["live"].save()
        raise RuntimeError
    assert not Invalidation.objects.exists()


def test_moving_an_article_invalidates_its_old_and_new_sections(
    site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        site["live"].section = site["other"].section
        site["live"].save()
    keys = invalidated_keys()
    assert {"section-news", "section-news/hubei", "section-sports"} <= keys


def test_an_invalidated_page_is_served_stale_while_another_process_renders_it(
    client, site, django_capture_on_commit_callbacks
):
    url = site["live"].get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        site["live"].headline = "新的标题"
        site["live"].save()
    key = next(k for k in _entry_keys(client, url))
    assert entries.take_render_lock(key)  # another process is rendering it
    with CaptureQueriesContext(connection) as queries:
        stale = client.get(url)
    assert stale["X-Cache"] == "STALE" and len(queries) == 0
    assert "已发布的稿件" in stale.content.decode()
    assert "max-age=0" in stale["Cache-Control"]
    entries.release_render_lock(key)
    fresh = client.get(url)
    assert fresh["X-Cache"] == "MISS" and "新的标题" in fresh.content.decode()


def _entry_keys(client, url):
    from django.core.cache import cache

    return [k.split(":", 2)[2] for k in cache._cache if f":{entries.ENTRY_PREFIX}" in k]


def test_a_registered_source_of_changes_ends_a_page_early(client, site):
    change = timezone.now() + timedelta(seconds=42)
    source = lambda: change  # noqa: E731  (a curated slot opening, say)
    expiry.register(source)
    try:
        response = client.get("/news/")
    finally:
        expiry.unregister(source)
    s_maxage = int(response["Cache-Control"].split("s-maxage=")[1])
    assert 35 <= s_maxage <= 42


def test_a_scheduled_article_ends_only_the_pages_that_would_show_it(client, site):
    make_article(
        site["hubei"], headline="定时稿件", published_at=timezone.now() + timedelta(seconds=60)
    )

    def fresh_for(url):
        return int(client.get(url)["Cache-Control"].split("s-maxage=")[1])

    for url in ("/", "/news/", "/news/hubei/", "/feeds/rss.xml", site["live"].get_absolute_url()):
        assert fresh_for(url) <= 60, url
    for url in ("/sports/", site["other"].get_absolute_url(), "/tags/武汉/"):
        assert fresh_for(url) > 250, url


def nav_names(client, url):
    return [name for name, _current in nav_links(client.get(url))]


def test_the_first_article_under_an_empty_top_level_section_adds_it_to_every_pages_navigation(
    client, site, django_capture_on_commit_callbacks
):
    culture = make_section("文化", "culture")
    books = make_section("读书", "books", parent=culture)
    draft = make_article(books, headline="第一篇", status=S.DRAFT, published_at=None)
    pages = ["/", "/sports/", site["other"].get_absolute_url(), "/tags/武汉/"]
    for url in pages:
        assert "文化" not in nav_names(client, url), url
    with django_capture_on_commit_callbacks(execute=True):
        draft.status, draft.published_at = S.PUBLISHED, timezone.now()
        draft.save()
    assert "site" in invalidated_keys()
    for url in pages:
        assert "文化" in nav_names(client, url), url


@pytest.mark.parametrize("change", ["withdrawn", "deleted", "moved"])
def test_the_last_article_leaving_a_top_level_section_takes_it_out_of_every_pages_navigation(
    client, site, change, django_capture_on_commit_callbacks
):
    last = site["other"]
    pages = ["/", "/news/", site["live"].get_absolute_url(), "/tags/武汉/"]
    for url in pages:
        assert "体育" in nav_names(client, url), url
    with django_capture_on_commit_callbacks(execute=True):
        if change == "withdrawn":
            last.status = S.WITHDRAWN
            last.save()
        elif change == "deleted":
            last.delete()
        else:
            last.section = site["hubei"]
            last.save()
    for url in pages:
        assert "体育" not in nav_names(client, url), url


def test_an_article_coming_or_going_beside_others_in_its_top_level_section_keeps_the_navigation(
    site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        second = make_article(site["news"], headline="第二篇")
    assert "site" not in invalidated_keys()
    with django_capture_on_commit_callbacks(execute=True):
        second.status = S.WITHDRAWN
        second.save()
    assert "site" not in invalidated_keys()


def test_the_first_article_under_an_inactive_top_level_section_keeps_the_navigation(
    site, django_capture_on_commit_callbacks
):
    hidden = make_section("停用", "inactive", active=False)
    with django_capture_on_commit_callbacks(execute=True):
        make_article(hidden, headline="停用栏目的稿件")
    assert Invalidation.objects.exists()
    assert "site" not in invalidated_keys()


def test_a_scheduled_first_article_of_an_empty_top_level_section_reaches_every_pages_navigation(
    client, site, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    now = timezone.now()
    go_live = now + timedelta(seconds=100)
    make_article(make_section("文化", "culture"), headline="定时首篇", published_at=go_live)
    with time_machine.travel(now, tick=False):
        for url in ("/sports/", site["other"].get_absolute_url(), "/tags/武汉/"):
            assert "文化" not in nav_names(client, url), url
            assert client.get(url)["X-Cache"] == "HIT", url
    with time_machine.travel(go_live + timedelta(seconds=1), tick=False):
        for url in ("/sports/", site["other"].get_absolute_url(), "/tags/武汉/"):
            assert "文化" in nav_names(client, url), url


def test_an_article_the_import_publishes_reaches_the_cached_pages(
    client, tmp_path, django_capture_on_commit_callbacks
):
    load_reference_data()
    capture = tmp_path / "capture.txt"
    capture.write_text(
        "首页 > 新闻 > 湖北 >\n\n武汉新建口袋公园\n\n2019-07-29 11:26来源:荆楚网\n\n"
        "武汉新建口袋公园\n\n荆楚网记者 刘婧\n\n武汉今年新建口袋公园五十座。\n",
        encoding="utf-8",
    )
    for url in ("/", "/feeds/rss.xml"):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        run_import(capture, publish=True)
    for url in ("/", "/feeds/rss.xml"):
        assert "武汉新建口袋公园" in client.get(url).content.decode(), url


def test_changing_an_articles_outlet_refreshes_the_old_and_new_outlets_pages(
    client, site, django_capture_on_commit_callbacks
):
    old, new = site["outlet"], make_outlet("长江日报")
    for url in (f"/outlets/{old.pk}/", f"/outlets/{new.pk}/"):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        site["live"].source = new
        site["live"].copyright_notice = None
        site["live"].save()
    assert "已发布的稿件" not in client.get(f"/outlets/{old.pk}/").content.decode()
    assert "已发布的稿件" in client.get(f"/outlets/{new.pk}/").content.decode()
