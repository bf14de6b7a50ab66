"""export_captures writes what import_captures reads: import, export and import again is the same article."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from archive.export import body_blocks, byline_line
from archive.models import ImportRecord
from articles.models import Article, BylineRole, SourceOutlet
from tests.capture_commands import (
    CAPTURES,
    SAMPLE,
    describe,
    describe_all,
    load_reference_data,
    run_export,
    run_import,
)
from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_staff,
)

pytestmark = pytest.mark.django_db
FIXTURES = [
    "fixtures/reference.json",
    "fixtures/sample_article.json",
    "fixtures/demo_articles.json",
]


@pytest.fixture
def reference(db):
    load_reference_data()


def test_import_export_import_yields_the_same_articles(reference, tmp_path):
    run_import(CAPTURES, SAMPLE, publish=True)
    before = describe_all()
    assert len(before) == len(list(CAPTURES.glob("*.txt"))) + 1
    assert "written 25, skipped 0" in run_export(tmp_path)

    Article.objects.all().delete()
    out, err, error = run_import(tmp_path, publish=True)
    assert error is None, err
    assert "created 25," in out
    assert describe_all() == before


def test_reimporting_an_export_finds_the_article_it_came_from(reference, tmp_path):
    run_import(CAPTURES)
    before = describe_all()
    run_export(tmp_path)
    out, _err, _error = run_import(tmp_path)
    assert "created 0," in out and "failed 0" in out
    assert describe_all() == before
    assert ImportRecord.objects.count() == Article.objects.count()


def test_exported_sample_is_the_capture_with_its_notice_corrected(reference, tmp_path):
    run_import(SAMPLE, publish=True)
    run_export(tmp_path)
    [exported] = tmp_path.glob("*.txt")
    lines = [line for line in exported.read_text(encoding="utf-8").splitlines() if line]
    original = [
        line.replace("\xa0", " ")
        for line in SAMPLE.read_text(encoding="utf-8").splitlines()
        if line
    ]
    assert lines[:-1] == original[:-1]
    assert lines[-1] == original[-1].replace("“中国物联网", "荆楚网").replace(
        "大众新闻网", "荆楚网"
    )


def test_export_flattens_body_markup_into_paragraphs_and_subheadings():
    html = "<p>一<strong>二</strong><br>三</p><h3>小标题</h3><ul><li>甲</li><li>乙</li></ul>尾"
    assert body_blocks(html) == [
        ("p", "一二 三"),
        ("h", "小标题"),
        ("p", "甲"),
        ("p", "乙"),
        ("p", "尾"),
    ]


def test_byline_line_names_an_outlet_only_where_it_changes():
    source, other = make_outlet("荆楚网"), make_outlet("湖北日报")
    reporter, intern, correspondent = make_role("记者"), make_role("实习生"), make_role("通讯员")
    article = make_article(source=source)
    add_byline(article, make_contributor("胡弦", other), reporter)
    add_byline(article, make_contributor("吴佳怡", other), intern)
    add_byline(article, make_contributor("刘婧", source), reporter)
    add_byline(article, make_contributor("周明"), correspondent)
    bylines = article.bylines.select_related("contributor__affiliation", "role")
    assert (
        byline_line(bylines, "荆楚网")
        == "湖北日报记者 胡弦 实习生 吴佳怡 荆楚网记者 刘婧 通讯员 周明"
    )


def test_articles_without_publish_time_are_skipped(reference, tmp_path):
    make_article(status=Article.Status.DRAFT)
    assert "written 0, skipped 1" in run_export(tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("where", ["a-file", "a-file/below"])
def test_a_folder_that_cannot_be_written_is_a_clear_command_error(reference, tmp_path, where):
    make_article()
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(CommandError) as excinfo:
        run_export(tmp_path / where)
    assert f"Cannot write to {tmp_path / 'a-file'}" in str(excinfo.value)


def test_a_file_that_cannot_be_written_is_a_clear_command_error(reference, tmp_path):
    article = make_article()
    (tmp_path / f"article-{article.pk}.txt").mkdir()
    with pytest.raises(CommandError) as excinfo:
        run_export(tmp_path)
    assert f"Cannot write to {tmp_path / f'article-{article.pk}.txt'}" in str(excinfo.value)


# --------------------------------------------------------------------------- CMS-made articles


def exportable():
    now = timezone.now()
    return Article.objects.exclude(published_at=None).filter(published_at__lte=now)


def as_captured(article):
    """describe(), with the body as the capture format keeps it: blocks of text."""
    data = describe(article)
    data["body"] = body_blocks(article.body)
    data.update(kicker=article.kicker, subheadline=article.subheadline)
    return data


@pytest.fixture
def demo(db):
    call_command("loaddata", *FIXTURES, verbosity=0)


def test_demo_articles_exported_and_imported_into_the_same_database_are_updated_not_doubled(
    demo, tmp_path
):
    before = {article.pk: as_captured(article) for article in exportable().with_credits()}
    count = Article.objects.count()
    out = run_export(tmp_path)
    assert f"written {len(before)}," in out
    out, err, error = run_import(tmp_path)
    assert error is None, err
    assert "created 0," in out
    assert Article.objects.count() == count
    after = {article.pk: as_captured(article) for article in exportable().with_credits()}
    assert after == before


def test_demo_articles_exported_deleted_and_imported_come_back_the_same(demo, tmp_path):
    before = [as_captured(a) for a in exportable().with_credits().order_by("published_at")]
    run_export(tmp_path)
    Article.objects.all().delete()
    out, err, error = run_import(tmp_path)
    assert error is None, err
    assert f"created {len(before)}," in out
    after = [as_captured(a) for a in Article.objects.with_credits().order_by("published_at")]
    for data in before + after:
        data.pop("status")
    assert after == before


def test_scheduled_articles_are_not_exported_as_archive_pages(demo, tmp_path):
    out = run_export(tmp_path)
    later = Article.objects.filter(published_at__gt=timezone.now() + timedelta(days=1))
    assert later.exists()
    assert f"skipped {Article.objects.count() - exportable().count()}" in out
    assert len(list(tmp_path.glob("*.txt"))) == exportable().count()


def outlet(name):
    return SourceOutlet.objects.filter(name=name).first() or make_outlet(name)


def round_trip(tmp_path, **fields):
    article = make_article(**fields)
    run_export(tmp_path, article.pk)
    Article.objects.all().delete()
    _out, err, error = run_import(tmp_path)
    assert error is None, err
    return Article.objects.with_credits().get()


@pytest.mark.parametrize(
    "body",
    [
        "<h2>开头的小标题</h2><p>第一段。</p><h2>结尾的小标题</h2>",
        "<p>第一段。</p><h2>为什么这样改?</h2><p>第二段。</p>",
        "<p>第一段。</p><p>短句无标点</p><p>第二段。</p>",
        "<p>第一段。</p><p>分享到朋友圈的人越来越多。</p><p>第二段。</p>",
        "<p>第一段。</p><p>责编:这是正文里的一句话。</p><p>第二段。</p>",
        "<p>第一段。</p><p>(记者 张三 摄)</p><p>第二段。</p>",
        "<p>记者 张三</p><p>第二段。</p>",
        "<p>¶ 以记号开头。</p><p>## 也是。</p>",
    ],
)
def test_body_blocks_survive_the_round_trip(reference, tmp_path, body):
    article = round_trip(tmp_path, body=body, source=outlet("荆楚网"))
    assert body_blocks(article.body) == body_blocks(body)
    assert not article.bylines.exists()


@pytest.mark.parametrize(
    "headline", ["这下方便了。", "房价还会涨吗?", "记者 张三", "2020年2月1日疫情通报"]
)
def test_headlines_that_read_like_text_survive_the_round_trip(reference, tmp_path, headline):
    article = round_trip(tmp_path, headline=headline, list_title="列表标题", body="<p>正文。</p>")
    assert (article.list_title, article.headline, article.body) == (
        "列表标题",
        headline,
        "<p>正文。</p>",
    )


def test_kicker_and_subheadline_survive_the_round_trip(reference, tmp_path):
    article = round_trip(tmp_path, kicker="引题在此", subheadline="副题在此", body="<p>正文。</p>")
    assert (article.kicker, article.subheadline) == ("引题在此", "副题在此")


def test_an_editor_credit_keeps_its_own_affiliation(reference, tmp_path):
    source, own = outlet("新华社"), outlet("湖北日报")
    article = make_article(source=source, body="<p>正文。</p>")
    add_byline(article, make_contributor("王芳", own), BylineRole.objects.get(name_zh="编辑"))
    run_export(tmp_path, article.pk)
    Article.objects.all().delete()
    run_import(tmp_path)
    byline = Article.objects.get().bylines.get()
    assert (byline.contributor.name, byline.contributor.affiliation) == ("王芳", own)


def test_an_ascii_responsible_editor_survives_the_round_trip(reference, tmp_path):
    editor = make_staff("admin")
    article = round_trip(tmp_path, responsible_editor=editor, body="<p>正文。</p>")
    assert article.responsible_editor == editor


def jingchu():
    return SourceOutlet.objects.get(name="荆楚网")


RICH_BODY = (
    '<p>详见<a href="https://www.hubeidaily.net/" rel="noopener noreferrer">湖北日报网</a>。</p>\n'
    "<ul><li>第一条</li><li>第二条</li></ul>\n<h2>小标题</h2>\n<p><strong>加粗</strong>的段落。</p>"
)


def test_an_unchanged_export_imported_back_changes_nothing_and_keeps_the_markup(
    reference, tmp_path
):
    from articles import revisions

    article = make_article(headline="富文本稿件", body=RICH_BODY, source=jingchu())
    add_byline(article, make_contributor("胡弦", jingchu()), BylineRole.objects.get(name_zh="记者"))
    stored_body, version = Article.objects.get().body, article.version
    run_export(tmp_path)
    out, err, error = run_import(tmp_path)
    assert error is None, err
    assert "created 0, updated 0, unchanged 1" in out
    fresh = Article.objects.get()
    assert (fresh.body, fresh.version) == (stored_body, version)
    assert '<a href="https://www.hubeidaily.net/"' in fresh.body and "<li>第二条</li>" in fresh.body
    assert not revisions.history(fresh).exists()
    assert "created 0, updated 0, unchanged 1" in run_import(tmp_path)[0]


def test_an_export_whose_text_was_edited_updates_the_article(reference, tmp_path):
    make_article(headline="富文本稿件", body=RICH_BODY, source=jingchu())
    run_export(tmp_path)
    (exported,) = tmp_path.glob("*.txt")
    exported.write_text(exported.read_text("utf-8").replace("第二条", "第三条"), "utf-8")
    out, _err, _error = run_import(tmp_path)
    assert "created 0, updated 1, unchanged 0" in out
    assert "第三条" in Article.objects.get().body
