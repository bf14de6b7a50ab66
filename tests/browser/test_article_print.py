"""An article printed from the browser: the text, its source, time and address; no navigation."""

import re

import pytest
from django.utils import timezone

from tests.factories import make_article, make_outlet, make_section

pytestmark = pytest.mark.browser


def test_printing_an_article_drops_the_navigation_and_prints_source_time_and_address(page):
    news = make_section("新闻", "news")
    older = make_article(news, headline="较早的稿件")
    article = make_article(news, headline="全省重大项目开工", source=make_outlet("湖北日报"))
    article.tags.add("重大项目")
    page.goto(article.get_absolute_url())
    screen_source = page.locator(".print-source")
    assert not screen_source.is_visible()
    assert page.locator(".article-pager").is_visible()

    page.emulate_media(media="print")
    for hidden in [".site-nav", ".breadcrumbs", ".site-footer", ".article-pager", ".tags"]:
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator("h1").is_visible()
    printed = screen_source.inner_text()
    assert re.search("来源[:：]湖北日报", printed)
    assert re.search(
        f"发布时间[:：]{timezone.localtime(article.published_at):%Y-%m-%d %H:%M:%S}", printed
    )
    assert page.url in printed
    assert older.headline not in page.locator("body").inner_text()
    assert len(page.pdf()) > 1000
