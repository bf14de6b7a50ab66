"""The header's search box on a phone: labelled, usable with the keyboard, and its results
page passes axe."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser


@pytest.fixture
def site(page):
    call_command(
        "loaddata",
        "fixtures/reference.json",
        "fixtures/sample_article.json",
        "fixtures/demo_articles.json",
        verbosity=0,
    )


def test_a_reader_searches_from_the_header_on_a_phone(page, site, axe):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/")
    box = page.get_by_role("searchbox", name="站内搜索")
    assert box.is_visible()
    assert box.bounding_box()["width"] >= 200
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") == 0
    # A word only the sample article has, in its list title and body: this test is about the box and
    # the results page on a phone; ranking has its own tests in test_search_engine.py.
    box.fill("放大镜")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    first = page.locator(".search-result").first
    assert "武汉市用改的成效回应群众关切" in first.locator("h2").inner_text()
    assert first.locator(".search-snippet mark").first.inner_text() == "放大镜"
    assert page.get_by_role("searchbox", name="站内搜索").input_value() == "放大镜"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") == 0
    assert axe(page) == []


def test_the_friendly_pages_pass_axe(page, site, axe):
    page.set_viewport_size({"width": 360, "height": 780})
    for query in ("", "&|!", "不存在的词语组合"):
        page.goto(f"/search/?q={query}&section=abc")
        assert page.locator(".search-message").is_visible()
        assert axe(page) == [], query


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_header_search_button_shows_its_whole_label(page, site, width, language):
    page.set_viewport_size({"width": width, "height": 780})
    page.goto("/")
    page.evaluate(f"document.cookie = 'django_language={language}; path=/'")
    page.reload()
    button = page.locator(".site-search button")
    assert button.inner_text() == {"en": "Search", "zh-hans": "搜索"}[language]
    assert button.evaluate("b => b.scrollWidth <= b.clientWidth")
