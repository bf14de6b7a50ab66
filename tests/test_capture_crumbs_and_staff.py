"""Breadcrumbs whose image separators ran together (`首页新闻湖北`), split by the site's sections,
and the newsroom's other staff (图片编辑, 校对, 审核, 监制…) credited in their roles."""

import csv

import pytest
from django.conf import settings

from archive.bylines import Credit
from archive.parse import parse_capture, section_vocabulary
from articles.models import Article, Byline, BylineRole, Contributor
from tests.capture_commands import describe_all, load_reference_data, run_export, run_import
from tests.factories import make_staff

SITE = section_vocabulary(
    [("新闻", "news"), ("湖北", "hubei"), ("武汉", "wuhan"), ("国际", "world"), ("财经", "finance")]
)
BODY = (
    "2019-07-29 11:26来源:荆楚网",
    "荆楚网记者 刘婧",
    "武汉今年新建口袋公园五十座。",
    "公园均免费开放。",
)


def page(*lines, sections=SITE):
    return parse_capture("\n\n".join(lines) + "\n", sections=sections)


@pytest.mark.parametrize(
    "crumb, sections",
    [
        ("首页新闻湖北", ["新闻", "湖北"]),
        ("您现在的位置：首页新闻湖北武汉正文", ["新闻", "湖北", "武汉"]),
        ("首页 新闻 湖北", ["新闻", "湖北"]),
        ("首页newshubei", ["新闻", "湖北"]),
        ("人民网国际", ["国际"]),
        ("人民网首页国际", ["国际"]),
        ("首页财经", ["财经"]),
        ("首页新闻湖北黄冈", ["新闻", "湖北", "黄冈"]),
    ],
)
def test_a_run_together_breadcrumb_is_split_by_the_sites_sections(crumb, sections):
    capture = page(crumb, "武汉新建口袋公园", *BODY)
    assert capture.section_names == sections
    assert capture.list_title == "武汉新建口袋公园"
    assert crumb not in [block.text for block in capture.blocks]


@pytest.mark.parametrize(
    "line",
    [
        "新闻湖北",  # no home word or site name before it
        "首页设计大赛获奖名单",  # home word, then no known section
        "首页新闻湖北黄冈市委书记调研",  # too long to be a section the site lacks
    ],
)
def test_a_line_that_is_not_all_home_and_sections_is_no_breadcrumb(line):
    capture = page("首页 > 新闻 >", line, *BODY)
    assert capture.section_names == ["新闻"]
    assert capture.list_title == line


def test_without_the_sites_sections_a_run_together_breadcrumb_stays_unread():
    capture = page("首页新闻湖北", "武汉新建口袋公园", *BODY, sections=None)
    assert capture.section_names == []
    assert capture.list_title == "武汉新建口袋公园"


@pytest.mark.parametrize(
    "tail, editors, staff",
    [
        (
            ["(责任编辑：王萌)", "图片编辑：李明 校对：赵敏", "审核：张伟 监制：陈刚"],
            ["王萌"],
            [("图片编辑", "李明"), ("校对", "赵敏"), ("审核", "张伟"), ("监制", "陈刚")],
        ),
        (["编辑：刘洋 审核：王强 编审：孙丽"], ["刘洋"], [("审核", "王强"), ("编审", "孙丽")]),
        (["【编辑:刘洋 校对:赵敏】"], ["刘洋"], [("校对", "赵敏")]),
        (["（编辑 刘洋 审核 王强）"], ["刘洋"], [("审核", "王强")]),
        (["责任编辑：王萌 图片编辑：李明_NB1234"], ["王萌"], [("图片编辑", "李明")]),
        (["责任校对：孙晓 美编：周敏"], [], [("校对", "孙晓"), ("美术编辑", "周敏")]),
        (["审核：张伟"], [], [("审核", "张伟")]),
    ],
)
def test_staff_lines_credit_each_name_in_its_role_and_end_the_body(tail, editors, staff):
    capture = page("首页 > 新闻 >", "武汉新建口袋公园", *BODY, *tail)
    assert capture.editors == editors
    assert [(credit.role, credit.name) for credit in capture.staff_credits] == staff
    assert [block.text for block in capture.blocks] == list(BODY[2:])
    assert capture.credits == [Credit("荆楚网", "记者", "刘婧")]


