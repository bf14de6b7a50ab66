"""Malformed captures get one clear line each (file, line, reason), never a traceback, and write nothing."""

import os

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError

from archive.normalize import MAX_CAPTURE_BYTES
from articles.models import Article, Section, SourceOutlet
from tests.capture_commands import load_reference_data, run_import

pytestmark = pytest.mark.django_db

GOOD = (
    "首页 > 新栏目 >\n\n标题\n\n2019-07-29 11:26来源:新报社\n\n标题\n\n记者 张三\n\n"
    "第一段。\n\n第二段。\n"
)


@pytest.fixture(autouse=True)
def reference(db):
    load_reference_data()


def refused(path):
    """The one reported line for `path`, after checking that nothing was written."""
    sections, outlets = Section.objects.count(), SourceOutlet.objects.count()
    out, err, error = run_import(path)
    assert error is not None and error.returncode == 1
    assert "failed 1" in out
    assert "Traceback" not in err
    assert not Article.objects.exists()
    assert (Section.objects.count(), SourceOutlet.objects.count()) == (sections, outlets)
    [line] = err.splitlines()  # one line, no blank one after it
    assert line.startswith(str(path))
    return line[len(str(path)) :]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b" \n\r\n")
    assert refused(path) == ": empty file"


def test_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert refused(path) == ": binary file, not a text capture"


def test_control_characters_without_nul_are_binary_too(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 9)) * 50)
    assert refused(path) == ": binary file, not a text capture"


def test_no_title(tmp_path):
    path = tmp_path / "untitled.txt"
    path.write_text(
        "首页 > 新闻 >\n\n发布时间:2019-07-29 11:26来源:荆楚网\n\n正文。\n", encoding="utf-8"
    )
    assert refused(path) == ":3: no title after the breadcrumb"


