"""What listings show: full publish times, canonical addresses, and inactive sections left unlinked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_section,
    page_text,
)

pytestmark = pytest.mark.django_db

SAMPLE_TIME = timezone.datetime(2019, 7, 29, 11, 26, 52, tzinfo=timezone.get_default_timezone())


def test_listings_and_related_articles_show_times_to_the_second(client):
    section = make_section("新闻", "news")
    listed = make_article(section, published_at=SAMPLE_TIME)
    other = make_article(section, published_at=SAMPLE_TIME - timedelta(hours=1))
    assert "2019-07-29 11:26:52" in page_text(client.get("/news/"))
    assert "2019-07-29 11:26:52" in page_text(client.get("/"))
    related = client.get(other.get_absolute_url())
    assert list(related.context["related"]) == [listed]
    assert "2019-07-29 11:26:52" in page_text(related)


def test_tag_contributor_and_outlet_pages_carry_a_canonical_address(client):
    outlet = make_outlet("荆楚网")
    contributor = make_contributor("胡弦", outlet)
    article = make_article(source=outlet)
    add_byline(article, contributor, make_role("记者"))
    article.tags.add("武汉")
    for path in ("/tags/%E6%AD%A6%E6%B1%89/", f"/contributors/{contributor.pk}/"):
        html = client.get(path).content.decode()
        assert f'<link rel="canonical" href="http://testserver{path}">' in html, path
    html = client.get(f"/outlets/{outlet.pk}/?page=1&utm_source=x").content.decode()
    assert f'<link rel="canonical" href="http://testserver/outlets/{outlet.pk}/">' in html


def test_an_inactive_section_is_not_linked_but_its_articles_stay_readable(client):
    news = make_section("新闻", "news")
    closed = make_section("旧栏目", "old", parent=news, active=False)
    article = make_article(closed, headline="旧栏目的稿件")
    assert client.get("/news/old/").status_code == 404
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert '<a href="/news/">新闻</a>' in html
    assert 'href="/news/old/"' not in html
    assert 'aria-current="location">旧栏目' in html
    listing = client.get("/news/").content.decode()
    assert "旧栏目的稿件" in listing
    assert 'href="/news/old/"' not in listing
