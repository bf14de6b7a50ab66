"""The site navigation: top-level sections readers can open, the current one marked."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Section
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def nav_links(response):
    """(name, aria-current or None) for each link of the site navigation."""
    html = response.content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    if nav is None:
        return []
    return [
        (name, current or None)
        for current, name in re.findall(
            r'<a href="[^"]*"(?: aria-current="([^"]*)")?>([^<]*)</a>', nav.group()
        )
    ]


@pytest.fixture
def site():
    news = make_section("新闻", "news", position=1)
    hubei = make_section("湖北", "hubei", parent=news)
    sport = make_section("体育", "sport", position=2)
    make_section("空栏目", "empty", position=3)
    make_section("停用", "inactive", position=4, active=False)
    drafts_only = make_section("草稿", "drafts", position=5)
    soon = make_section("预告", "soon", position=6)
    article = make_article(hubei)
    make_article(sport)
    make_article(Section.objects.get(slug="inactive"))
    make_article(drafts_only, status=Article.Status.DRAFT)
    make_article(soon, published_at=timezone.now() + timedelta(days=1))
    return {"news": news, "hubei": hubei, "sport": sport, "article": article}


def test_navigation_leaves_out_empty_inactive_and_unpublished_sections(site):
    names = [section.name for section in Section.objects.in_navigation()]
    assert names == ["新闻", "体育"]


@pytest.mark.parametrize("page", ["home", "section", "subsection", "article"])
def test_every_page_shows_the_same_sections(client, site, page):
    url = {
        "home": "/",
        "section": "/sport/",
        "subsection": "/news/hubei/",
        "article": site["article"].get_absolute_url(),
    }[page]
    assert [name for name, _current in nav_links(client.get(url))] == ["新闻", "体育"]


def test_home_marks_no_section(client, site):
    assert nav_links(client.get("/")) == [("新闻", None), ("体育", None)]


def test_a_top_level_section_page_is_the_current_page(client, site):
    assert nav_links(client.get("/sport/")) == [("新闻", None), ("体育", "page")]


def test_a_subsection_and_its_articles_mark_their_top_level_section(client, site):
    assert nav_links(client.get("/news/hubei/")) == [("新闻", "true"), ("体育", None)]
    article_page = client.get(site["article"].get_absolute_url())
    assert nav_links(article_page) == [("新闻", "true"), ("体育", None)]