def test_title_at_the_end_of_the_file(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_text("首页 > 新闻 >\n", encoding="utf-8")
    assert refused(path).endswith("no title after the breadcrumb")


def test_no_publish_time(tmp_path):
    path = tmp_path / "notime.txt"
    path.write_text("首页 > 新闻 >\n\n标题\n\n标题\n\n正文。\n", encoding="utf-8")
    assert refused(path) == ":5: no publish time after the title"


@pytest.mark.parametrize("time", ["2019-02-30 10:00", "2019-07-29 25:10", "2019年13月01日 10:00"])
def test_impossible_date(tmp_path, time):
    path = tmp_path / "date.txt"
    path.write_text(GOOD.replace("2019-07-29 11:26", time), encoding="utf-8")
    assert refused(path) == f":5: impossible date or time: {time}"


def test_no_body(tmp_path):
    path = tmp_path / "nobody.txt"
    path.write_text(GOOD.split("第一段")[0], encoding="utf-8")
    assert refused(path).endswith("no article text after the title")


def test_ten_megabyte_file(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(GOOD.encode() + "正文。".encode() * (10 * 1024 * 1024 // 9))
    assert path.stat().st_size >= 10 * 1024 * 1024
    assert refused(path) == (
        f": file too large: {path.stat().st_size} bytes, a capture may have at most {MAX_CAPTURE_BYTES}"
    )


def test_undecodable_bytes_are_reported_with_their_line(tmp_path):
    path = tmp_path / "broken.txt"
    data = GOOD.encode("utf-8").replace("第一段".encode(), b"\xff\xfe\x80")
    path.write_bytes(data)
    offset = data.index(b"\xff")
    expected = f":11: undecodable bytes at byte {offset}: neither UTF-8 nor GB18030/GBK"
    assert refused(path) == expected


def test_a_good_capture_written_like_the_malformed_ones_imports(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    _out, _err, error = run_import(path)
    assert error is None
    assert Article.objects.get().section.name == "新栏目"


def test_an_over_long_url_is_refused_and_the_other_captures_go_on(tmp_path):
    (tmp_path / "a-long-url.txt").write_text(
        GOOD + "\n原文链接:https://example.com/" + "a" * 600 + "\n", encoding="utf-8"
    )
    (tmp_path / "b-good.txt").write_text(GOOD.replace("标题", "另一篇"), encoding="utf-8")
    out, err, error = run_import(tmp_path)
    assert error is not None and "created 1, updated 0, unchanged 0, failed 1" in out
    assert "Traceback" not in err
    [line] = err.splitlines()
    assert line.startswith(f"{tmp_path / 'a-long-url.txt'}:15: import record source_url:")
    assert Article.objects.get().headline == "另一篇"


@pytest.mark.parametrize(
    "time, reason",
    [
        ("0001-01-01 00:00:00", "implausible publish time: 0001-01-01 00:00:00 is before 1900"),
        ("1899-12-31 23:59", "implausible publish time: 1899-12-31 23:59 is before 1900"),
        ("2999-01-01 10:00", "implausible publish time: 2999-01-01 10:00 is in the future"),
    ],
)
def test_implausible_years_are_refused(tmp_path, time, reason):
    path = tmp_path / "year.txt"
    path.write_text(GOOD.replace("2019-07-29 11:26", time), encoding="utf-8")
    assert refused(path) == f":5: {reason}"


def test_a_reference_row_refused_by_validation_names_the_model_and_the_line(tmp_path):
    path = tmp_path / "outlet.txt"
    path.write_text(GOOD.replace("新报社", "新" * 120), encoding="utf-8")
    assert refused(path).startswith(":5: source outlet name:")


def test_a_refused_contributor_names_the_model_and_its_line(tmp_path):
    path = tmp_path / "contributor.txt"
    path.write_text(GOOD.replace("第二段。", "第二段。(记者 李四 摄)"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("articles.models.Contributor.clean", _refuse_li_si, raising=False)
        assert refused(path) == ":13: contributor: 李四 is refused for the test"


def _refuse_li_si(contributor):
    if contributor.name == "李四":
        raise ValidationError("李四 is refused for the test")


def test_the_line_of_a_missing_part_is_never_past_the_end_of_the_file(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_text("首页 > 新闻 >\n\n标题\n", encoding="utf-8")
    assert refused(path) == ":3: no publish time after the title"


def test_a_database_error_fails_its_capture_only(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD.replace("标题", "另一篇"), encoding="utf-8")
    save = Article.save

    def save_or_fail(article, *args, **kwargs):
        if article.headline == "标题":
            raise DataError("value too long for type character varying(500)")
        save(article, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Article, "save", save_or_fail)
        out, err, error = run_import(tmp_path)
    assert "created 1, updated 0, unchanged 0, failed 1" in out and error is not None
    assert f"{tmp_path / 'a.txt'}: refused by the database: value too long" in err
    assert Article.objects.get().headline == "另一篇"


def test_a_fifo_is_refused_at_once_instead_of_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert refused(fifo) == ": not a regular file (a FIFO, device or socket); skipped"


def test_a_device_is_refused_without_reading_it():
    assert refused("/dev/zero") == ": not a regular file (a FIFO, device or socket); skipped"


def test_a_link_to_a_device_is_refused_too(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    assert refused(link) == ": not a regular file (a FIFO, device or socket); skipped"


def test_a_byline_of_400_names_is_kept_as_text_with_a_warning(tmp_path):
    names = "、".join(f"张{chr(0x4E00 + i)}{chr(0x4E00 + i // 20)}" for i in range(400))
    path = tmp_path / "many.txt"
    path.write_text(GOOD.replace("记者 张三", f"记者 {names}"), encoding="utf-8")
    out, err, error = run_import(path)
    assert error is None, err
    assert "created 1," in out
    assert f"{path}:9: warning: this line looks like a byline but could not be read" in err
    assert names in Article.objects.get().body


def test_a_time_on_the_last_line_with_nothing_after_it(tmp_path):
    path = tmp_path / "last.txt"
    path.write_text("首页 > 新闻 >\n标题\n2019-07-29 11:26来源:荆楚网", encoding="utf-8")
    assert refused(path) == ":3: no article text after the title"
