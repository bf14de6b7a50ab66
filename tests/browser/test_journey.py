"""The newsroom's whole journey in Chromium: an intern writes, an editor publishes, a reader reads.

Each person has a browser of their own (a context: no shared cookies or cache), logs in through the
admin's form with a demo account, and clicks what a person would click.
"""

from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.browser.helpers import choose, log_in, write_body

pytestmark = pytest.mark.browser

ADD_URL = "/admin/articles/article/add/"
HEADLINE = "东湖绿道新增三条骑行线路"
BYLINE = "湖北日报全媒记者 胡弦 实习生 吴佳怡"
NOTICE = (
    "版权声明：本文为湖北日报原创稿件，版权归湖北日报所有。"
    "转载须经授权并注明“来源：湖北日报”，否则将依法追究相关法律责任。"
)


@pytest.fixture
def newsroom(page):
    """The reference data, the captured and demo articles, and the demo accounts."""
    call_command(
        "loaddata",
        "fixtures/reference.json",
        "fixtures/sample_article.json",
        "fixtures/demo_articles.json",
        verbosity=0,
    )
    call_command("create_demo_users", allow_production=True, stdout=StringIO())


def intern_writes_and_submits(page):
    log_in(page, "intern", "intern-demo-pass", ADD_URL)
    # Fails here when CKEditor does not load: its editing frame never appears.
    page.wait_for_selector("iframe.cke_wysiwyg_frame", state="visible")
    write_body(page)
    page.fill("#id_kicker", "家门口的好去处")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_summary", "三条线路串起湖岸与社区。")
    choose(page, "id_source", "湖北日报", "湖北日报")
    choose(page, "id_section", "hubei", "湖北")
    page.fill("#id_bylines-0-position", "1")
    choose(page, "id_bylines-0-role", "全媒", "全媒记者")
    choose(page, "id_bylines-0-contributor", "胡弦", "胡弦")
    page.click(".add-row a")
    page.fill("#id_bylines-1-position", "2")
    choose(page, "id_bylines-1-role", "实习", "实习生")
    choose(page, "id_bylines-1-contributor", "吴佳怡", "吴佳怡")
    # 保存并提交审核 stands beside 保存 on the add form: one click saves and submits.
    page.click(".submit-row button[name=_workflow][value=submit]")
    page.wait_for_url("**/change/")
    page.wait_for_selector(".messagelist .success")
    return Article.objects.get(headline=HEADLINE)


def assert_hidden_from_readers(reader, article):
    assert reader.goto(f"/preview/{article.pk}/").status == 404
    assert reader.goto(f"/news/hubei/2026/01/01/{article.pk}/").status == 404
    for url in ("/", "/news/", "/news/hubei/"):
        assert reader.goto(url).status == 200
        assert HEADLINE not in reader.content(), url


def editor_publishes_from_the_desk(editor_page):
    log_in(editor_page, "editor", "editor-demo-pass", "/admin/")
    editor_page.click(f"#desk-waiting a:has-text('{HEADLINE}')")
    editor_page.wait_for_url("**/change/")
    editor_page.click(".submit-row button[name=_workflow][value=publish]")
    editor_page.wait_for_selector(".messagelist .success")


def test_intern_writes_editor_publishes_reader_reads(
    page, new_page, newsroom, script_watch, screenshots
):
    article = intern_writes_and_submits(page)
    assert article.status == Article.Status.IN_REVIEW
    assert [b.contributor.name for b in article.bylines.order_by("position")] == ["胡弦", "吴佳怡"]
    assert script_watch.page_errors == []
    assert_hidden_from_readers(new_page(), article)

    editor_publishes_from_the_desk(new_page())
    article.refresh_from_db()
    assert article.is_public()
    assert article.responsible_editor.username == "editor"

    reader = new_page()
    reader.goto("/")
    reader.click(".site-nav a:has-text('新闻')")
    reader.wait_for_url("**/news/")
    reader.click(".subsections a:has-text('湖北')")
    reader.wait_for_url("**/news/hubei/")
    reader.click(f".article-list a:has-text('{HEADLINE}')")
    reader.wait_for_url(f"**{article.get_absolute_url()}")

    assert reader.locator(".breadcrumbs").inner_text().split() == ["首页", ">", "新闻", ">", "湖北"]
    assert reader.locator("h1").inner_text() == HEADLINE
    assert reader.locator(".byline").inner_text() == BYLINE
    assert reader.locator(".byline a").all_inner_texts() == ["胡弦", "吴佳怡"]
    assert reader.locator(".source").inner_text() == "来源:湖北日报"
    assert reader.locator(".responsible-editor").inner_text() == "(责编: 李编辑)"
    assert reader.locator(".copyright-notice").inner_text() == NOTICE
    body = reader.locator(".article-body")
    assert body.locator("h2").inner_text() == "小标题"
    assert body.locator("a[href='https://www.hubeidaily.net/']").inner_text() == "湖北日报网"
    screenshots(reader, "journey-article")

    feed = ElementTree.fromstring(reader.request.get("/feeds/news/hubei/rss.xml").body())
    items = {item.findtext("title"): item.findtext("link") for item in feed.iter("item")}
    assert items[HEADLINE].endswith(article.get_absolute_url())
