"""An editor writes an article in the admin in Chromium: CKEditor, autocompletes, bylines, save."""

import pytest
from PIL import Image

from articles.models import Article
from pictures.models import Image as LibraryImage
from tests.browser.helpers import choose, write_body
from tests.factories import make_article, make_contributor, make_outlet, make_role, make_section

pytestmark = pytest.mark.browser

ADD_URL = "/admin/articles/article/add/"
HEADLINE = "武汉市用改的成效回应群众关切"


@pytest.fixture
def credits():
    outlet = make_outlet("湖北日报")
    make_contributor("胡弦", outlet)
    make_contributor("吴佳怡", outlet)
    return {
        "section": make_section("湖北", "hubei"),
        "reporter": make_role("全媒记者", "allmedia-reporter"),
        "intern": make_role("实习生", "intern"),
    }


def test_editor_writes_and_saves_an_article_in_ckeditor(
    page, script_watch, editor, admin_login, credits
):
    admin_login("editor", "pw-editor", ADD_URL)
    # Fails here when CKEditor does not load: its editing frame never appears.
    page.wait_for_selector("iframe.cke_wysiwyg_frame", state="visible")
    write_body(page)

    page.fill("#id_headline", HEADLINE)
    choose(page, "id_section", "hubei", "湖北")
    page.fill("#id_bylines-0-position", "1")
    choose(page, "id_bylines-0-role", "全媒", "全媒记者")
    choose(page, "id_bylines-0-contributor", "胡弦", "胡弦")
    page.click(".add-row a")
    page.fill("#id_bylines-1-position", "2")
    choose(page, "id_bylines-1-role", "实习", "实习生")
    choose(page, "id_bylines-1-contributor", "吴佳怡", "吴佳怡")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")

    article = Article.objects.get(headline=HEADLINE)
    assert article.section == credits["section"]
    assert "<p>第一段正文。</p>" in article.body
    assert "<h2>小标题</h2>" in article.body
    assert '<a href="https://www.hubeidaily.net/"' in article.body
    assert ">湖北日报网</a>" in article.body
    assert [(b.role.code, b.contributor.name) for b in article.bylines.order_by("position")] == [
        ("allmedia-reporter", "胡弦"),
        ("intern", "吴佳怡"),
    ]
    assert script_watch.page_errors == []
    assert script_watch.csp_violations == []


def test_editor_uploads_an_image_in_ckeditors_image_dialog(
    page, script_watch, editor, admin_login, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "photo.png"
    Image.new("RGB", (30, 20), "red").save(photo)
    admin_login("editor", "pw-editor", ADD_URL)
    page.click(".cke_button__image")
    dialog = page.locator(".cke_dialog")
    dialog.locator("a.cke_dialog_tab[id^=cke_Upload_], a.cke_dialog_tab[id^=cke_upload_]").click()
    form = page.frame_locator(".cke_dialog iframe.cke_dialog_ui_input_file")
    form.locator("input[type=file]").set_input_files(str(photo))
    dialog.locator("a.cke_dialog_ui_fileButton").click()

    url_field = dialog.get_by_role("textbox", name="URL", exact=True)
    url_field.wait_for()
    # The upload is a library picture now; CKEditor gets its original's address.
    assert url_field.input_value().startswith("/media/pictures/originals/")
    stored = [p for p in (tmp_path / "media").rglob("*.png") if "renditions" not in p.parts]
    assert len(stored) == 1 and url_field.input_value().endswith(stored[0].name)
    assert LibraryImage.objects.get().file.url == url_field.input_value()
    assert script_watch.dialogs == []


SET_AND_GET = """(html) => new Promise((resolve) => {
    const editor = CKEDITOR.instances.id_body;
    const read = () => editor.setData(html, { callback: () => resolve(editor.getData()) });
    if (editor.status === "ready") { read(); } else { editor.on("instanceReady", read); }
})"""


def test_ckeditor_keeps_only_what_the_sanitizer_stores(page, script_watch, editor, admin_login):
    admin_login("editor", "pw-editor", ADD_URL)
    page.wait_for_selector("iframe.cke_wysiwyg_frame", state="visible")
    pasted = (
        '<p style="color:red" class="x">红字</p>'
        '<p><a href="https://www.hubeidaily.net/" target="_blank" style="font-size:40px">链接</a></p>'
        '<p><img src="/static/x.png" alt="图" style="width:30px;height:20px;border:5px solid red;'
        'float:left"></p><h1>大标题</h1><iframe src="https://a.example/"></iframe>'
    )
    shown = page.evaluate(SET_AND_GET, pasted)
    for dropped in ("style", "class=", "target", "border", "float", "<h1", "<iframe", "color"):
        assert dropped not in shown, (dropped, shown)
    assert "红字" in shown and '<a href="https://www.hubeidaily.net/">链接</a>' in shown
    assert 'width="30"' in shown and 'height="20"' in shown and 'alt="图"' in shown


def test_clicking_publish_saves_the_headline_just_typed(page, script_watch, editor, admin_login):
    article = make_article(
        make_section("湖北", "hubei"),
        status=Article.Status.IN_REVIEW,
        published_at=None,
        headline="送审时的标题",
    )
    change_url = f"/admin/articles/article/{article.pk}/change/"
    admin_login("editor", "pw-editor", change_url)
    page.fill("#id_headline", "编辑改过的标题")
    page.click(".submit-row button[name=_workflow][value=publish]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert (article.headline, article.status) == ("编辑改过的标题", Article.Status.PUBLISHED)
    assert script_watch.page_errors == [] and script_watch.csp_violations == []
