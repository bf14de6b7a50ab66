"""A reader sees an article only when it is published and its time has come: everywhere."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_section,
)

pytestmark = pytest.mark.django_db

HIDDEN_STATES = {
    "draft": {"status": Article.Status.DRAFT},
    "in review": {"status": Article.Status.IN_REVIEW},
    "withdrawn": {
        "status": Article.Status.WITHDRAWN,
        "published_at": timezone.now() - timedelta(hours=2),
    },
    "scheduled": {
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() + timedelta(hours=2),
    },
}


@pytest.fixture
def world():
    news = make_section("新闻", "news")
    hubei = make_section("湖北", "hubei", parent=news)
    outlet = make_outlet("荆楚网")
    contributor = make_contributor("胡弦", outlet)
    role = make_role("记者")

    def article(headline, **fields):
        made = make_article(hubei, headline=headline, source=outlet, **fields)
        made.tags.add("武汉")
        add_byline(made, contributor, role)
        return made

    return {
        "news": news,
        "hubei": hubei,
        "outlet": outlet,
        "contributor": contributor,
        "make": article,
    }


def public_urls(world, visible):
    return [
        "/",
        "/news/",
        "/news/hubei/",
        "/tags/%E6%AD%A6%E6%B1%89/",
        world["contributor"].get_absolute_url(),
        world["outlet"].get_absolute_url(),
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        "/feeds/news/rss.xml",
        "/feeds/news/hubei/atom.xml",
        "/sitemap.xml",
        "/sitemap-sections.xml",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
        visible.get_absolute_url(),
    ]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_article_appears_in_no_page_listing_feed_or_sitemap(client, world, state):
    visible = world["make"]("看得见的稿件")
    hidden = world["make"]("看不见的稿件", **HIDDEN_STATES[state])
    assert len(client.get("/news/").context["page_obj"]) == 1
    for url in public_urls(world, visible):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "看不见的稿件" not in content, url
        assert not re.search(rf"/\d{{4}}/\d{{2}}/\d{{2}}/{hidden.pk}/", content), url


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_article_answers_404_to_readers(client, world, state):
    hidden = world["make"]("看不见的稿件", **HIDDEN_STATES[state])
    assert client.get(f"/news/hubei/2020/01/01/{hidden.pk}/").status_code == 404
    assert client.get(f"/preview/{hidden.pk}/").status_code == 404
    if hidden.published_at:
        assert client.get(hidden.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_by_itself_at_its_time_even_through_the_cache(client, world):
    go_live = timezone.now() + timedelta(minutes=30)
    world["make"]("看得见的稿件")
    scheduled = world["make"]("定时发布的稿件", published_at=go_live)
    assert "定时发布的稿件" not in client.get("/news/hubei/").content.decode()
    with time_machine.travel(go_live + timedelta(seconds=1)):
        assert "定时发布的稿件" in client.get("/news/hubei/").content.decode()
        assert client.get(scheduled.get_absolute_url()).status_code == 200
