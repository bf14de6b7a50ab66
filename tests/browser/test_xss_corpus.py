"""No script from content ever runs: the XSS corpus in every field an editor or importer fills.

Each article carries a chunk of the corpus: whole in the fields without a length limit (body,
summary, bio, description, notice, correction), and packed into as many values as fit in the short
ones (tags and bylines, several per article, hold a share each; single fields take what fits).
Chromium then loads every public page that shows them, the preview and the feeds and sitemaps;
a payload that ran would call `alert` or trip the Content-Security-Policy, and the script watch
would see it.
"""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles import roles
from articles.models import Article, CopyrightNotice, Correction
from pictures.models import GalleryPicture, Image
from tests.browser.helpers import assert_feed_stylesheet_outputs_only_text, open_xml_document
from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_section,
    make_staff,
)
from tests.xss_payloads import XSS_PAYLOADS, chunks, fitting, packed

pytestmark = pytest.mark.browser

CHUNK = 10
_numbers = itertools.count(1)


def first_fit(limit, chunk, turn=0):
    """One value of at most `limit` characters from the chunk, a different one each turn."""
    values = packed(limit, chunk) or packed(limit)
    return values[turn % len(values)]


def loaded_outlet(chunk):
    outlet = make_outlet(
        first_fit(100, chunk),
        with_notice=False,
        short_name=first_fit(30, chunk),
        approved_for_reposts=True,
    )
    middle = len(chunk) // 2
    outlet.default_notice = CopyrightNotice.objects.create(
        holder=outlet,
        title=f"声明{next(_numbers)}",
        template=" ".join(chunk[:middle]) + "{holder}" + " ".join(chunk[middle:]),
    )
    outlet.save(update_fields=["default_notice"])
    return outlet


def loaded_article(chunk, roles_cycle, editor, **fields):
    whole = " ".join(chunk)
    outlet = loaded_outlet(chunk)
    section = make_section(first_fit(60, chunk), f"xss-{next(_numbers)}", description=whole)
    article = make_article(
        section,
        kicker=first_fit(200, chunk, 1),
        headline=first_fit(200, chunk),
        subheadline=first_fit(200, chunk, 2),
        list_title=first_fit(120, chunk),
        summary=whole,
        body="".join(chunk),
        lead_image=Image.objects.create(
            file="uploads/xss.png",
            title=first_fit(200, chunk, 3),
            alt_text=first_fit(300, chunk, 2),
            caption=first_fit(500, chunk, 1),
            credit_text=first_fit(100, chunk, 1),
        ),
        lead_image_caption=first_fit(300, chunk),
        source=outlet,
        is_repost=True,
        original_title=first_fit(200, chunk, 3),
        original_author=first_fit(100, chunk, 2),
        original_url="https://example.com/original",
        responsible_editor=editor,
        **fields,
    )
    for name in packed(60, chunk):
        contributor = make_contributor(name, outlet, bio=whole)
        add_byline(article, contributor, next(roles_cycle))
    for name in packed(100, chunk):
        article.tags.add(Tag.objects.create(name=name, slug=f"xss-tag-{next(_numbers)}"))
    Correction.objects.create(article=article, text=whole, created_by=editor)
    GalleryPicture.objects.create(
        article=article, image=article.lead_image, caption=first_fit(500, chunk, 2)
    )
    return article


@pytest.fixture
def corpus(page):
    editor = make_staff("editor", roles.EDITOR, first_name=XSS_PAYLOADS[0])
    byline_roles = itertools.cycle([make_role(name) for name in packed(20)])
    articles = [
        loaded_article(
            chunk,
            byline_roles,
            editor,
            published_at=timezone.now() - timedelta(minutes=n + 1),
        )
        for n, chunk in enumerate(chunks(CHUNK))
    ]
    # Reversed, so its outlet and tag names differ from the first article's (both are unique).
    draft = loaded_article(
        XSS_PAYLOADS[CHUNK - 1 :: -1], byline_roles, editor, status=Article.Status.DRAFT
    )
    return {"articles": articles, "draft": draft}


