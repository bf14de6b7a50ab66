"""No script from content ever runs: the XSS corpus in every field the importer fills.

Captures carry the corpus in the list title, headline, kicker, subheadline, 来源 (a new outlet,
which also becomes the reporter's affiliation), body paragraphs and subheadings, and the notice.
Section names, byline names and the editor line cannot carry a payload: the importer reads only
Chinese names there, and a breadcrumb part with `<`, `>`, `:` or `;` is no breadcrumb at all.
The imported articles are published, then Chromium loads every public page and feed that shows
them, and the admin pages where an editor meets them.
"""

import re
from html import unescape

import pytest
from django.utils.html import strip_tags

from archive.normalize import normalize_text
from articles import roles
from articles.models import Article
from tests.browser.helpers import assert_feed_stylesheet_outputs_only_text, open_xml_document
from tests.capture_commands import load_reference_data, run_import
from tests.factories import make_staff
from tests.xss_payloads import XSS_PAYLOADS, chunks, packed

pytestmark = pytest.mark.browser

CHUNK = 10
# 来源 is read up to the first space or colon.
SOURCE_NAMES = [p for p in XSS_PAYLOADS if len(p) <= 100 and not any(c in p for c in " \t:")]


def capture_text(chunk, source, day):
    """A capture in the sample's layout with the chunk in every field the importer fills."""
    # The notice may name its own source (it becomes {holder}) but no other outlet.
    notice = [p for p in chunk if not any(name in p for name in SOURCE_NAMES if name != source)]
    body = []
    for index, payload in enumerate(chunk):
        body += [f"¶ {payload}", ""] if index % 3 else [f"## {payload}", ""]
    return "\n".join(
        [
            "首页 > 新闻 > 湖北 >",
            "",
            packed(120, chunk)[0],
            "",
            f"2019-07-{day:02d} 11:26:52 来源:{source}",
            "",
            f"引题:{packed(200, chunk)[-1]}",
            f"主题:{packed(200, chunk)[0]}",
            f"副题:{packed(200, chunk[::-1])[0]}",
            "",
            "记者 胡弦",
            "",
            *body,
            f"版权声明:{' '.join(notice)} 本文版权归{source}所有,未经许可不得转载。",
            "",
        ]
    )


@pytest.fixture
def imported(page, tmp_path):
    load_reference_data()
    make_staff("editor", roles.EDITOR)
    parts = chunks(CHUNK)
    for number, (chunk, source) in enumerate(zip(parts, SOURCE_NAMES, strict=False), start=1):
        text = capture_text(chunk, source, number)
        (tmp_path / f"capture-{number:02d}.txt").write_text(text, encoding="utf-8")
    out, err, error = run_import(tmp_path, publish=True)
    assert error is None, err
    articles = list(Article.objects.published().select_related("section", "source"))
    assert len(articles) == len(parts)
    return articles


def test_every_payload_lands_in_an_imported_field(imported):
    bodies = " ".join(unescape(strip_tags(a.body)) for a in imported)
    notices = " ".join(a.effective_notice().text for a in imported)
    sources = {a.source.name for a in imported}
    assert sources == set(SOURCE_NAMES[: len(imported)])
    # Payloads arrive as written (full-width ＜script＞ stays full-width), spaces and digits normalised.
    assert all(normalize_text(payload) in bodies for payload in XSS_PAYLOADS)
    # Escaped: the body's only markup is the importer's own paragraphs and subheadings.
    assert {tag for a in imported for tag in re.findall(r"</?(\w+)", a.body)} == {"p", "h2"}
    assert all(a.kicker and a.headline and a.subheadline for a in imported)
    assert all("<" in a.headline + a.kicker + a.list_title for a in imported)
    assert all(a.source.name in a.effective_notice().text for a in imported)
    assert "alert(1)" in notices
    assert all(a.bylines.get().contributor.affiliation == a.source for a in imported)


def imported_pages(articles):
    html = ["/"]
    xml = ["/feeds/rss.xml", "/feeds/atom.xml", "/sitemap.xml", "/news-sitemap.xml"]
    for article in articles:
        html += [
            article.get_absolute_url(),
            article.source.get_absolute_url(),
            article.bylines.get().contributor.get_absolute_url(),
        ]
    section = articles[0].section
    html.append(section.get_absolute_url())
    xml += [f"/feeds/{section.path}/rss.xml", f"/feeds/{section.path}/atom.xml"]
    return html, xml


def test_no_imported_payload_runs_on_any_public_page(page, script_watch, imported):
    html, _xml = imported_pages(imported)
    for url in html:
        response = page.goto(url)
        assert response.status == 200, url
        script_watch.settle()
    assert script_watch.executions == []
    assert script_watch.csp_violations == []
    assert script_watch.page_errors == []


def test_no_imported_payload_runs_in_any_feed_or_sitemap(page, script_watch, imported):
    _html, xml = imported_pages(imported)
    for url in xml:
        open_xml_document(page, url)  # well-formed XML, shown by the XSL as text
        script_watch.settle()
    assert_feed_stylesheet_outputs_only_text(page)
    # Chromium's own XML viewer (sitemaps) styles the tree inline, which the policy refuses:
    # those violations are the viewer's, so only executions count here.
    assert script_watch.executions == []


def test_imported_article_pages_show_the_payloads_as_text(page, script_watch, imported):
    for article in imported:
        page.goto(article.get_absolute_url())
        assert page.locator("h1").text_content() == article.headline
        assert page.locator(".kicker").text_content() == article.kicker
        assert page.locator(".copyright-notice").text_content() == article.effective_notice().text
        assert page.locator("article h2").first.text_content() == article_subheading(article)
    script_watch.settle()
    assert script_watch.executions == []


def article_subheading(article):
    start = article.body.index("<h2>") + len("<h2>")
    return unescape(article.body[start : article.body.index("</h2>")])


def test_no_imported_payload_runs_in_the_editors_admin(page, script_watch, imported, admin_login):
    admin_login("editor", "pw-editor")
    pages = ["/admin/articles/article/", "/admin/articles/sourceoutlet/"]
    pages += [f"/admin/articles/article/{imported[0].pk}/change/"]
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        script_watch.settle()
    page.frame_locator("iframe.cke_wysiwyg_frame").locator("h2").first.wait_for()
    script_watch.settle()
    assert script_watch.executions == []
    assert script_watch.csp_violations == []
