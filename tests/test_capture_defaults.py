"""What the importer does where the page does not say: no breadcrumb, no source; editors of a
repost; system accounts; the CSV report."""

import csv

import pytest
from django.conf import settings

from archive.models import ImportRecord
from archive.store import UNFILED_NAME
from articles.models import Article, Section
from tests.capture_commands import load_reference_data, run_import

pytestmark = pytest.mark.django_db

NO_CRUMB = "标题\n\n2019-07-29 11:26来源:荆楚网\n\n正文。\n"
NO_SOURCE = "首页 > 新闻 >\n\n标题\n\n2019-07-29 11:26\n\n正文。\n"


@pytest.fixture(autouse=True)
def reference(db):
    load_reference_data()


def write(tmp_path, text, name="page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_page_without_breadcrumb_is_filed_as_unfiled_with_a_warning(tmp_path):
    path = write(tmp_path, NO_CRUMB)
    out, err, error = run_import(path)
    assert error is None and "created 1," in out
    assert Article.objects.get().section.name == UNFILED_NAME == "未分类 (imported)"
    assert f"{path}: warning: the page has no breadcrumb: filed under 未分类 (imported)" in err
    run_import(write(tmp_path, NO_CRUMB.replace("标题", "另一篇"), "second.txt"))
    assert Section.objects.filter(name=UNFILED_NAME).count() == 1


def test_section_option_files_pages_without_breadcrumb_and_leaves_the_others(tmp_path):
    crumbless = write(tmp_path, NO_CRUMB, "a.txt")
    crumbed = write(tmp_path, NO_SOURCE.replace("新闻", "体育"), "b.txt")
    out, err, error = run_import(crumbless, crumbed, section="新闻/国内")
    assert error is None, err
    assert "warning" not in err
    sections = {
        record.source_file: [s.name for s in record.article.section.ancestors()]
        for record in ImportRecord.objects.select_related("article__section")
    }
    assert sections == {str(crumbless): ["新闻", "国内"], str(crumbed): ["体育"]}


def test_source_option_is_the_source_of_pages_that_name_none(tmp_path):
    unnamed = write(tmp_path, NO_SOURCE, "a.txt")
    named = write(tmp_path, NO_CRUMB.replace("标题", "另一篇"), "b.txt")
    run_import(unnamed, named, source="新华社", section="新闻")
    sources = dict(Article.objects.values_list("headline", "source__name"))
    assert sources == {"标题": "新华社", "另一篇": "荆楚网"}


def test_the_editor_of_a_repost_is_credited_to_this_newsroom_not_the_outlet(tmp_path):
    text = NO_SOURCE.replace("2019-07-29 11:26", "2019-07-29 11:26 来源:新华社")
    run_import(write(tmp_path, text + "责任编辑:王萌\n"))
    byline = Article.objects.get().bylines.get(role__name_zh="编辑")
    assert (byline.contributor.name, byline.contributor.affiliation.name) == (
        "王萌",
        settings.SITE_NAME,
    )


@pytest.mark.parametrize("editor", ["系统管理员", "admin"])
def test_a_system_account_named_as_editor_is_credited_as_nobody(tmp_path, editor):
    _out, err, error = run_import(write(tmp_path, NO_SOURCE + f"责任编辑:{editor}\n"))
    assert error is None, err
    assert not Article.objects.get().bylines.exists()


def test_the_report_has_one_row_per_capture_with_what_was_read_and_warnings(tmp_path):
    good = write(tmp_path, NO_CRUMB, "a.txt")
    bad = write(tmp_path, "首页 > 新闻 >\n\n标题\n\n正文。\n", "b.txt")
    report = tmp_path / "report.csv"
    run_import(good, bad, report=str(report))
    raw = report.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [(row["file"], row["result"]) for row in rows] == [
        (str(good), "created"),
        (str(bad), "failed"),
    ]
    assert rows[0]["title"] == "标题"
    assert rows[0]["published_at"] == "2019-07-29 11:26:00"
    assert (rows[0]["source"], rows[0]["section"]) == ("荆楚网", UNFILED_NAME)
    assert (rows[0]["title_line"], rows[0]["body_lines"]) == ("1", "5-")
    assert "no breadcrumb" in rows[0]["warnings"]
    assert "no publish time" in rows[1]["warnings"]


def test_a_date_without_a_time_is_given_midnight_with_a_warning(tmp_path):
    path = write(tmp_path, NO_SOURCE.replace("2019-07-29 11:26", "发布时间:2019-07-29"))
    _out, err, error = run_import(path)
    assert error is None, err
    assert f"{path}:5: warning: the page gives a date without a time (2019-07-29)" in err
