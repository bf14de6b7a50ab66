"""The curation screen in Chromium: an editor adds an article by searching, reorders with the
keyboard, schedules a slot, saves and previews the page at a later time; front pages pass axe."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from frontpage.models import SlotEntry
from tests.factories import make_article
from tests.frontpage_factories import curate_url, home_block, home_page, place

pytestmark = pytest.mark.browser


def titles_in(page, block):
    return page.locator(f'.slot-list[data-block="{block.pk}"] .slot-title').all_inner_texts()


def test_an_editor_adds_reorders_by_keyboard_schedules_and_previews(
    page, editor, admin_login, script_watch, screenshots
):
    latest, lead = home_block("要闻"), home_block("头条")
    first = make_article(headline="第一条要闻")
    second = make_article(headline="第二条要闻")
    place(latest, first, 0)
    place(latest, second, 1)
    make_article(headline="明早的头条新闻", published_at=timezone.now() - timedelta(days=2))
    home = home_page()
    admin_login("editor", "pw-editor", curate_url(home))

    # Add: choose the block, search, pick the result with the keyboard.
    page.select_option("#add-block", str(lead.pk))
    page.fill("#article-search", "明早的头条")
    page.locator("#article-results [role=option]").first.wait_for()
    page.press("#article-search", "ArrowDown")
    page.press("#article-search", "Enter")
    assert titles_in(page, lead) == ["明早的头条新闻"]
    # The new row's handle has the focus, so the keyboard user goes on from there.
    assert page.evaluate("document.activeElement.classList.contains('slot-handle')")

    # Reorder by keyboard: the second 要闻 moves up.
    handle = (
        page.locator(f'.slot-list[data-block="{latest.pk}"] .slot-row')
        .nth(1)
        .locator(".slot-handle")
    )
    handle.focus()
    page.keyboard.press("ArrowUp")
    assert titles_in(page, latest) == ["第二条要闻", "第一条要闻"]
    # The status is written a moment later, so screen readers announce it again (curate.js).
    expect(page.locator("#curation-status")).to_contain_text("第二条要闻")

    # Schedule the new lead for tomorrow 07:00 until 12:00, then save.
    tomorrow = timezone.localtime() + timedelta(days=1)
    seven = tomorrow.replace(hour=7, minute=0, second=0, microsecond=0)
    row = page.locator(f'.slot-list[data-block="{lead.pk}"] .slot-row').first
    row.locator("input[name$='-starts_at']").fill(seven.strftime("%Y-%m-%dT%H:%M"))
    row.locator("input[name$='-ends_at']").fill(seven.replace(hour=12).strftime("%Y-%m-%dT%H:%M"))
    row.locator("input[name$='-title']").fill("明早头条")
    page.click("#curation-form input[type=submit]")
    page.wait_for_url(f"**{curate_url(home)}")
    assert "已保存" in page.locator(".messagelist").inner_text()
    added = SlotEntry.objects.get(block=lead)
    assert added.title == "明早头条" and timezone.localtime(added.starts_at) == seven
    assert list(latest.entries.order_by("position").values_list("article", flat=True)) == [
        second.pk,
        first.pk,
    ]
    screenshots(page, "curation-screen")

    # Preview at 08:00 tomorrow: the scheduled lead is there; readers do not have it now.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.fill("#preview-at", seven.replace(hour=8).strftime("%Y-%m-%dT%H:%M"))
    with page.expect_popup() as opened:
        page.click(".curation-preview button[type=submit]")
    preview = opened.value
    preview.wait_for_load_state()
    lead_story = preview.locator(".lead-story-title").inner_text()
    assert lead_story == "明早头条"
    assert "预览" in preview.locator(".preview-banner").inner_text()
    reader = preview.context.browser.new_context(base_url=page.url.split("/admin")[0]).new_page()
    reader.goto("/")
    assert "明早头条" not in reader.content()
    reader.context.close()
    script_watch.settle()
    assert script_watch.page_errors == [] and script_watch.csp_violations == []


def test_front_pages_have_no_serious_accessibility_violations(page, axe, screenshots):
    call_command(
        "loaddata",
        "fixtures/reference.json",
        "fixtures/sample_article.json",
        "fixtures/demo_articles.json",
        "fixtures/frontpage.json",
        verbosity=0,
    )
    found = {}
    for url in ("/", "/news/", "/topics/city-renewal/"):
        assert page.goto(url).status == 200, url
        found[url] = axe(page)
    assert found == {"/": [], "/news/": [], "/topics/city-renewal/": []}
    page.goto("/")
    screenshots(page, "front-page-home")


def test_the_curation_screen_fits_a_phone(page, editor, admin_login, screenshots):
    place(home_block("要闻"), make_article(headline="武汉长江大桥今起夜间封闭施工"), 0)
    page.set_viewport_size({"width": 390, "height": 844})
    admin_login("editor", "pw-editor", curate_url(home_page()))
    found = page.evaluate(
        """() => ({
          extra: document.documentElement.scrollWidth - window.innerWidth,
          wider: [...document.querySelectorAll('#content *')]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id}`),
        })"""
    )
    assert found == {"extra": 0, "wider": []}
    screenshots(page, "curation-screen-phone")
