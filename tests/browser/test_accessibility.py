"""axe-core in Chromium: no serious or critical accessibility violations."""

import pytest
from django.core.management import call_command
from PIL import Image

from articles.models import Article, Contributor

pytestmark = pytest.mark.browser


def test_admin_login_page_has_no_serious_accessibility_violations(page, axe):
    page.goto("/admin/login/")
    assert axe(page) == []


def test_not_found_page_has_no_serious_accessibility_violations(page, axe):
    page.goto("/no-such-page/")
    assert axe(page) == []


def test_screenshots_are_saved_at_phone_and_desktop_widths(page, screenshots):
    page.goto("/admin/login/")
    paths = screenshots(page, "admin-login")
    widths = [Image.open(path).size[0] for path in paths]
    assert [path.parent.name for path in paths] == ["screenshots", "screenshots"]
    assert widths == [360, 1280]


@pytest.fixture
def readers_site(page):
    call_command(
        "loaddata",
        "fixtures/reference.json",
        "fixtures/sample_article.json",
        "fixtures/demo_articles.json",
        verbosity=0,
    )
    article = Article.objects.published().filter(bylines__isnull=False, tags__isnull=False)[0]
    contributor = Contributor.objects.filter(bylines__article=article)[0]
    return {
        "home": "/",
        "section": "/news/",
        "subsection": article.section.get_absolute_url(),
        "article": article.get_absolute_url(),
        "tag": f"/tags/{article.tags.all()[0].slug}/",
        "contributor": contributor.get_absolute_url(),
    }


def test_readers_pages_have_no_serious_accessibility_violations(page, axe, readers_site):
    found = {}
    for kind, url in readers_site.items():
        assert page.goto(url).status == 200, url
        found[kind] = axe(page)
    assert found == dict.fromkeys(readers_site, [])


def test_the_footer_with_every_operator_setting_has_no_serious_accessibility_violations(
    page, axe, settings
):
    settings.SITE_ICP_NUMBER = "鄂ICP备12345678号-1"
    settings.SITE_NEWS_LICENSE = "42120170001"
    settings.SITE_PSB_NUMBER = "鄂公网安备 42010602000123号"
    settings.SITE_REPORT_PHONE = "027-87654321"
    settings.SITE_REPORT_EMAIL = "jubao@example.cn"
    for url in ("/sitemap/", "/feeds/", "/pages/about/"):
        assert page.goto(url).status == 200, url
        assert page.locator(".site-footer .report").is_visible()
        assert axe(page) == [], url
