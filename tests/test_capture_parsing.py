"""Parsing captures into their parts, without the database: tests/captures holds one file per variation."""

from datetime import datetime
from pathlib import Path

import pytest
from django.utils import translation

from archive.bylines import Credit, parse_credits
from archive.normalize import decode_capture, normalize_text, read_capture
from archive.parse import breadcrumb_names, parse_capture

CAPTURES = Path(__file__).parent / "captures"
SAMPLE = Path(__file__).parent / "data" / "cnhubei-2019-07-29.txt"


def credits(*triples):
    return [Credit(*triple) for triple in triples]


# Every field a capture yields; "kinds" spells the body blocks, p for paragraph, h for subheading.
EXPECTED = {
    "01-fullwidth-punctuation.txt": {
        "section_names": ["新闻", "湖北"],
        "list_title": "武汉老旧小区改造启动",
        "headline": "武汉三十个老旧小区年底前完成改造",
        "published_at": datetime(2019, 7, 29, 11, 26),
        "source_name": "湖北日报",
        "credits": credits(("湖北日报", "记者", "张伟"), ("湖北日报", "记者", "李娜")),
        "editors": ["王芳", "刘洋"],
        "notice_holder": "湖北日报",
        "kinds": "pp",
        "first": "近日，武汉市启动老旧小区改造工程，首批涉及三十个小区。",
    },
    "02-gb18030-lead-byline.txt": {
        "section_names": ["新闻", "武汉"],
        "published_at": datetime(2020, 1, 5, 8, 30),
        "source_name": "长江日报",
        "headline": "武汉地铁新线今日开通 市民尝鲜",
        "credits": credits(("长江日报", "记者", "吴擒虎")),
        "editors": ["刘洋"],
        "first": "长江日报讯(记者吴擒虎)今天上午,武汉地铁新线正式开通运营。",
    },
    "03-utf8-bom-gt-entity.txt": {
        "section_names": ["财经", "股市"],
        "list_title": "湖北上市公司半年报出炉",
        "published_at": datetime(2018, 3, 2, 9, 15),
        "source_name": "长江日报",
        "credits": credits(("长江日报", "记者", "陈思远")),
        "editors": ["孙蕾"],
    },
    "04-page-furniture.txt": {
        "section_names": ["体育", "路跑"],
        "list_title": "武汉马拉松鸣枪开跑",
        "headline": "两万六千名跑者竞逐江城",
        "published_at": datetime(2021, 4, 18, 7, 30),
        "credits": credits(("荆楚网", "全媒记者", "刘婧")),
        "editors": ["李晓晨"],
        "kinds": "pp",
    },
    "05-breadcrumb-without-home.txt": {
        "section_names": ["新闻", "国内"],
        "source_name": "新华社",
        "credits": [],
        "editors": [],
    },
    "06-trailing-separator-no-spaces.txt": {
        "section_names": ["体育", "足球"],
        "published_at": datetime(2022, 8, 20, 21, 45),
        "source_name": "楚天都市报",
        "credits": credits(("楚天都市报", "记者", "范文博")),
    },
    "07-time-with-seconds-no-label.txt": {
        "published_at": datetime(2019, 7, 29, 11, 26, 52),
        "source_name": "三峡日报",
        "credits": credits(("三峡日报", "记者", "杨帆")),
    },
    "08-time-and-source-on-separate-lines.txt": {
        "published_at": datetime(2019, 7, 29, 11, 26),
        "source_name": "楚天都市报",
        "headline": "暑期襄阳古城迎来游客高峰",
        "credits": credits(("楚天都市报", "记者", "何静")),
    },
    "09-reporters-without-outlet.txt": {
        "credits": credits(("荆楚网", "记者", "张立"), ("荆楚网", "记者", "王强")),
    },
    "10-reporter-with-colon.txt": {
        "section_names": ["评论", "时评"],
        "list_title": "让城市更有温度",
        "headline": "让城市更有温度",
        "credits": credits(("长江日报", "记者", "张立")),
    },
    "11-lead-benbao-with-correspondent.txt": {
        "section_names": ["新闻", "湖北", "宜昌"],
        "credits": credits(("三峡日报", "记者", "杨帆"), ("", "通讯员", "周明")),
        "first": "本报讯(记者 杨帆 通讯员 周明)连日来,宜昌各地柑橘进入采摘期。",
    },
    "12-photo-credits.txt": {
        "section_names": ["文旅"],
        "credits": credits(
            ("荆楚网", "全媒记者", "刘婧"), ("", "摄影", "黄志刚"), ("荆楚网", "摄影", "刘婧")
        ),
        "kinds": "pp",
        "first": "东湖樱花园内,樱花竞相绽放。(通讯员 黄志刚 摄)",
    },
    "13-every-role.txt": {
        "credits": credits(
            ("湖北日报", "全媒体记者", "高远"),
            ("湖北日报", "融媒体记者", "林夕"),
            ("湖北日报", "见习记者", "孙蕾"),
            ("", "特约通讯员", "钱程"),
            ("", "摄影", "黄志刚"),
            ("湖北日报", "编辑", "李晓晨"),
        ),
    },
    "14-names-with-dunhao.txt": {
        "credits": credits(
            ("长江日报", "记者", "张立"),
            ("长江日报", "记者", "范文博"),
            ("长江日报", "实习生", "吴佳怡"),
        ),
    },
    "15-editor-name-on-next-line.txt": {"editors": ["李晓晨"], "kinds": "pp"},
    "16-empty-editor.txt": {"editors": [], "credits": credits(("荆楚网", "记者", "刘婧"))},
    "17-no-byline-editor-or-notice.txt": {
        "headline": "中欧班列(武汉)年度开行突破千列",
        "credits": [],
        "editors": [],
        "notice_text": "",
        "kinds": "pp",
    },
    "18-subheadings.txt": {"kinds": "phppphpp"},
    "19-ideographic-indentation.txt": {
        "section_names": ["新闻", "湖北"],
        "list_title": "十堰武当山景区提档升级",
        "published_at": datetime(2019, 8, 8, 8, 8),
        "source_name": "湖北日报",
        "credits": credits(("湖北日报", "记者", "孙蕾")),
        "first": "武当山景区提档升级工程完工。",
    },
    "20-original-url.txt": {
        "url": "http://news.cnhubei.com/content/2019-09/01/content_1.html",
        "section_names": ["新闻", "湖北"],
    },
    "21-new-outlet-own-notice.txt": {
        "source_name": "黄冈日报",
        "notice_holder": "黄冈日报",
        "notice_text": "版权声明:本文版权归黄冈日报所有,未经许可不得转载。",
    },
    "22-notice-naming-another-outlet.txt": {"source_name": "荆楚网", "notice_holder": "大众新闻网"},
    "23-gbk-fullwidth.txt": {
        "section_names": ["新闻", "湖北"],
        "published_at": datetime(2019, 9, 20, 10, 0),
        "source_name": "荆楚网",
        "credits": credits(("荆楚网", "记者", "刘婧")),
        "editors": ["李晓晨"],
        "first": "第十三届咸宁国际桂花节20日开幕。",
    },
    "24-current-position-double-arrows.txt": {
        "section_names": ["财经", "楼市"],
        "credits": credits(("长江日报", "记者", "张立")),
    },
}


