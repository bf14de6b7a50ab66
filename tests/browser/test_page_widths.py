"""Readers' pages fit a phone: no public page is wider than the window at 320, 390 and 768 pixels."""

import pytest
from django.core.management import call_command

from articles.models import Article, Contributor
from frontpage.models import Topic
from tests.factories import make_article, make_image, make_outlet, make_section

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.media_urls")]

WIDTHS = [320, 390, 768]

# What a body holds in practice: a picture in its own paragraph (CKEditor puts it there), a
# picture inside a text paragraph, a long address with no space, and a wide table.
BODY = """
<p>据介绍,今年以来全省共开工项目一千二百个,完成投资同比增长百分之十二。</p>
<p><img src="{url}" alt="工地" width="1600" height="1200"></p>
<p>现场照片<img src="{url}" alt="" width="1600" height="1200">如上。</p>
<p>详情见 https://www.example.com/a/very/long/address/that/has/no/space/in/it/at/all/2019/07/29/index.html</p>
<table><tr>{cells}</tr></table>
"""


@pytest.fixture
def public_pages(page):
    call_command(
        "loaddata",
        "fixtures/reference.json",
        "fixtures/sample_article.json",
        "fixtures/demo_articles.json",
        verbosity=0,
    )
    picture = make_image("工地", size=(1600, 1200))
    outlet = make_outlet("湖北日报网站")
    article = make_article(
        make_section("湖北新闻联播特别报道栏目", "hubei-special"),
        headline="全省重大项目建设现场推进会在武汉召开" * 2,
        source=outlet,
        lead_image=picture,
        body=BODY.format(
            url=picture.file.url, cells="".join(f"<td>第{n}列数据</td>" for n in range(30))
        ),
    )
    article.tags.add("重大项目")
    topic = Topic.objects.create(
        title="全省重大项目建设专题报道", slug="projects", selection="tag", tag=article.tags.get()
    )
    with_credits = Article.objects.published().filter(bylines__isnull=False)[0]
    contributor = Contributor.objects.filter(bylines__article=with_credits)[0]
    return {
        "home": "/",
        "section": "/news/",
        "article with pictures": article.get_absolute_url(),
        "sample article": with_credits.get_absolute_url(),
        "tag": "/tags/重大项目/",
        "contributor": contributor.get_absolute_url(),
        "outlet": outlet.get_absolute_url(),
        "search": "/search/?q=重大项目",
        "topic": topic.get_absolute_url(),
        "site map": "/sitemap/",
        "feeds": "/feeds/",
        "about": "/pages/about/",
        "not found": "/no-such-page/",
    }


def overflow(page):
    """How many pixels the page is wider than the window, and body pictures that stick out of
    the text column."""
    return page.evaluate(
        """() => {
          const column = document.querySelector('.article-body');
          const right = column ? column.getBoundingClientRect().right : Infinity;
          const outside = [...document.querySelectorAll('.article-body img')]
            .filter((img) => img.getBoundingClientRect().right > right + 0.5)
            .map((img) => img.getBoundingClientRect().right - right);
          return {
            extra: document.documentElement.scrollWidth - window.innerWidth,
            pictures_outside: outside,
          };
        }"""
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_no_public_page_is_wider_than_the_window(page, public_pages, width):
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for kind, url in public_pages.items():
        page.goto(url)
        page.wait_for_load_state("load")
        found[kind] = overflow(page)
    assert found == dict.fromkeys(public_pages, {"extra": 0, "pictures_outside": []})


def test_body_pictures_start_at_the_text_column_edge(page, public_pages):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(public_pages["article with pictures"])
    offsets = page.evaluate(
        """() => {
          const left = document.querySelector('.article-body').getBoundingClientRect().left;
          return [...document.querySelectorAll('.article-body p > img, .article-body p > picture img')]
            .map((img) => Math.round(img.getBoundingClientRect().left - left));
        }"""
    )
    assert offsets[0] == 0
