"""The captured 荆楚网 article, loaded from the fixtures, rendered by our templates."""

import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article
from tests.factories import page_text

FIXTURES = ["reference.json", "sample_article.json", "demo_articles.json"]


@pytest.fixture
def sample(db):
    call_command("loaddata", *(settings.BASE_DIR / "fixtures" / f for f in FIXTURES), verbosity=0)
    return Article.objects.get(headline__startswith="武汉市用改的成效回应群众关切")


@pytest.fixture
def page(client, sample):
    response = client.get(sample.get_absolute_url())
    assert response.status_code == 200
    return response


def test_sample_article_lives_at_its_section_date_and_id(sample):
    assert sample.get_absolute_url() == f"/news/hubei/2019/07/29/{sample.pk}/"


def test_sample_page_shows_the_captured_time_source_and_byline(page):
    text = page_text(page)
    assert "发布时间:2019-07-29 11:26:52" in text
    assert "来源:荆楚网" in text
    assert "湖北日报全媒记者 胡弦 实习生 吴佳怡" in text


def test_sample_page_has_the_three_breadcrumb_links(page):
    html = page.content.decode()
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group()
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)
    assert links == [("/", "首页"), ("/news/", "新闻"), ("/news/hubei/", "湖北")]
    assert 'aria-current="location">湖北</a>' in nav
    assert "首页 > 新闻 > 湖北" in page_text(page)


def test_sample_page_shows_the_list_title_and_the_headline_in_the_captures_order(page, sample):
    text = page_text(page)
    body = text[text.index("首页 > 新闻 > 湖北") :]
    order = [
        "首页 > 新闻 > 湖北",
        "武汉市用改的成效回应群众关切 用“放大镜”看“角落”",
        "武汉市用改的成效回应群众关切 带着“放大镜”多看“角落”",
        "发布时间:2019-07-29 11:26:52",
        "湖北日报全媒记者",
    ]
    positions = [body.index(part) for part in order]
    assert positions == sorted(positions)
    html = page.content.decode()
    assert html.count("<h1") == 1
    assert f"<h1>{sample.headline}</h1>" in html


def test_sample_page_carries_its_own_outlets_copyright_notice(page, sample):
    text = page_text(page)
    assert sample.copyright_notice.text in text
    assert "版权归荆楚网所有" in text
    assert "大众新闻网" not in text


def test_sample_page_shows_body_subheadings_and_tags(page, sample):
    html = page.content.decode()
    assert "<h2>将主题教育“课堂”搬到调研现场</h2>" in html
    for tag in sample.tags.all():
        assert f">{tag.name}</a>" in html


def test_sample_page_json_ld_parses_and_matches_the_page(page, sample):
    html = page.content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(script.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == sample.headline
    assert data["datePublished"] == "2019-07-29T11:26:52+08:00"
    assert data["articleSection"] == "湖北"
    assert [(a["name"], a["jobTitle"]) for a in data["author"]] == [
        ("胡弦", "全媒记者"),
        ("吴佳怡", "实习生"),
    ]
    assert data["copyrightHolder"]["name"] == "荆楚网"
    assert data["copyrightNotice"] in page_text(page)
    assert data["sourceOrganization"]["name"] == "荆楚网"
    assert data["url"] == f"http://testserver{sample.get_absolute_url()}"


def test_every_demo_page_renders(client, sample):
    urls = ["/", "/news/", "/news/hubei/", "/sports/", "/feeds/rss.xml", "/sitemap.xml"]
    urls += [a.get_absolute_url() for a in Article.objects.published()]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_no_fixture_article_that_is_not_public_is_reachable(client, sample):
    hidden = Article.objects.exclude(pk__in=Article.objects.published())
    assert hidden.count() >= 5
    for article in hidden:
        assert client.get(f"/preview/{article.pk}/").status_code == 404
        if article.published_at:
            assert client.get(article.get_absolute_url()).status_code == 404