# name: (list title, headline, publish time, source, credits, editors, body block kinds)
PAGE_PARTS = {
    "01-fullwidth-punctuation.txt": (
        "武汉老旧小区改造启动",
        "武汉三十个老旧小区年底前完成改造",
        datetime(2019, 7, 29, 11, 26),
        "湖北日报",
        [("湖北日报", "记者", "张伟"), ("湖北日报", "记者", "李娜")],
        ["王芳", "刘洋"],
        "pp",
    ),
    "02-gb18030-lead-byline.txt": (
        "江城地铁新线开通",
        "武汉地铁新线今日开通 市民尝鲜",
        datetime(2020, 1, 5, 8, 30),
        "长江日报",
        [("长江日报", "记者", "吴擒虎")],
        ["刘洋"],
        "pp",
    ),
    "03-utf8-bom-gt-entity.txt": (
        "湖北上市公司半年报出炉",
        "湖北上市公司半年报出炉 营收普遍增长",
        datetime(2018, 3, 2, 9, 15),
        "长江日报",
        [("长江日报", "记者", "陈思远")],
        ["孙蕾"],
        "pp",
    ),
    "04-page-furniture.txt": (
        "武汉马拉松鸣枪开跑",
        "两万六千名跑者竞逐江城",
        datetime(2021, 4, 18, 7, 30),
        "荆楚网",
        [("荆楚网", "全媒记者", "刘婧")],
        ["李晓晨"],
        "pp",
    ),
    "05-breadcrumb-without-home.txt": (
        "全国夏粮再获丰收",
        "全国夏粮产量再创新高",
        datetime(2019, 7, 16, 10, 0),
        "新华社",
        [],
        [],
        "pp",
    ),
    "06-trailing-separator-no-spaces.txt": (
        "武汉三镇主场取胜",
        "武汉三镇主场二比零取胜",
        datetime(2022, 8, 20, 21, 45),
        "楚天都市报",
        [("楚天都市报", "记者", "范文博")],
        [],
        "pp",
    ),
    "07-time-with-seconds-no-label.txt": (
        "宜昌推进长江大保护",
        "宜昌推进长江大保护 沿江化工企业搬迁",
        datetime(2019, 7, 29, 11, 26, 52),
        "三峡日报",
        [("三峡日报", "记者", "杨帆")],
        [],
        "pp",
    ),
    "08-time-and-source-on-separate-lines.txt": (
        "襄阳古城迎来游客高峰",
        "暑期襄阳古城迎来游客高峰",
        datetime(2019, 7, 29, 11, 26),
        "楚天都市报",
        [("楚天都市报", "记者", "何静")],
        [],
        "pp",
    ),
    "09-reporters-without-outlet.txt": (
        "汉江水位持续回落",
        "汉江水位持续回落 防汛响应降级",
        datetime(2019, 8, 2, 16, 40),
        "荆楚网",
        [("荆楚网", "记者", "张立"), ("荆楚网", "记者", "王强")],
        [],
        "pp",
    ),
    "10-reporter-with-colon.txt": (
        "让城市更有温度",
        "让城市更有温度",
        datetime(2019, 9, 10, 9, 0),
        "长江日报",
        [("长江日报", "记者", "张立")],
        [],
        "pp",
    ),
    "11-lead-benbao-with-correspondent.txt": (
        "宜昌柑橘丰收",
        "宜昌柑橘迎来丰收季",
        datetime(2019, 11, 12, 15, 20),
        "三峡日报",
        [("三峡日报", "记者", "杨帆"), ("", "通讯员", "周明")],
        [],
        "pp",
    ),
    "12-photo-credits.txt": (
        "东湖樱花盛开",
        "东湖樱花盛开 游人如织",
        datetime(2021, 3, 15, 12, 0),
        "荆楚网",
        [("荆楚网", "全媒记者", "刘婧"), ("", "摄影", "黄志刚"), ("荆楚网", "摄影", "刘婧")],
        [],
        "pp",
    ),
    "13-every-role.txt": (
        "全媒体报道团队走基层",
        "全媒体报道团队走基层",
        datetime(2020, 6, 1, 10, 0),
        "湖北日报",
        [
            ("湖北日报", "全媒体记者", "高远"),
            ("湖北日报", "融媒体记者", "林夕"),
            ("湖北日报", "见习记者", "孙蕾"),
            ("", "特约通讯员", "钱程"),
            ("", "摄影", "黄志刚"),
            ("湖北日报", "编辑", "李晓晨"),
        ],
        [],
        "pp",
    ),
    "14-names-with-dunhao.txt": (
        "武汉新增两座公园",
        "武汉新增两座城市公园",
        datetime(2019, 10, 1, 8, 0),
        "长江日报",
        [
            ("长江日报", "记者", "张立"),
            ("长江日报", "记者", "范文博"),
            ("长江日报", "实习生", "吴佳怡"),
        ],
        [],
        "pp",
    ),
    "15-editor-name-on-next-line.txt": (
        "荆州古城墙修缮完工",
        "荆州古城墙修缮工程完工",
        datetime(2019, 12, 20, 14, 0),
        "荆楚网",
        [("荆楚网", "记者", "刘婧")],
        ["李晓晨"],
        "pp",
    ),
    "16-empty-editor.txt": (
        "黄石矿博园开园",
        "黄石国家矿山公园博物馆开园",
        datetime(2019, 5, 18, 10, 0),
        "荆楚网",
        [("荆楚网", "记者", "刘婧")],
        [],
        "pp",
    ),
    "17-no-byline-editor-or-notice.txt": (
        "中欧班列开行突破千列",
        "中欧班列(武汉)年度开行突破千列",
        datetime(2019, 12, 31, 18, 0),
        "新华社",
        [],
        [],
        "pp",
    ),
    "18-subheadings.txt": (
        "湖北推进营商环境改革",
        "湖北推进营商环境改革",
        datetime(2019, 7, 30, 9, 30),
        "湖北日报",
        [("湖北日报", "记者", "陈思远")],
        [],
        "phppphpp",
    ),
    "19-ideographic-indentation.txt": (
        "十堰武当山景区提档升级",
        "武当山景区提档升级",
        datetime(2019, 8, 8, 8, 8),
        "湖北日报",
        [("湖北日报", "记者", "孙蕾")],
        [],
        "pp",
    ),
    "20-original-url.txt": (
        "恩施大峡谷获评5A景区",
        "恩施大峡谷获评国家5A级旅游景区",
        datetime(2019, 9, 1, 10, 10),
        "荆楚网",
        [("荆楚网", "记者", "刘婧")],
        [],
        "pp",
    ),
    "21-new-outlet-own-notice.txt": (
        "黄冈红色旅游升温",
        "黄冈红色旅游持续升温",
        datetime(2019, 6, 1, 10, 0),
        "黄冈日报",
        [("黄冈日报", "记者", "方园")],
        [],
        "pp",
    ),
    "22-notice-naming-another-outlet.txt": (
        "孝感米酒走俏",
        "孝感米酒年货市场走俏",
        datetime(2019, 2, 1, 10, 0),
        "荆楚网",
        [("荆楚网", "记者", "刘婧")],
        [],
        "pp",
    ),
    "23-gbk-fullwidth.txt": (
        "咸宁桂花节开幕",
        "咸宁国际桂花节开幕",
        datetime(2019, 9, 20, 10, 0),
        "荆楚网",
        [("荆楚网", "记者", "刘婧")],
        ["李晓晨"],
        "p",
    ),
    "24-current-position-double-arrows.txt": (
        "武汉楼市成交回暖",
        "武汉楼市四月成交回暖",
        datetime(2019, 4, 10, 17, 0),
        "长江日报",
        [("长江日报", "记者", "张立")],
        [],
        "pp",
    ),
}


