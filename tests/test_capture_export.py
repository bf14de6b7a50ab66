"""export_captures writes what import_captures reads: import, export and import again is the same article."""

import pytest

from articles.captures.export import body_blocks, byline_line
from articles.models import Article, ImportRecord
from tests.capture_commands import (
    CAPTURES,
    SAMPLE,
    describe_all,
    load_reference_data,
    run_export,
    run_import,
)
from tests.factories import add_byline, make_article, make_contributor, make_outlet, make_role

pytestmark = pytest.mark.django_db


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
