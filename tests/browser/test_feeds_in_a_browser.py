"""A reader who clicks RSS gets a page, not raw XML."""

import pytest

from tests.factories import make_article, make_section

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("url", ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/news/rss.xml"])
def test_a_feed_opened_in_the_browser_shows_its_articles_as_a_page(page, url):
    article = make_article(make_section("新闻", "news"), headline="全省重大项目开工")
    page.goto(url)
    assert page.locator("h1").inner_text().startswith("荆楚网")
    link = page.locator(".article-list a")
    assert link.inner_text() == "全省重大项目开工"
    assert link.get_attribute("href").endswith(article.get_absolute_url())
    assert page.locator(".feed-note a").get_attribute("href") == "/feeds/"
