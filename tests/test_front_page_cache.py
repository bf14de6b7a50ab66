"""Cached front pages are invalidated by what they show: their entries, the articles placed on
them, and a topic's articles."""

import pytest
from taggit.models import Tag

from frontpage.models import Topic
from tests.factories import make_article, make_section
from tests.frontpage_factories import choose, home_block, make_topic, place, section_page

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
