"""Cached front pages are invalidated by what they show: their blocks and entries, the articles
placed on them or filling a block from a section, and a topic's articles; and no other page is."""

from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from frontpage.models import Block, Topic
from pagecache.models import Invalidation
from tests.factories import make_article, make_section
from tests.frontpage_factories import (
    choose,
    home_block,
    make_block,
    make_topic,
    place,
    section_page,
)

pytestmark = pytest.mark.django_db


def served(client, url):
    response = client.get(url)
    return response["X-Cache"], response.content.decode()


def test_placing_an_article_refreshes_the_cached_home_page(
    client, django_capture_on_commit_callbacks
):
    client.get("/")
    assert served(client, "/")[0] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        place(home_block("头条"), make_article(), title="新放的头条")
    state, html = served(client, "/")
    assert state == "MISS" and "新放的头条" in html


def test_editing_an_article_pinned_on_another_sections_page_refreshes_that_page(
    client, django_capture_on_commit_callbacks
):
    news = make_section("新闻", "news")
    elsewhere = make_article(make_section("体育", "sports"), headline="体育稿")
    with django_capture_on_commit_callbacks(execute=True):
        place(section_page(news).blocks.get(name="置顶"), elsewhere)
    assert "体育稿" in served(client, "/news/")[1]
    assert served(client, "/news/")[0] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        elsewhere.headline = "改过的体育稿"
        elsewhere.save()
    state, html = served(client, "/news/")
    assert state == "MISS" and "改过的体育稿" in html


def test_tagging_an_article_refreshes_the_topic_listing_the_tag(
    client, django_capture_on_commit_callbacks
):
    tag = Tag.objects.create(name="防汛", slug="fangxun")
    with django_capture_on_commit_callbacks(execute=True):
        make_topic("防汛", "flood", selection=Topic.Selection.TAG, tag=tag)
    article = make_article(headline="巡堤查险")
    client.get("/topics/flood/")
    assert served(client, "/topics/flood/")[0] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        article.tags.add(tag)
    state, html = served(client, "/topics/flood/")
    assert state == "MISS" and "巡堤查险" in html


def test_choosing_an_article_for_a_topic_refreshes_its_page(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = make_topic("城市更新", "city-renewal")
    client.get("/topics/city-renewal/")
    with django_capture_on_commit_callbacks(execute=True):
        choose(topic, make_article(headline="专题新稿"))
    state, html = served(client, "/topics/city-renewal/")
    assert state == "MISS" and "专题新稿" in html


def test_changing_a_home_slot_or_block_refreshes_the_home_page_and_no_other(
    client, django_capture_on_commit_callbacks
):
    article = make_article(make_section("新闻", "news"), headline="要闻稿件")
    others = ["/news/", article.get_absolute_url(), "/feeds/rss.xml"]
    for url in ["/", *others]:
        client.get(url)
    block = home_block("头条")
    with django_capture_on_commit_callbacks(execute=True):
        entry = place(block, article, title="改写的头条标题")
    with django_capture_on_commit_callbacks(execute=True):
        block.size = 2
        block.save()
    assert {key for record in Invalidation.objects.all() for key in record.key_list()} == {"home"}
    state, html = served(client, "/")
    assert state == "MISS" and "改写的头条标题" in html
    with django_capture_on_commit_callbacks(execute=True):
        entry.delete()
    assert "改写的头条标题" not in served(client, "/")[1]
    for url in others:
        assert served(client, url)[0] == "HIT", url


def test_changing_a_sections_slot_refreshes_that_sections_page_only(
    client, django_capture_on_commit_callbacks
):
    news, sports = make_section("新闻", "news"), make_section("体育", "sports")
    article = make_article(news, headline="新闻稿件")
    make_article(sports)
    page = section_page(sports)
    for url in ("/", "/news/", "/sports/"):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        place(page.blocks.get(name="置顶"), article)
    assert "新闻稿件" in served(client, "/sports/")[1]
    for url in ("/", "/news/"):
        assert served(client, url)[0] == "HIT", url


def test_publishing_refreshes_another_sections_page_whose_block_falls_back_to_its_section(
    client, django_capture_on_commit_callbacks
):
    news, sports = make_section("新闻", "news"), make_section("体育", "sports")
    hubei = make_section("湖北", "hubei", parent=news)
    make_article(sports)
    make_article(news, published_at=timezone.now() - timedelta(days=1))
    make_block(section_page(sports), "新闻", fallback=Block.Fallback.SECTION, fallback_section=news)
    client.get("/sports/")
    assert served(client, "/sports/")[0] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        fresh = make_article(hubei, headline="湖北新闻")
    state, html = served(client, "/sports/")
    assert state == "MISS" and "湖北新闻" in html
    with django_capture_on_commit_callbacks(execute=True):
        fresh.status = Article.Status.WITHDRAWN
        fresh.save()
    assert "湖北新闻" not in served(client, "/sports/")[1]
