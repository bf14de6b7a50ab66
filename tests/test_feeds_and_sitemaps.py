import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_section,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def articles():
    news = make_section("新闻", "news")
    hubei = make_section("湖北", "hubei", parent=news)
    sports = make_section("体育", "sports")
    now = timezone.now()
    in_hubei = make_article(hubei, headline="湖北稿件", summary="湖北摘要")
    add_byline(in_hubei, make_contributor("胡弦"), make_role("记者"))
    in_hubei.tags.add("武汉")
    in_sports = make_article(sports, headline="体育稿件", published_at=now - timedelta(hours=3))
    old = make_article(news, headline="旧稿件", published_at=now - timedelta(days=3))
    return {"hubei": in_hubei, "sports": in_sports, "old": old}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, ET.fromstring(response.content)


def test_site_rss_lists_published_articles_newest_first(client, articles):
    response, rss = parse(client, "/feeds/rss.xml")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    items = rss.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["湖北稿件", "体育稿件", "旧稿件"]
    first = items[0]
    assert first.findtext("link") == f"http://testserver{articles['hubei'].get_absolute_url()}"
    assert first.findtext("description") == "湖北摘要"
    assert first.findtext("category") == "武汉"
    assert "记者 胡弦" in first.findtext("{http://purl.org/dc/elements/1.1/}creator")


def test_site_atom_parses_and_lists_the_same_articles(client, articles):
    _response, atom = parse(client, "/feeds/atom.xml")
    assert [e.findtext(f"{ATOM}title") for e in atom.findall(f"{ATOM}entry")] == [
        "湖北稿件",
        "体育稿件",
        "旧稿件",
    ]


def test_section_feeds_hold_the_section_and_its_descendants_only(client, articles):
    _response, rss = parse(client, "/feeds/news/rss.xml")
    assert [i.findtext("title") for i in rss.findall("./channel/item")] == ["湖北稿件", "旧稿件"]
    assert rss.findtext("./channel/title") == "荆楚网 · 新闻"
    _response, atom = parse(client, "/feeds/news/hubei/atom.xml")
    assert [e.findtext(f"{ATOM}title") for e in atom.findall(f"{ATOM}entry")] == ["湖北稿件"]


def test_a_feed_items_id_survives_a_move_to_another_section(client, articles):
    def ids():
        _response, rss = parse(client, "/feeds/rss.xml")
        _response, atom = parse(client, "/feeds/atom.xml")
        guids = {g.text: g.get("isPermaLink") for g in rss.iter("guid")}
        return guids, sorted(e.findtext(f"{ATOM}id") for e in atom.findall(f"{ATOM}entry"))

    before = ids()
    moved = articles["hubei"]
    moved.section = make_section("要闻", "top")
    moved.save()
    assert ids() == before
    guids, atom_ids = before
    assert set(guids.values()) == {"false"}
    assert f"tag:testserver,2019:article-{moved.pk}" in atom_ids and set(guids) == set(atom_ids)


def test_an_article_saved_before_its_publish_time_is_not_modified_before_it_went_live(client):
    go_live = timezone.now() + timedelta(hours=1)
    article = make_article(published_at=go_live)
    with time_machine.travel(go_live + timedelta(minutes=5)):
        _response, atom = parse(client, "/feeds/atom.xml")
        updated = datetime.fromisoformat(atom.findtext(f"{ATOM}entry/{ATOM}updated"))
        assert updated == go_live
        lastmod = timezone.localtime(go_live).date().isoformat()
        _response, urlset = parse(client, "/sitemap-articles.xml")
        assert urlset.findtext(f"{SITEMAP}url/{SITEMAP}lastmod") == lastmod
        page = client.get(article.get_absolute_url()).content.decode()
        assert f'"dateModified": "{timezone.localtime(go_live).isoformat()}"' in page


def sitemap_locations(client, url):
    _response, urlset = parse(client, url)
    return [u.findtext(f"{SITEMAP}loc") for u in urlset.findall(f"{SITEMAP}url")]