@pytest.mark.parametrize("line", ["审核通过后，项目即可开工。", "校对 工作由专人负责。", "监制"])
def test_a_paragraph_opening_with_a_role_word_stays_text(line):
    capture = page("首页 > 新闻 >", "武汉新建口袋公园", *BODY, line)
    assert capture.staff_credits == []
    assert [block.text for block in capture.blocks][-1] == line


# ---------------------------------------------------------------------- into the database


@pytest.fixture
def reference(db):
    load_reference_data()


def capture_file(folder, name, head, tail=()):
    path = folder / name
    path.write_text("\n\n".join([*head, *BODY, *tail]) + "\n", encoding="utf-8")
    return path


def test_an_import_splits_run_together_crumbs_by_the_databases_sections(reference, tmp_path):
    capture_file(tmp_path, "a.txt", ["首页新闻湖北武汉", "武汉新建口袋公园"])
    out, err, error = run_import(tmp_path)
    assert error is None, err
    assert "no breadcrumb" not in err
    assert Article.objects.get().section.path == "news/hubei/wuhan"


def test_sections_an_import_made_split_the_crumbs_of_later_captures(reference, tmp_path):
    capture_file(tmp_path, "a.txt", ["首页 > 新闻 > 湖北 > 黄冈", "黄冈新建口袋公园"])
    capture_file(tmp_path, "b.txt", ["首页新闻湖北黄冈", "黄冈新建街心花园"])
    run_import(tmp_path)
    paths = set(Article.objects.values_list("section__path", flat=True))
    assert paths == {"news/hubei/huanggang"}


def test_staff_are_credited_in_their_roles_under_this_newsroom(reference, tmp_path):
    tail = ["(责任编辑：王萌)", "图片编辑：李明 校对：赵敏", "审核：张伟"]
    capture_file(tmp_path, "a.txt", ["首页 > 新闻 >", "武汉新建口袋公园"], tail)

    out, err, error = run_import(tmp_path)

    assert error is None, err
    bylines = Byline.objects.select_related("contributor__affiliation", "role")
    credited = [
        (b.role.name_zh, b.contributor.name, b.contributor.affiliation.name) for b in bylines
    ]
    assert credited == [
        ("记者", "刘婧", "荆楚网"),
        ("编辑", "王萌", settings.SITE_NAME),
        ("图片编辑", "李明", settings.SITE_NAME),
        ("校对", "赵敏", settings.SITE_NAME),
        ("审核", "张伟", settings.SITE_NAME),
    ]
    roles = BylineRole.objects.filter(name_zh__in=["图片编辑", "校对", "审核"])
    assert sorted(roles.values_list("code", "name_en")) == [
        ("photo-editor", "photo editor"),
        ("proofreader", "proofreader"),
        ("reviewer", "reviewer"),
    ]


def test_a_staff_credit_for_a_staff_member_reuses_the_accounts_contributor(reference, tmp_path):
    own = Contributor.objects.create(name="赵敏", user=make_staff("zhaomin", first_name="赵敏"))
    capture_file(tmp_path, "a.txt", ["首页 > 新闻 >", "武汉新建口袋公园"], ["校对：赵敏"])
    run_import(tmp_path)
    assert Article.objects.get().bylines.get(role__name_zh="校对").contributor == own


def test_staff_credits_survive_export_and_import(reference, tmp_path):
    tail = ["(责编：王萌)", "图片编辑：李明 校对：赵敏、孙晓", "监制：陈刚"]
    capture_file(tmp_path, "a.txt", ["首页 > 新闻 >", "武汉新建口袋公园"], tail)
    run_import(tmp_path / "a.txt")
    before = describe_all()

    exported = tmp_path / "out"
    run_export(exported)
    text = next(exported.iterdir()).read_text(encoding="utf-8")
    assert "图片编辑:李明 校对:赵敏、孙晓 监制:陈刚" in text
    Article.objects.all().delete()
    out, err, error = run_import(exported)

    assert error is None, err
    assert describe_all() == before


def test_the_report_lists_staff_credits_with_the_others(reference, tmp_path):
    capture_file(tmp_path, "a.txt", ["首页 > 新闻 >", "武汉新建口袋公园"], ["图片编辑：李明"])
    report = tmp_path / "report.csv"
    run_import(tmp_path / "a.txt", report=str(report))
    with report.open(encoding="utf-8-sig", newline="") as rows:
        (row,) = csv.DictReader(rows)
    assert row["credits"] == "记者 刘婧; 图片编辑 李明"
