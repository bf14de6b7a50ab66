"""Pictures in Chromium: the focal point picker by mouse and keyboard, and a gallery on a phone,
with and without script."""

import pytest

from pictures.models import GalleryPicture, Image
from tests.factories import make_article, make_image, make_outlet

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.media_urls")]

PHONE = {"width": 390, "height": 844}


def test_an_editor_sets_the_focal_point_by_clicking_and_with_the_arrow_keys(
    page, editor, admin_login, script_watch
):
    image = make_image("竹叶山", size=(1200, 800))
    before = {r["name"] for r in image.renditions}
    admin_login("editor", "pw-editor", f"/admin/pictures/image/{image.pk}/change/")
    picture = page.locator(".focal-point-picker img")
    picture.wait_for()
    picture.scroll_into_view_if_needed()
    box = picture.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.75)
    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.25, abs=0.01)
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.75, abs=0.01)
    marker = page.locator(".focal-point-marker")
    assert marker.evaluate("el => el === document.activeElement")
    marker_box = marker.bounding_box()
    assert marker_box["x"] + marker_box["width"] / 2 == pytest.approx(
        box["x"] + box["width"] * 0.25, abs=2
    )

    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowUp")
    x, y = float(page.input_value("#id_focal_x")), float(page.input_value("#id_focal_y"))
    assert (x, y) == (pytest.approx(0.27, abs=0.011), pytest.approx(0.65, abs=0.011))
    assert marker.get_attribute("aria-valuetext") == f"{round(x * 100)}% / {round(y * 100)}%"

    page.click("input[name=_continue]")
    page.wait_for_load_state()
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (pytest.approx(x), pytest.approx(y))
    assert {r["name"] for r in image.renditions}.isdisjoint(before)
    script_watch.settle()
    assert script_watch.page_errors == []


@pytest.fixture
def gallery_article(page):
    outlet = make_outlet("荆楚网")
    article = make_article(headline="江城夜景", source=outlet)
    colours = ["darkslateblue", "darkgoldenrod", "seagreen"]
    for position, colour in enumerate(colours):
        image = make_image(f"夜景{position + 1}", size=(1200, 800), color=colour)
        Image.objects.filter(pk=image.pk).update(credit_text="新华社")
        GalleryPicture.objects.create(
            article=article, image=image, position=position, caption=f"第{position + 1}张的说明"
        )
    return article


def test_the_gallery_on_a_phone_moves_by_buttons_and_swipes(
    page, gallery_article, script_watch, axe, screenshots
):
    page.set_viewport_size(PHONE)
    page.goto(gallery_article.get_absolute_url())
    track = page.locator(".gallery-track")
    status = page.locator(".gallery-status")
    assert status.text_content() == "1 / 3"
    first = page.locator("#gallery-1 img")
    first.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#gallery-1 img').complete")
    assert first.evaluate("img => img.naturalWidth") > 0
    # A 390-pixel phone is given a rendition near its width, never the 1200-pixel original.
    assert 300 <= first.evaluate("img => img.naturalWidth") <= 1280
    assert page.locator("#gallery-1 figcaption").text_content().strip().startswith("1/3")

    page.click(".gallery-next")
    page.wait_for_function(
        "() => document.querySelector('.gallery-status').textContent === '2 / 3'"
    )
    assert track.evaluate("t => t.scrollLeft") > 0

    # A swipe: the track scrolls sideways under the finger.
    track.evaluate("t => t.scrollBy({left: t.clientWidth, behavior: 'instant'})")
    page.wait_for_function(
        "() => document.querySelector('.gallery-status').textContent === '3 / 3'"
    )
    assert page.locator(".gallery-next").is_disabled()
    page.keyboard.press("Shift+Tab")  # away and back: the arrow keys work on the track
    track.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => document.querySelector('.gallery-status').textContent === '2 / 3'"
    )

    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    script_watch.settle()
    assert script_watch.csp_violations == [] and script_watch.page_errors == []
    assert axe(page) == []
    screenshots(page, "gallery-article")


def test_the_gallery_works_without_script(browser, live_server, gallery_article):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE, locale="zh-CN"
    )
    try:
        page = context.new_page()
        page.goto(gallery_article.get_absolute_url())
        assert page.locator(".gallery-controls").count() == 0
        page.click(".gallery-index a[href='#gallery-3']")
        assert page.evaluate("() => location.hash") == "#gallery-3"
        # The third picture is the one in view in the track (the track scrolled to it). A page
        # without script cannot run Playwright's waiting functions: ask it until it is so.
        in_view = """() => {
          const track = document.querySelector('.gallery-track').getBoundingClientRect();
          const slide = document.querySelector('#gallery-3').getBoundingClientRect();
          return Math.abs(slide.left - track.left) < 2;
        }"""
        for _ in range(100):
            if page.evaluate(in_view):
                break
            page.wait_for_timeout(100)
        assert page.evaluate(in_view)
        third = page.locator("#gallery-3 figcaption")
        assert third.text_content().strip().startswith("3/3")
    finally:
        context.close()
