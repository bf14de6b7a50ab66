"""import_captures: what lands in the database, re-imports, dry runs and failures among good files."""

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.utils import timezone, translation

from archive.models import ImportRecord
from archive.normalize import read_capture
from archive.parse import parse_capture
from articles import revisions
from articles.models import (
    Article,
    Byline,
    BylineRole,
    Contributor,
    CopyrightNotice,
    Section,
    SourceOutlet,
)
from review.models import SensitiveWord
from tests.capture_commands import CAPTURES, SAMPLE, load_reference_data, run_import
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

SAMPLE_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "sample_article.json"
# Written by the newsroom after the page was captured, so no capture carries them.
EDITORIAL_FIELDS = {"summary", "updated_at"}
MODELS = (
    Article,
    Byline,
    BylineRole,
    Contributor,
    CopyrightNotice,
    ImportRecord,
    Section,
    SourceOutlet,
)


@pytest.fixture
def reference(db):
    load_reference_data()


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def good_capture(
    folder,
    name="good.txt",
    title="武汉新建口袋公园",
    section="新闻 > 湖北",
    time="2019-07-29 11:26",
):
    path = folder / name
    path.write_text(
        f"首页 > {section} >\n\n{title}\n\n{time}来源:荆楚网\n\n{title}\n\n荆楚网记者 刘婧\n\n"
        "武汉今年新建口袋公园五十座。\n\n公园均免费开放。\n",
        encoding="utf-8",
    )
    return path


def test_sample_capture_imports_into_exactly_the_sample_fixture_fields(reference):
    fixture = json.loads(SAMPLE_FIXTURE.read_text(encoding="utf-8"))
    expected = next(obj for obj in fixture if obj["model"] == "articles.article")
    _out, _err, error = run_import(SAMPLE, publish=True)
    assert error is None
    article = Article.objects.get()
    actual = json.loads(serializers.serialize("json", [article]))[0]["fields"]
    for field, value in expected["fields"].items():
        if field not in EDITORIAL_FIELDS:
            assert actual[field] == value, field
    expected_bylines = [
        (obj["fields"]["contributor"], obj["fields"]["role"], obj["fields"]["position"])
        for obj in fixture
        if obj["model"] == "articles.byline"
    ]
    bylines = list(article.bylines.values_list("contributor", "role", "position"))
    assert bylines == expected_bylines
    assert article.summary == "" and not article.tags.exists()


def test_sample_notice_naming_other_outlets_gives_way_to_the_sources_notice(reference):
    _out, err, _error = run_import(SAMPLE)
    article = Article.objects.get()
    assert article.copyright_notice == SourceOutlet.objects.get(name="荆楚网").default_notice
    assert "大众新闻网" in err and "warning" in err
    assert not SourceOutlet.objects.filter(name__in=["大众新闻网", "中国物联网"]).exists()


def test_every_capture_of_the_folder_is_stored_as_it_was_parsed(reference):
    out, err, error = run_import(CAPTURES)
    assert error is None, err
    assert f"created {len(list(CAPTURES.glob('*.txt')))}," in out
    for path in sorted(CAPTURES.glob("*.txt")):
        capture = parse_capture(read_capture(path))
        article = ImportRecord.objects.get(source_file=str(path)).article
        assert [s.name for s in article.section.ancestors()] == capture.section_names, path.name
        assert article.headline == capture.headline
        assert article.title == capture.list_title
        assert timezone.localtime(article.published_at).replace(tzinfo=None) == capture.published_at
        assert article.source.name == capture.source_name
        credits = [
            (
                b.contributor.affiliation.name if b.contributor.affiliation_id else "",
                b.role.name_zh,
                b.contributor.name,
            )
            for b in article.bylines.select_related("contributor__affiliation", "role")
        ]
        # Editors work for this newsroom, whatever outlet the page was reposted from.
        editor_credits = [(settings.SITE_NAME, "编辑", name) for name in capture.editors]
        expected = [(c.affiliation, c.role, c.name) for c in capture.credits]
        assert credits == expected + [c for c in editor_credits if c not in expected], path.name
        assert article.status == Article.Status.DRAFT
        article.full_clean()


