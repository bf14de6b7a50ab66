"""Every public page type carries the strict Content-Security-Policy, cached or not."""

import pytest

from articles import roles
from articles.models import Article
from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_section,
    make_staff,
)

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def directives(header):
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.fixture
def site():
    hubei = make_section("湖北", "hubei", parent=make_section("新闻", "news"))
    outlet = make_outlet("荆楚网")
    contributor = make_contributor("胡弦", outlet)
    article = make_article(hubei, source=outlet)
    add_byline(article, contributor, make_role("记者"))
    article.tags.add("武汉")
    draft = make_article(hubei, status=Article.Status.DRAFT)
    return {
        "home": "/",
        "section": "/news/",
        "subsection": "/news/hubei/",
        "article": article.get_absolute_url(),
        "tag": f"/tags/{article.tags.get().slug}/",
        "contributor": contributor.get_absolute_url(),
        "outlet": outlet.get_absolute_url(),
        "preview": f"/preview/{draft.pk}/",
        "rss": "/feeds/rss.xml",
        "atom": "/feeds/atom.xml",
        "section rss": "/feeds/news/hubei/rss.xml",
        "section atom": "/feeds/news/atom.xml",
        "sitemap": "/sitemap.xml",
        "news sitemap": "/news-sitemap.xml",
        "robots": "/robots.txt",
        "not found": "/no/such/page/",
    }


PAGES = [
    *("home", "section", "subsection", "article", "tag", "contributor", "outlet", "preview"),
    *("rss", "atom", "section rss", "section atom", "sitemap", "news sitemap", "robots"),
    "not found",
]


@pytest.mark.parametrize("kind", PAGES)
def test_public_page_carries_the_strict_policy_also_from_the_page_cache(client, site, kind):
    if kind == "preview":
        client.force_login(make_staff("editor", roles.EDITOR))
    url = site[kind]
    for attempt in ("rendered", "cached"):
        response = client.get(url)
        assert response.status_code == (404 if kind == "not found" else 200), attempt
        policy = directives(response["Content-Security-Policy"])
        assert {name: policy.get(name) for name in STRICT} == STRICT, attempt
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], attempt
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], attempt


def test_an_article_may_show_an_image_from_another_https_site(client):
    body = '<p>图</p><p><img src="https://img.cnhubei.com/a.jpg" alt="现场"></p>'
    article = make_article(body=body)
    response = client.get(article.get_absolute_url())
    assert 'src="https://img.cnhubei.com/a.jpg"' in response.content.decode()
    images = directives(response["Content-Security-Policy"])["img-src"]
    assert "https:" in images and "http:" not in images and "*" not in images
