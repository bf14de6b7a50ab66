"""The article form in Chromium: no serious accessibility violation, headlines on one line,
fieldset headings of one height."""

import pytest

from articles import roles, workflow
from pictures.models import GalleryPicture
from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_image,
    make_outlet,
    make_role,
    make_section,
    make_staff,
)

pytestmark = pytest.mark.browser

HEADLINE = "武汉市用改革的成效回应群众关切，全省重大项目建设现场推进会召开"


@pytest.fixture
def article(editor):
    outlet = make_outlet("湖北日报")
    article = make_article(
        make_section("湖北", "hubei"),
        headline=HEADLINE,
        status="draft",
        published_at=None,
        body="<p>第一段。</p>",
        source=outlet,
    )
    add_byline(article, make_contributor("胡弦", outlet), make_role("记者"), 0)
    article.tags.add("重大项目")
    GalleryPicture.objects.create(article=article, image=make_image(), position=0)
    return article


def open_form(page, url):
    page.goto(url)
    page.wait_for_selector("iframe.cke_wysiwyg_frame", state="visible")
    page.wait_for_selector(".select2")


@pytest.mark.parametrize("form", ["add", "change"])
def test_the_article_form_has_no_serious_accessibility_violations(
    page, axe, admin_login, article, form
):
    url = "/admin/articles/article/add/"
    if form == "change":
        url = f"/admin/articles/article/{article.pk}/change/"
    admin_login("editor", "pw-editor", url)
    open_form(page, url)
    assert axe(page) == []
    page.click(".add-row a")  # a new byline row is named too
    page.click("#id_tags + .select2 .select2-selection")  # and select2's search box
    assert axe(page) == []


def test_a_chinese_headline_fits_on_one_line_of_its_input(page, admin_login, article):
    url = f"/admin/articles/article/{article.pk}/change/"
    admin_login("editor", "pw-editor", url)
    fits = page.evaluate(
        "() => { const box = document.querySelector('#id_headline');"
        " return box.scrollWidth <= box.clientWidth; }"
    )
    assert fits


def test_every_fieldset_heading_is_one_line_tall(page, admin_login, article):
    url = f"/admin/articles/article/{article.pk}/change/"
    admin_login("editor", "pw-editor", url)
    open_form(page, url)
    # The blue band behind a heading: its own box, or a heading painted behind the form.
    bands = page.evaluate(
        """() => [...document.querySelectorAll('#article_form fieldset > h2')].map((h) => {
          const box = h.getBoundingClientRect();
          const above = document.elementsFromPoint(box.left + 100, box.top - 10);
          return [h.textContent.trim(), Math.round(box.height),
                  above.some((e) => e.tagName === 'H2' && e.getBoundingClientRect().height > 100)];
        })"""
    )
    assert len(bands) >= 4
    assert [(name, height < 40, painted) for name, height, painted in bands] == [
        (name, True, False) for name, _height, _painted in bands
    ]


def test_an_intern_sees_a_submitted_article_as_text(page, article):
    intern = make_staff("intern", roles.INTERN)
    article.created_by = intern
    article.save()
    workflow.perform(article, intern, "submit")
    from tests.browser.helpers import log_in

    url = f"/admin/articles/article/{article.pk}/change/"
    log_in(page, "intern", "pw-intern", url)
    assert page.locator(".readonly-body").inner_text().strip() == "第一段。"
    assert "New tags" not in page.locator("#content-main").inner_text()