def test_new_sections_outlets_and_roles_are_created_with_ascii_names(reference):
    run_import(CAPTURES / "21-new-outlet-own-notice.txt", CAPTURES / "13-every-role.txt")
    huanggang = Section.objects.get(name="黄冈")
    assert huanggang.path == "news/hubei/huanggang"
    outlet = SourceOutlet.objects.get(name="黄冈日报")
    assert outlet.default_notice.template == "版权声明:本文版权归{holder}所有,未经许可不得转载。"
    assert Contributor.objects.get(name="方园").affiliation == outlet
    codes = dict(BylineRole.objects.values_list("name_zh", "code"))
    assert codes["全媒体记者"] == "quanmeitijizhe"
    assert codes["特约通讯员"] == "teyuetongxunyuan"
    assert codes["记者"] == "reporter"


def test_existing_sections_and_contributors_are_reused(reference):
    sections, contributors = Section.objects.count(), Contributor.objects.count()
    run_import(CAPTURES / "14-names-with-dunhao.txt")
    assert Section.objects.count() == sections
    # 张立 and 范文博 are 长江日报's; the 吴佳怡 on file is 湖北日报's, so this one is new.
    assert Contributor.objects.count() == contributors + 1
    article = Article.objects.get()
    assert article.section.path == "news/hubei"
    assert list(article.bylines.values_list("contributor", flat=True)[:2]) == [7, 8]


def test_capture_url_is_the_fingerprint_and_is_kept(reference):
    run_import(CAPTURES / "20-original-url.txt")
    record = ImportRecord.objects.get()
    assert record.source_url == "http://news.cnhubei.com/content/2019-09/01/content_1.html"


def test_editor_with_a_staff_account_becomes_the_responsible_editor(reference):
    editor = make_staff("xiaochen", first_name="李晓晨")
    run_import(CAPTURES / "15-editor-name-on-next-line.txt")
    article = Article.objects.get()
    assert article.responsible_editor == editor
    assert not article.bylines.filter(role__name_zh="编辑").exists()


def test_editor_without_an_account_is_credited_as_editor(reference):
    run_import(CAPTURES / "01-fullwidth-punctuation.txt")
    article = Article.objects.get()
    assert article.responsible_editor is None
    editors = article.bylines.filter(role__name_zh="编辑").values_list(
        "contributor__name", flat=True
    )
    assert list(editors) == ["王芳", "刘洋"]


def test_imported_drafts_and_published_articles(reference, tmp_path):
    run_import(good_capture(tmp_path))
    assert Article.objects.get().status == Article.Status.DRAFT
    run_import(good_capture(tmp_path), publish=True)
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert article in Article.objects.published()


def test_markup_in_a_capture_arrives_as_text(reference, tmp_path):
    path = good_capture(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8") + "\n<script>alert(1)</script><b>粗</b>\n",
        encoding="utf-8",
    )
    run_import(path)
    body = Article.objects.get().body
    assert "<script>" not in body and "<b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;粗&lt;/b&gt;" in body


def test_reimporting_the_same_capture_changes_nothing(reference, tmp_path):
    path = good_capture(tmp_path)
    run_import(path)
    counts = row_counts()
    out, _err, _error = run_import(path)
    assert "created 0, updated 0, unchanged 1, failed 0" in out
    assert row_counts() == counts


def test_reimporting_a_changed_capture_updates_its_article(reference, tmp_path):
    path = good_capture(tmp_path)
    run_import(path)
    article = Article.objects.get()
    article.summary = "编辑写的摘要。"
    article.save()
    path.write_text(path.read_text(encoding="utf-8").replace("五十座", "六十座"), encoding="utf-8")
    out, _err, _error = run_import(path)
    assert "created 0, updated 1, unchanged 0, failed 0" in out
    article = Article.objects.get()
    assert "六十座" in article.body
    assert article.summary == "编辑写的摘要。"
    assert article.bylines.count() == 1


def test_dry_run_reports_and_writes_nothing(reference):
    counts = row_counts()
    out, _err, error = run_import(CAPTURES, dry_run=True)
    assert error is None
    assert "dry run" in out and f"created {len(list(CAPTURES.glob('*.txt')))}," in out
    assert row_counts() == counts