@pytest.mark.parametrize("name", sorted(PAGE_PARTS))
def test_capture_yields_its_title_headline_time_source_credits_editors_and_blocks(name):
    capture = parsed(name)
    list_title, headline, published_at, source, triples, editors, kinds = PAGE_PARTS[name]
    assert (capture.list_title, capture.headline) == (list_title, headline)
    assert (capture.published_at, capture.source_name) == (published_at, source)
    assert capture.credits == credits(*triples)
    assert capture.editors == editors
    assert "".join(block.kind for block in capture.blocks) == kinds
    assert capture.warnings == []


def parsed(name):
    return parse_capture(read_capture(CAPTURES / name))


def test_every_capture_in_the_folder_has_expectations():
    assert sorted(p.name for p in CAPTURES.glob("*.txt")) == sorted(EXPECTED) == sorted(PAGE_PARTS)
    assert len(EXPECTED) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_capture_parses_into_its_expected_fields(name):
    capture = parsed(name)
    expected = dict(EXPECTED[name])
    kinds, first = expected.pop("kinds", None), expected.pop("first", None)
    assert {key: getattr(capture, key) for key in expected} == expected
    if kinds:
        assert "".join(block.kind for block in capture.blocks) == kinds
    if first:
        assert capture.blocks[0].text == first