def public_pages(articles):
    """HTML pages and XML documents showing the articles and everything credited on them.

    Every tag and contributor name is on its article's page and in the feeds; of their own pages
    (the same template for each) the first of each article is loaded, to keep the test fast.
    """
    html = ["/"]
    xml = ["/feeds/rss.xml", "/feeds/atom.xml", "/sitemap.xml", "/news-sitemap.xml"]
    for article in articles:
        section = article.section
        html += [
            article.get_absolute_url(),
            section.get_absolute_url(),
            article.source.get_absolute_url(),
            f"/tags/{article.tags.order_by('pk').first().slug}/",
            article.bylines.first().contributor.get_absolute_url(),
        ]
        xml += [f"/feeds/{section.path}/rss.xml", f"/feeds/{section.path}/atom.xml"]
    return html, xml


def test_every_payload_that_fits_a_field_is_in_that_field_somewhere(corpus):
    articles = corpus["articles"]
    summaries = " ".join(a.summary for a in articles)
    names = " ".join(b.contributor.name for a in articles for b in a.bylines.all())
    tags = " ".join(t.name for a in articles for t in a.tags.all())
    assert all(payload in summaries for payload in XSS_PAYLOADS)
    assert all(payload in names for payload in fitting(60))
    assert all(payload in tags for payload in fitting(100))


def test_no_payload_runs_on_any_public_page(page, script_watch, corpus):
    html, _xml = public_pages(corpus["articles"])
    for url in html:
        response = page.goto(url)
        assert response.status == 200, url
        assert "unsafe-inline" not in response.headers["content-security-policy"], url
        script_watch.settle()
    assert script_watch.executions == []
    assert script_watch.csp_violations == []
    assert script_watch.page_errors == []


def test_no_payload_runs_in_any_feed_or_sitemap(page, script_watch, corpus):
    _html, xml = public_pages(corpus["articles"])
    for url in xml:
        open_xml_document(page, url)  # well-formed XML, shown by the XSL as text
        script_watch.settle()
    assert_feed_stylesheet_outputs_only_text(page)
    # Chromium's own XML viewer (sitemaps) styles the tree inline, which the policy refuses:
    # those violations are the viewer's, so only executions count here.
    assert script_watch.executions == []


def test_article_pages_show_the_payloads_as_text(page, script_watch, corpus):
    for article in corpus["articles"]:
        page.goto(article.get_absolute_url())
        assert page.locator("h1").text_content() == article.headline
        assert page.locator(".kicker").text_content() == article.kicker
        assert page.locator(".copyright-notice").text_content() == article.effective_notice().text
        assert page.title().startswith(" ".join(article.list_title.split()))
    script_watch.settle()
    assert script_watch.executions == []


def test_no_payload_runs_in_the_staff_preview(page, script_watch, corpus, admin_login):
    admin_login("editor", "pw-editor")
    draft = corpus["draft"]
    response = page.goto(f"/preview/{draft.pk}/")
    assert response.status == 200
    assert page.locator("h1").text_content() == draft.headline
    script_watch.settle()
    assert script_watch.executions == []
    assert script_watch.csp_violations == []


def test_no_payload_runs_in_the_editors_admin(page, script_watch, corpus, admin_login):
    admin_login("editor", "pw-editor")
    article = corpus["articles"][0]
    lists = ["article", "section", "sourceoutlet", "copyrightnotice", "contributor", "bylinerole"]
    urls = ["/admin/", *(f"/admin/articles/{model}/" for model in lists), "/admin/taggit/tag/"]
    urls += [
        f"/admin/articles/article/{corpus['draft'].pk}/change/",
        f"/admin/articles/article/{article.pk}/history/",
        f"/admin/articles/sourceoutlet/{article.source_id}/change/",
        f"/admin/articles/contributor/{article.bylines.first().contributor_id}/change/",
    ]
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        script_watch.settle()
    assert script_watch.executions == []
    assert script_watch.csp_violations == []
    assert script_watch.page_errors == []


def test_the_editor_opens_a_payload_laden_body_in_ckeditor_as_text(
    page, script_watch, corpus, admin_login
):
    admin_login("editor", "pw-editor")
    draft = corpus["draft"]
    page.goto(f"/admin/articles/article/{draft.pk}/change/")
    body = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    body.locator("p").first.wait_for()
    assert "alert(1)" in body.text_content()
    script_watch.settle()
    assert script_watch.executions == []
    assert script_watch.csp_violations == []