def test_a_failing_capture_among_good_ones_is_reported_and_the_others_go_on(reference, tmp_path):
    for name in ("a.txt", "b.txt"):
        good_capture(tmp_path, name, title=f"好稿{name}")
    nested = tmp_path / "2019"
    nested.mkdir()
    good_capture(nested, "c.txt", title="好稿c")
    good_capture(
        tmp_path, "bad.txt", title="坏稿", section="新栏目 > 子栏目", time="2019-02-30 10:00"
    )
    out, err, error = run_import(tmp_path)
    assert "created 3, updated 0, unchanged 0, failed 1" in out
    assert f"{tmp_path / 'bad.txt'}:5: impossible date or time: 2019-02-30 10:00" in err
    assert error is not None and error.returncode == 1
    assert Article.objects.count() == 3
    assert not Section.objects.filter(name="新栏目").exists()


def test_a_capture_refused_by_validation_writes_nothing_and_names_the_line(reference, tmp_path):
    path = good_capture(tmp_path, title="很长" * 101, section="新栏目")
    counts = row_counts()
    _out, err, error = run_import(path)
    assert error is not None
    assert f"{path}:3: headline:" in err
    assert row_counts() == counts


def test_files_given_one_by_one_and_missing_paths(reference, tmp_path):
    path = good_capture(tmp_path)
    out, err, error = run_import(path, tmp_path / "missing.txt")
    assert "created 1, updated 0, unchanged 0, failed 1" in out
    assert "missing.txt" in err and error is not None


def test_hidden_files_in_folders_are_left_out(reference, tmp_path):
    good_capture(tmp_path)
    shutil.copy(tmp_path / "good.txt", tmp_path / ".good.txt.swp")
    out, _err, _error = run_import(tmp_path)
    assert "created 1, updated 0, unchanged 0, failed 0" in out


def test_a_new_top_level_section_avoids_the_sites_own_paths(reference, tmp_path):
    run_import(good_capture(tmp_path, section="Tags > 武汉"))
    assert Section.objects.get(name="Tags").path == "tags-2"
    assert Article.objects.get().section.path == "tags-2/wuhan"


