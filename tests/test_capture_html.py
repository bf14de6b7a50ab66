"""Saved HTML pages: encodings, the page's meta tags, images listed and kept only when at hand."""

import csv
from pathlib import Path

import pytest

from archive.saved_page import decode_html, read_html
from articles.models import Article
from tests.capture_commands import load_reference_data, run_import

pytestmark = pytest.mark.django_db

SET = Path(__file__).parent / "data" / "archive_set"
PAGE = """<html><head><meta charset="{charset}"><title>{title}_新闻_某某网</title>
<meta name="publishdate" content="2023-04-11 09:12"></head><body>
<div class="nav"><a>首页</a> | <a>新闻</a> | <a>财经</a></div>
<div class="crumb"><a>首页</a><img src="/i/arrow.gif"><a>新闻</a><img src="/i/arrow.gif"><a>武汉</a></div>
<h1>{title}</h1><div>2023-04-11 09:12 来源：长江日报</div>
<div class="share">分享到：<a>微信</a></div>
<div class="text"><p>长江网4月11日讯（记者 耿珊珊）新区今年计划实施重大项目一百余个。</p>
<p><img src="/images/2023/cj01.jpg" alt="工地"></p>
<p>新区相关负责人表示，将加快推进基础设施建设。</p></div>
<div>【编辑：李璐】</div><div class="footer">鄂ICP备12345678号</div></body></html>"""


@pytest.fixture(autouse=True)
def reference(db):
    load_reference_data()


def saved(tmp_path, charset="utf-8", encoding="utf-8", title="武汉长江新区建设提速"):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.format(charset=charset, title=title).encode(encoding))
    return path


def test_a_saved_page_imports_like_a_capture_with_its_punctuation(tmp_path):
    out, err, error = run_import(saved(tmp_path))
    assert error is None, err
    article = Article.objects.get()
    assert [s.name for s in article.section.ancestors()] == ["新闻", "武汉"]
    assert (article.headline, article.source.name) == ("武汉长江新区建设提速", "长江日报")
    assert article.body == (
        "<p>长江网4月11日讯（记者 耿珊珊）新区今年计划实施重大项目一百余个。</p>\n"
        "<p>新区相关负责人表示，将加快推进基础设施建设。</p>"
    )
    credits = [(b.role.name_zh, b.contributor.name) for b in article.bylines.all()]
    assert credits == [("记者", "耿珊珊"), ("编辑", "李璐")]


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "GB18030"])
def test_the_declared_chinese_encoding_is_read_also_for_characters_beyond_gb2312(tmp_path, charset):
    # 镕 is in GBK but not in GB2312: pages declaring gb2312 hold it all the same.
    path = saved(tmp_path, charset=charset, encoding="gb18030", title="朱镕基故居修缮完成")
    capture = read_html(path.read_bytes())
    assert capture.headline == "朱镕基故居修缮完成"


def test_an_undeclared_gbk_page_is_detected():
    data = PAGE.format(charset="", title="标题").replace('charset=""', "").encode("gbk")
    assert "来源：长江日报" in decode_html(data)


def test_images_are_listed_in_the_report_and_left_out_without_a_media_root(tmp_path):
    report = tmp_path / "report.csv"
    run_import(saved(tmp_path), report=str(report))
    assert "<img" not in Article.objects.get().body
    [row] = csv.DictReader(report.read_text(encoding="utf-8-sig").splitlines())
    assert row["images"] == "/images/2023/cj01.jpg"


def test_images_are_kept_when_the_media_root_holds_them(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    archive = tmp_path / "site"
    (archive / "images" / "2023").mkdir(parents=True)
    (archive / "images" / "2023" / "cj01.jpg").write_bytes(b"\xff\xd8\xff\xe0 a jpeg")
    _out, err, error = run_import(saved(tmp_path), media_root=str(archive))
    assert error is None, err
    body = Article.objects.get().body
    assert '<img src="/media/archive/images/2023/cj01.jpg" alt="">' in body
    assert (tmp_path / "media" / "archive" / "images" / "2023" / "cj01.jpg").exists()


def test_an_image_outside_the_media_root_is_never_read(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    page = saved(tmp_path)
    page.write_text(
        page.read_text(encoding="utf-8").replace("/images/2023/cj01.jpg", "../../etc/x.jpg"),
        encoding="utf-8",
    )
    (tmp_path / "site").mkdir()
    run_import(page, media_root=str(tmp_path / "site"))
    assert "<img" not in Article.objects.get().body


def test_a_title_given_only_in_the_meta_tags_is_used():
    capture = read_html((SET / "h09-province-title-only.html").read_bytes())
    assert capture.headline == "省政府召开常务会议研究部署防汛工作"


def test_a_page_printing_its_time_above_the_h1_and_after_the_body_is_read_both_ways():
    above = (
        "<html><body><div>2023-04-11 09:12 来源：长江日报</div><h1>武汉新区建设提速</h1>"
        "<p>新区今年计划实施重大项目一百余个。</p><p>将加快推进基础设施建设。</p></body></html>"
    )
    below = above.replace("<div>2023-04-11 09:12 来源：长江日报</div>", "") + (
        "<div>发布时间：2023-04-11 09:12 来源：长江日报</div>"
    )
    for page in (above, below):
        capture = read_html(page.replace("</body></html>", "").encode() + b"</body></html>")
        assert capture.headline == "武汉新区建设提速"
        assert [block.text for block in capture.blocks] == [
            "新区今年计划实施重大项目一百余个。",
            "将加快推进基础设施建设。",
        ]
        assert capture.source_name == "长江日报"


def test_runs_of_links_before_and_after_the_text_stay_out_of_the_body():
    page = (
        "<html><body><h1>武汉新区建设提速</h1><div>2023-04-11 09:12 来源：长江日报</div>"
        "<ul><li><a>武汉地铁新线开通</a></li><li><a>光谷新增公办高中</a></li></ul>"
        "<p>新区今年计划实施重大项目一百余个。</p><p>详见<a>新区官网</a>。</p>"
        "<ul><li><a>汉江湾桥主体完工</a></li><li><a>长江新区规划发布</a></li></ul>"
        "</body></html>"
    )
    capture = read_html(page.encode())
    assert [block.text for block in capture.blocks] == [
        "新区今年计划实施重大项目一百余个。",
        "详见新区官网。",
    ]