def test_sample_capture_parses_into_the_page_parts():
    capture = parse_capture(read_capture(SAMPLE))
    assert capture.section_names == ["新闻", "湖北"]
    assert capture.published_at == datetime(2019, 7, 29, 11, 26, 52)
    assert capture.source_name == "荆楚网"
    assert capture.credits == credits(
        ("湖北日报", "全媒记者", "胡弦"), ("湖北日报", "实习生", "吴佳怡")
    )
    assert capture.editors == []
    assert capture.notice_holder == "大众新闻网"
    assert [b.text for b in capture.blocks if b.kind == "h"] == [
        "将主题教育“课堂”搬到调研现场",
        "聚焦群众反映最突出最现实问题",
        "对标先进城市优化营商环境",
    ]


def test_page_furniture_stays_out_of_the_body():
    texts = " ".join(block.text for block in parsed("04-page-furniture.txt").blocks)
    for furniture in ("分享到", "相关新闻", "网友评论", "荆楚网 | 新闻", "登录"):
        assert furniture not in texts


def test_standalone_photo_credit_line_is_a_credit_not_a_paragraph():
    texts = [block.text for block in parsed("12-photo-credits.txt").blocks]
    assert "(记者 刘婧 摄)" not in texts


def test_gb18030_and_gbk_files_are_detected_without_being_told():
    for name in ("02-gb18030-lead-byline.txt", "23-gbk-fullwidth.txt"):
        data = (CAPTURES / name).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert "新闻" in decode_capture(data)