def test_sitemap_is_an_index_of_section_article_outlet_and_topic_sitemaps(client, articles):
    _response, index = parse(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [s.findtext(f"{SITEMAP}loc") for s in index.findall(f"{SITEMAP}sitemap")] == [
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-outlets.xml",
        "http://testserver/sitemap-topics.xml",
    ]


def test_section_and_article_sitemaps_list_every_section_and_article(client, articles):
    assert set(sitemap_locations(client, "/sitemap-sections.xml")) == {
        "http://testserver/news/",
        "http://testserver/news/hubei/",
        "http://testserver/sports/",
    }
    assert set(sitemap_locations(client, "/sitemap-articles.xml")) == {
        f"http://testserver{a.get_absolute_url()}" for a in articles.values()
    }


def test_article_sitemap_dates_each_change_by_the_newsroom_s_day(client):
    from datetime import UTC

    from articles.models import Article

    # 01:30 in Shanghai on 30 July is still 29 July in UTC.
    late = datetime(2026, 7, 29, 17, 30, tzinfo=UTC)
    article = make_article(make_section("新闻", "news"), published_at=late)
    Article.objects.filter(pk=article.pk).update(updated_at=late - timedelta(hours=1))
    _response, urlset = parse(client, "/sitemap-articles.xml")
    assert [u.findtext(f"{SITEMAP}lastmod") for u in urlset.findall(f"{SITEMAP}url")] == [
        "2026-07-30"
    ]


def test_the_articles_sitemap_writes_what_django_s_sitemap_framework_would(client, articles, rf):
    from django.contrib.sitemaps import views as sitemap_views

    from articles.models import Article
    from articles.views.sitemaps import SITEMAPS

    edited = articles["old"]
    Article.objects.filter(pk=edited.pk).update(updated_at=timezone.now() + timedelta(hours=30))
    ours = client.get("/sitemap-articles.xml")
    framework = sitemap_views.sitemap(
        rf.get("/sitemap-articles.xml"),
        SITEMAPS,
        section="articles",
        template_name="sitemaps/sitemap.xml",
    ).render()
    assert ours.content == framework.content
    for header in ("Content-Type", "Last-Modified", "X-Robots-Tag"):
        assert ours[header] == framework[header], header


def test_the_index_dates_the_articles_sitemap_by_its_newest_change(client, articles):
    from articles.models import Article
    from articles.views.sitemaps import ArticleSitemap

    newest = max(a.published_at for a in articles.values())
    Article.objects.update(updated_at=newest - timedelta(hours=1))
    assert ArticleSitemap().get_latest_lastmod() == newest
    edited = newest + timedelta(minutes=5)
    Article.objects.filter(pk=articles["old"].pk).update(updated_at=edited)
    make_article(articles["sports"].section, published_at=timezone.now() + timedelta(hours=2))
    assert ArticleSitemap().get_latest_lastmod() == edited


def test_outlet_sitemap_lists_every_outlet_page(client):
    outlets = [make_outlet("荆楚网"), make_outlet("湖北日报")]
    assert sitemap_locations(client, "/sitemap-outlets.xml") == [
        f"http://testserver/outlets/{outlet.pk}/" for outlet in outlets
    ]


def test_article_sitemap_is_paginated_so_every_article_is_listed(client, articles, monkeypatch):
    from articles.views import sitemaps

    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    _response, index = parse(client, "/sitemap.xml")
    pages = [s.findtext(f"{SITEMAP}loc") for s in index.findall(f"{SITEMAP}sitemap")]
    assert "http://testserver/sitemap-articles.xml?p=2" in pages
    listed = sitemap_locations(client, "/sitemap-articles.xml")
    listed += sitemap_locations(client, "/sitemap-articles.xml?p=2")
    assert sorted(listed) == sorted(
        f"http://testserver{a.get_absolute_url()}" for a in articles.values()
    )
    for past_the_end in ("/sitemap-articles.xml?p=3", "/sitemap-articles.xml?p=0"):
        assert client.get(past_the_end).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_news_sitemap_holds_the_last_48_hours_with_publication_data(client, articles):
    _response, urlset = parse(client, "/news-sitemap.xml")
    urls = urlset.findall(f"{SITEMAP}url")
    assert [u.findtext(f"{NEWS}news/{NEWS}title") for u in urls] == ["湖北稿件", "体育稿件"]
    first = urls[0]
    assert (
        first.findtext(f"{SITEMAP}loc")
        == f"http://testserver{articles['hubei'].get_absolute_url()}"
    )
    assert first.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name") == "荆楚网"
    assert first.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language") == "zh-cn"
    published = first.findtext(f"{NEWS}news/{NEWS}publication_date")
    assert published == timezone.localtime(articles["hubei"].published_at).isoformat(
        timespec="seconds"
    )


def test_news_sitemap_holds_at_most_1000_articles(client, settings):
    from articles.views import sitemaps

    section = make_section()
    for _ in range(3):
        make_article(section)
    sitemaps.NewsSitemap.limit = 2
    try:
        _response, urlset = parse(client, "/news-sitemap.xml")
    finally:
        sitemaps.NewsSitemap.limit = sitemaps.NEWS_LIMIT
    assert len(urlset.findall(f"{SITEMAP}url")) == 2
    assert sitemaps.NEWS_LIMIT == 1000


def test_robots_txt_names_both_sitemaps_and_hides_previews(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    assert "Disallow: /preview/" in lines


@pytest.mark.parametrize(
    "url",
    ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/news/rss.xml", "/feeds/news/atom.xml"]
    + ["/news-sitemap.xml", "/sitemap.xml"],
)
def test_control_characters_in_texts_leave_feeds_and_sitemaps_well_formed(client, url):
    # XML 1.0 cannot carry them; a pasted or imported headline can.
    section = make_section("新\x0c闻", "news", description="栏目\x08说明")
    article = make_article(section, headline="标\x0b题", summary="摘\x1f要")
    add_byline(article, make_contributor("胡\x01弦"), make_role("记者"))
    article.tags.add("武\x0c汉")
    _response, document = parse(client, url)
    text = ET.tostring(document, encoding="unicode")
    shown = {"/sitemap.xml": [], "/news-sitemap.xml": ["标题"]}.get(url, ["标题", "摘要", "武汉"])
    assert all(words in text for words in shown)
