"""Listings are paged without counting them: newer and older links, a 404 past the end."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    """A section of exactly two full pages (20 a page), newest first by number."""
    section = make_section("新闻", "news")
    now = timezone.now()
    for n in range(40):
        make_article(section, headline=f"第{n}篇", published_at=now - timedelta(minutes=n + 1))
    return section


def headlines(response):
    return [article.headline for article in response.context["page_obj"]]


def test_pages_follow_each_other_newest_first_with_no_repeat(client, news):
    first, second = client.get("/news/"), client.get("/news/?page=2")
    assert headlines(first) == [f"第{n}篇" for n in range(20)]
    assert headlines(second) == [f"第{n}篇" for n in range(20, 40)]


def test_the_first_page_links_only_to_older_and_the_last_only_to_newer(client, news):
    first = client.get("/news/").content.decode()
    last = client.get("/news/?page=2").content.decode()
    assert 'rel="next" href="?page=2"' in first and 'rel="prev"' not in first
    assert 'rel="prev" href="?page=1"' in last and 'rel="next"' not in last


def test_a_page_past_the_end_is_not_found(client, news):
    assert client.get("/news/?page=3").status_code == 404


def test_a_deep_page_links_back_to_the_newest(client, news):
    for n in range(25):
        make_article(news, published_at=timezone.now() - timedelta(days=1, minutes=n))
    third = client.get("/news/?page=3").content.decode()
    assert '<a href="/news/">' in third


def test_a_short_listing_shows_no_page_links(client):
    make_article(make_section("体育", "sports"))
    assert 'class="pagination"' not in client.get("/sports/").content.decode()


def test_no_page_counts_the_listing(client, news):
    for url in ("/news/", "/news/?page=2"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()], url


def test_a_tag_only_on_drafts_has_no_page_but_a_published_one_has(client, news):
    make_article(news).tags.add("武汉")
    make_article(news, status=Article.Status.DRAFT).tags.add("内情")
    assert client.get("/tags/武汉/").status_code == 200
    assert client.get("/tags/内情/").status_code == 404