def test_utf8_byte_order_mark_is_dropped():
    data = (CAPTURES / "03-utf8-bom-gt-entity.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert decode_capture(data).startswith("首页")


def test_normalising_keeps_full_width_punctuation_and_makes_digits_and_spaces_plain():
    text = normalize_text("　　来源：荆楚网（湖北日报网）“课堂”、《报》２０日！\r\n")
    assert text == "  来源：荆楚网（湖北日报网）“课堂”、《报》20日！\n"


def test_full_width_punctuation_is_read_for_layout_and_kept_in_the_text():
    capture = parsed("01-fullwidth-punctuation.txt")
    assert capture.source_name == "湖北日报"
    assert capture.editors == ["王芳", "刘洋"]
    assert capture.notice_text == "版权声明：本文为湖北日报原创稿件，版权归湖北日报所有。"
    assert all("," not in block.text and ":" not in block.text for block in capture.blocks)


@pytest.mark.parametrize(
    "line, names",
    [
        ("首页 > 新闻 > 湖北 >", ["新闻", "湖北"]),
        ("首页>>新闻>>湖北", ["新闻", "湖北"]),
        ("首页 &gt; 新闻 &gt; 湖北", ["新闻", "湖北"]),
        ("新闻 > 湖北", ["新闻", "湖北"]),
        ("您的当前位置:首页 > 新闻", ["新闻"]),
        ("当前位置: 荆楚网首页 > 体育 > 正文", ["体育"]),
        ("首页 | 新闻 | 体育 > 更多", None),
        ("市民说:这样很好 > 那样", None),
        ("武汉市用改的成效回应群众关切", None),
    ],
)
def test_breadcrumb_forms(line, names):
    assert breadcrumb_names(line) == names


@pytest.mark.parametrize(
    "text, expected",
    [
        ("记者 张三 李四", [("荆楚网", "记者", "张三"), ("荆楚网", "记者", "李四")]),
        ("记者:张三", [("荆楚网", "记者", "张三")]),
        ("本报记者 张三", [("荆楚网", "记者", "张三")]),
        ("(记者 张三 摄)", [("荆楚网", "摄影", "张三")]),
        ("记者 张三摄", [("荆楚网", "摄影", "张三")]),
        ("特约通讯员 王五", [("", "特约通讯员", "王五")]),
        ("湖北日报通讯员 王五", [("湖北日报", "通讯员", "王五")]),
        ("坚持真抓实干,着力推进整改。", None),
        ("张三 李四", None),
        ("记者 张三 李四 报道", [("荆楚网", "记者", "张三"), ("荆楚网", "记者", "李四")]),
        ("记者 张三 发自北京", [("荆楚网", "记者", "张三")]),
        ("记者 张三 通讯员 王五 采写", [("荆楚网", "记者", "张三"), ("", "通讯员", "王五")]),
        ("记者 张三 摄影报道", [("荆楚网", "记者", "张三")]),
        ("记者 张三 综合报道", [("荆楚网", "记者", "张三")]),
        ("记者报道", None),
        ("记者 报道", None),
    ],
)
def test_byline_forms(text, expected):
    found = parse_credits(text, "荆楚网")
    assert found == (credits(*expected) if expected is not None else None)


def page(*lines):
    return parse_capture("\n\n".join(lines) + "\n")


HEAD = ("首页 > 新闻 >", "标题", "2019-07-29 11:26来源:荆楚网")


def test_a_title_starting_with_a_date_is_a_title():
    capture = page(
        "首页 > 新闻 >", "2020年2月1日湖北省新冠肺炎疫情情况", "2020-02-02 08:00", "正文。"
    )
    assert capture.list_title == "2020年2月1日湖北省新冠肺炎疫情情况"
    assert capture.published_at == datetime(2020, 2, 2, 8, 0)


@pytest.mark.parametrize(
    "first", ["大家都说:“这下方便了!”", "这下方便了?", "真的方便了!", "方便了……", "这下方便了。"]
)
def test_a_short_first_paragraph_ending_a_sentence_stays_in_the_body(first):
    capture = page(*HEAD, first, "第二段。")
    assert capture.headline == "标题"
    assert [block.text for block in capture.blocks] == [first, "第二段。"]


def test_a_headline_in_quotes_is_still_a_headline():
    capture = page(*HEAD, "用“放大镜”看“角落”", "正文。")
    assert capture.headline == "用“放大镜”看“角落”"


@pytest.mark.parametrize(
    "line, names",
    [
        ("(责编: admin)", ["admin"]),
        ("(责编: wang.fang、李晓晨)", ["wang.fang", "李晓晨"]),
        ("【责任编辑:xiaochen】", ["xiaochen"]),
    ],
)
def test_editor_names_may_be_ascii(line, names):
    assert page(*HEAD, "正文。", line).editors == names


@pytest.mark.parametrize(
    "line, expected",
    [
        ("记者 阿依古丽·买买提", [("荆楚网", "记者", "阿依古丽·买买提")]),
        ("文/记者 张三", [("荆楚网", "记者", "张三")]),
        ("文/张三", None),
    ],
)
def test_longer_names_and_the_wen_prefix(line, expected):
    found = parse_credits(line, "荆楚网")
    assert found == (credits(*expected) if expected is not None else None)


def test_a_line_that_looks_like_a_byline_but_does_not_parse_is_a_warning():
    with translation.override("en"):
        capture = page(*HEAD, "记者 张三 (2019)", "正文。")
    assert capture.warnings == [
        (
            7,
            "this line looks like a byline but could not be read: 记者 张三 (2019); it was kept as text",
        )
    ]
    assert capture.blocks[0].text == "记者 张三 (2019)"


@pytest.mark.parametrize(
    "notice",
    [
        "版权声明:凡注明“来源:荆楚网”的所有作品,版权归荆楚网所有。",
        "版权声明:本作品版权属于荆楚网。",
        "版权声明:版权所有:荆楚网,未经授权不得转载。",
    ],
)
def test_the_notice_holder_is_read_from_every_ownership_phrase(notice):
    text = SAMPLE.read_text(encoding="utf-8")
    text = text[: text.index("版权声明")] + notice
    assert parse_capture(text).notice_holder == "荆楚网"


def test_a_title_may_say_source_with_a_colon():
    capture = page("首页 > 新闻 >", "疫情来源:专家解读", "2019-07-29 11:26来源:荆楚网", "正文。")
    assert capture.list_title == "疫情来源:专家解读"
    assert capture.source_name == "荆楚网"


@pytest.mark.parametrize(
    "crumb", ["首页 > 新闻 > 湖北 > 武汉新建口袋公园", "首页 > 新闻 > 湖北 > 武汉新建口袋…"]
)
def test_a_breadcrumb_ending_with_the_title_gives_no_section_of_that_name(crumb):
    capture = page(crumb, "武汉新建口袋公园", "2019-07-29 11:26来源:荆楚网", "正文。")
    assert capture.section_names == ["新闻", "湖北"]


def test_a_section_named_like_the_start_of_the_title_is_kept():
    capture = page(
        "首页 > 新闻 > 武汉", "武汉新建口袋公园", "2019-07-29 11:26来源:荆楚网", "正文。"
    )
    assert capture.section_names == ["新闻", "武汉"]


def test_a_line_padded_with_thousands_of_spaces_is_read_like_any_other():
    # Such padding once made the breadcrumb search quadratic: seconds per line.
    padded = "版面" + " " * 30_000 + "导航"
    capture = page(
        padded, "首页 >" + " " * 30_000 + "> 新闻 >", "标题", "2019-07-29 11:26", "正文。"
    )
    assert capture.section_names == ["新闻"]


@pytest.mark.parametrize(
    "furniture",
    [
        "【纠错】",
        "【我要纠错】",
        "字号:大 中 小",
        "【字号 大 中 小】",
        "打印 | 关闭",
        "扫描二维码分享到手机",
        "手机看新闻",
        "标签:武汉 整改",
        "关键词:武汉",
        "相关专题",
        "更多>>",
        "查看原文",
        "点击进入专题",
    ],
)
def test_page_furniture_after_the_text_ends_the_body(furniture):
    capture = page(*HEAD, "正文第一段。", "正文第二段。", furniture, "(责编: 张三)")
    assert [block.text for block in capture.blocks] == ["正文第一段。", "正文第二段。"]
    assert capture.editors == ["张三"]


def test_an_editor_in_brackets_is_the_responsible_editor_but_a_sentence_about_one_is_text():
    capture = page(*HEAD, "编辑部的同志们说:这样很好。", "【编辑:张三】")
    assert capture.editors == ["张三"]
    assert [block.text for block in capture.blocks] == ["编辑部的同志们说:这样很好。"]


def test_a_body_stopped_by_furniture_with_text_after_it_is_a_warning_naming_both_lines():
    with translation.override("en"):
        capture = page(
            *HEAD,
            "第一段。",
            "分享到:微信",
            "这一段在分享栏之后，可能是正文的后半部分，请编辑对照原页面核对一下。",
        )
    assert [block.text for block in capture.blocks] == ["第一段。"]
    assert capture.warnings == [
        (
            9,
            "the body ended at line 9 (分享到:微信), but text follows at line 11: "
            "check that nothing was cut off",
        )
    ]


def test_a_dateline_date_is_no_part_of_the_outlet():
    capture = page(*HEAD, "长江网10月4日讯（记者 杨佳峰 通讯员 武建宣）4日，汉江湾桥主体工程完工。")
    assert capture.credits == credits(("长江网", "记者", "杨佳峰"), ("", "通讯员", "武建宣"))


@pytest.mark.parametrize(
    "line, names",
    [
        ("【纠错】 【责任编辑：王萌 】", ["王萌"]),
        ("本文来源：北京日报客户端 责任编辑：杨靖_NB1234", ["杨靖"]),
        ("编辑：张晓 责任编辑：刘亮", ["张晓", "刘亮"]),
        ("（责任编辑：王治强 HF013）", ["王治强"]),
        ("责任编辑：系统管理员", []),
    ],
)
def test_editor_lines_within_a_line_and_with_codes(line, names):
    assert page(*HEAD, "正文。", line).editors == names


def test_editor_lines_one_after_the_other_are_read_together():
    assert page(*HEAD, "正文。", "编辑：张晓", "责任编辑：刘亮").editors == ["张晓", "刘亮"]


def test_an_editor_printed_on_the_time_line_is_read():
    capture = page(
        "首页 > 新闻 >", "标题", "2019-07-29 11:26 来源：荆楚网 责任编辑：李晓晨", "正文。"
    )
    assert (capture.source_name, capture.editors) == ("荆楚网", ["李晓晨"])


def test_an_author_named_again_with_a_role_is_credited_once_with_the_role():
    capture = page(
        "首页 > 新闻 >",
        "标题",
        "来源：中国青年网 作者：李华 2023-05-04 09:30:12",
        "中国青年网北京5月4日电（记者 李华）五四青年节当天，各地青年志愿者走进乡村。",
    )
    assert capture.credits == credits(("中国青年网", "记者", "李华"))


@pytest.mark.parametrize("furniture", ["阅读:1234", "手机扫码阅读", "评论", "扫码关注我们"])
def test_counters_and_scan_prompts_before_the_text_are_skipped(furniture):
    capture = page(*HEAD, furniture, "正文第一段。", "正文第二段。")
    assert [block.text for block in capture.blocks] == ["正文第一段。", "正文第二段。"]