def test_the_report_speaks_chinese(reference, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    good_capture(tmp_path, "bad.txt", time="2019-02-30 10:00")
    with translation.override("zh-hans"), pytest.raises(CommandError):
        call_command("import_captures", str(tmp_path), stdout=out, stderr=err)
    assert "新建 0，更新 0，未变 0，失败 1" in out.getvalue()
    assert "不存在的日期或时间：2019-02-30 10:00" in err.getvalue()


def test_a_dry_run_counts_a_second_capture_of_the_same_article_as_an_update(reference, tmp_path):
    good_capture(tmp_path, "a.txt")
    path = good_capture(tmp_path, "b.txt")
    path.write_text(path.read_text(encoding="utf-8").replace("五十座", "六十座"), encoding="utf-8")
    out, _err, _error = run_import(tmp_path, dry_run=True)
    assert "would have created 1, updated 1, unchanged 0, failed 0" in out
    assert not Article.objects.exists()


def test_a_byline_that_cannot_be_read_is_reported_as_a_warning(reference, tmp_path):
    path = good_capture(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("荆楚网记者 刘婧", "记者 刘婧 (2019)"),
        encoding="utf-8",
    )
    out, err, error = run_import(path)
    assert error is None and "created 1," in out
    assert f"{path}:9: warning: this line looks like a byline but could not be read" in err
    assert Article.objects.get().body.startswith("<p>记者 刘婧 (2019)</p>")


@pytest.mark.parametrize(
    "written, account",
    [
        ("admin", {"username": "admin"}),
        ("王芳", {"username": "fw", "first_name": "芳", "last_name": "王"}),
        ("Fang", {"username": "fw", "first_name": "Fang"}),
    ],
)
def test_the_responsible_editor_is_found_by_user_name_full_name_or_first_name(
    reference, tmp_path, written, account
):
    user = make_staff(**account)
    path = good_capture(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8") + f"\n【责任编辑:{written}】\n", encoding="utf-8"
    )
    _out, err, error = run_import(path)
    assert error is None, err
    assert Article.objects.get().responsible_editor == user


def test_two_staff_with_the_same_first_name_are_no_guess_but_a_warning(reference, tmp_path):
    make_staff("fang1", first_name="王芳")
    make_staff("fang2", first_name="王芳")
    path = good_capture(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "\n(责编: 王芳)\n", encoding="utf-8")
    _out, err, _error = run_import(path)
    article = Article.objects.get()
    assert article.responsible_editor is None
    assert f"{path}:15: warning: 王芳 names 2 staff accounts" in err


def test_an_editor_credit_for_a_staff_member_reuses_the_accounts_contributor(reference, tmp_path):
    make_staff("first", first_name="李晓晨")
    second = make_staff("second", first_name="王芳")
    own = Contributor.objects.create(name="王芳", user=second)
    path = good_capture(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "\n(责编: 李晓晨、王芳)\n", encoding="utf-8")
    contributors = Contributor.objects.count()
    run_import(path)
    assert Contributor.objects.count() == contributors
    assert Article.objects.get().bylines.get(role__name_zh="编辑").contributor == own


def test_a_reimport_update_bumps_the_version_and_records_a_revision(reference, tmp_path):
    path = good_capture(tmp_path)
    run_import(path)
    version = Article.objects.get().version
    path.write_text(path.read_text(encoding="utf-8").replace("五十座", "六十座"), encoding="utf-8")
    run_import(path)
    article = Article.objects.get()
    assert article.version == version + 1
    [latest, *_older] = revisions.history(article)
    assert latest.revision.user is None
    assert latest.revision.comment == f"Updated from the capture {path}"
    assert "六十座" in latest.field_dict["body"]


def test_publishing_on_import_goes_through_the_workflow_log(reference, tmp_path):
    run_import(good_capture(tmp_path), publish=True)
    article = Article.objects.get()
    [entry] = article.transitions.all()
    assert (entry.action, entry.actor, entry.from_state, entry.to_state) == (
        "publish",
        None,
        "draft",
        "published",
    )


def test_publishing_on_reimport_leaves_a_withdrawn_article_withdrawn(reference, tmp_path):
    path = good_capture(tmp_path)
    run_import(path, publish=True)
    Article.objects.update(status=Article.Status.WITHDRAWN)
    path.write_text(path.read_text(encoding="utf-8").replace("五十座", "六十座"), encoding="utf-8")
    _out, err, error = run_import(path, publish=True)
    assert error is None
    assert Article.objects.get().status == Article.Status.WITHDRAWN
    assert "warning: the article is withdrawn; it was updated, not published" in err


def test_a_file_name_that_is_not_utf8_is_imported_and_reported_readably(reference, tmp_path):
    gbk_name = os.fsdecode("武汉.txt".encode("gbk"))
    good_capture(tmp_path, gbk_name)
    bad = good_capture(tmp_path, os.fsdecode("坏.txt".encode("gbk")), time="2019-02-30 10:00")
    out, err, error = run_import(tmp_path)
    assert "created 1, updated 0, unchanged 0, failed 1" in out
    err.encode("utf-8")
    shown = "坏.txt".encode("gbk").decode("utf-8", "replace")
    assert "\ufffd" in shown and f"{bad.parent}/{shown}:5: impossible date" in err
    record = ImportRecord.objects.get()
    assert record.source_file == str(tmp_path / "武汉.txt".encode("gbk").decode("utf-8", "replace"))


def test_an_editor_saving_during_a_reimport_fails_that_capture_alone(
    reference, tmp_path, monkeypatch
):
    path = good_capture(tmp_path, "a.txt")
    run_import(path)
    article = Article.objects.get()
    path.write_text(path.read_text(encoding="utf-8").replace("五十座", "六十座"), "utf-8")
    other = good_capture(tmp_path, "b.txt", title="另一篇稿件")
    baseline = revisions.ensure_baseline

    def editor_saves_meanwhile(target):
        baseline(target)
        # Inside the import's transaction, so the test's database sees it; an editor's save
        # would come from another connection between the import's read and its write.
        Article.objects.filter(pk=target.pk).update(version=F("version") + 1)

    monkeypatch.setattr(revisions, "ensure_baseline", editor_saves_meanwhile)
    out, err, error = run_import(path, other)
    assert "created 1, updated 0, unchanged 0, failed 1" in out
    assert "an editor saved this article while it was being imported" in err
    article.refresh_from_db()
    assert "五十座" in article.body and "六十座" not in article.body


def test_two_pages_at_different_urls_sharing_title_and_minute_are_two_articles(reference, tmp_path):
    for n in (1, 2):
        path = good_capture(tmp_path, f"{n}.txt", title="图片新闻")
        url = f"原文链接:http://news.cnhubei.com/content/2019-07/29/content_{n}.html\n\n"
        path.write_text(url + path.read_text(encoding="utf-8"), encoding="utf-8")
    out, _err, error = run_import(tmp_path)
    assert error is None and "created 2, updated 0" in out
    assert sorted(ImportRecord.objects.values_list("source_url", flat=True)) == [
        "http://news.cnhubei.com/content/2019-07/29/content_1.html",
        "http://news.cnhubei.com/content/2019-07/29/content_2.html",
    ]
    out, _err, _error = run_import(tmp_path)
    assert "created 0, updated 0, unchanged 2" in out


def test_a_page_without_url_still_finds_the_article_by_title_and_time(reference, tmp_path):
    path = good_capture(tmp_path, "a.txt")
    with_url = "原文链接:http://news.cnhubei.com/content/2019-07/29/content_1.html\n\n"
    path.write_text(with_url + path.read_text(encoding="utf-8"), encoding="utf-8")
    run_import(path)
    (tmp_path / "again").mkdir()
    again = good_capture(tmp_path / "again", "a.txt")
    again.write_text(again.read_text(encoding="utf-8").replace("五十座", "六十座"), "utf-8")
    out, _err, _error = run_import(again)
    assert "created 0, updated 1" in out and Article.objects.count() == 1


def test_rows_another_import_added_meanwhile_are_found_instead_of_refused(reference, tmp_path):
    from archive.store import Importer, ascii_slug
    from articles.models import Section

    importer = Importer()
    first = good_capture(tmp_path, "a.txt")
    importer.import_capture(parse_capture(read_capture(first)), source_file=first)
    # Another import, running at the same time, creates what the next capture needs.
    news = Section.objects.get(name="新闻", parent=None)
    sports = Section.objects.create(name="体育", slug=ascii_slug("体育", "x"), parent=news)
    xinhua = SourceOutlet.objects.create(name="新华网")
    second = good_capture(tmp_path, "b.txt", title="另一篇", section="新闻 > 体育")
    second.write_text(second.read_text("utf-8").replace("来源:荆楚网", "来源:新华网"), "utf-8")
    outcome = importer.import_capture(parse_capture(read_capture(second)), source_file=second)
    assert outcome.status == "created"
    article = Article.objects.get(pk=outcome.article_id)
    assert (article.section, article.source) == (sports, xinhua)
    assert Section.objects.filter(name="体育", parent=news).count() == 1
    assert SourceOutlet.objects.filter(name="新华网").count() == 1


def test_a_reimport_that_moves_a_published_articles_time_logs_the_move(reference, tmp_path):
    from articles.models import Transition

    path = good_capture(tmp_path)
    with_url = "原文链接:http://news.cnhubei.com/content/2019-07/29/content_1.html\n\n"
    path.write_text(with_url + path.read_text(encoding="utf-8"), encoding="utf-8")
    run_import(path, publish=True)
    path.write_text(path.read_text("utf-8").replace("11:26", "12:30"), "utf-8")
    out, _err, _error = run_import(path, publish=True)
    assert "updated 1" in out
    moved = Transition.objects.get(action="reschedule")
    assert moved.actor is None and moved.to_state == Article.Status.PUBLISHED
    assert "2019-07-29 11:26" in moved.note and "2019-07-29 12:30" in moved.note


def test_a_reimport_that_moves_a_drafts_time_logs_nothing(reference, tmp_path):
    from articles.models import Transition

    path = good_capture(tmp_path)
    with_url = "原文链接:http://news.cnhubei.com/content/2019-07/29/content_1.html\n\n"
    path.write_text(with_url + path.read_text(encoding="utf-8"), encoding="utf-8")
    run_import(path)
    path.write_text(path.read_text("utf-8").replace("11:26", "12:30"), "utf-8")
    assert "updated 1" in run_import(path)[0]
    assert not Transition.objects.exists()


def test_sensitive_words_in_a_capture_are_reported_per_capture_as_warnings(reference, tmp_path):
    SensitiveWord.objects.create(word="口袋公园", level="review", category="测试")
    path = good_capture(tmp_path)
    out, err, error = run_import(path)
    assert error is None and "created 1," in out
    assert f"{path}: warning: sensitive word “口袋公园”" in err


def test_a_block_level_word_keeps_an_imported_capture_from_being_published(reference, tmp_path):
    SensitiveWord.objects.create(word="口袋公园", level="block", category="测试")
    path = good_capture(tmp_path)
    _out, err, error = run_import(path, publish=True)
    assert error is None, err
    assert Article.objects.get().status == Article.Status.DRAFT
    assert "口袋公园" in err
