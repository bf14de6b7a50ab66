"""Chinese text for the benchmark newsroom: real sentences recombined, names, places, tags.

The sentences come from the captured 荆楚网 article (`tests/data`) and the demo articles'
bodies (`fixtures/demo_articles.json`); headlines are built from their clauses. Punctuation is
written as Chinese text is (GB/T 15834): full-width commas, colons and brackets.
"""

import html
import json
import re
from pathlib import Path

from articles.sanitize import clean_html

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "cnhubei-2019-07-29.txt"
DEMO = ROOT / "fixtures" / "demo_articles.json"

FULL_WIDTH = str.maketrans(
    {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
)
SENTENCE = re.compile(r"[^。！？]+[。！？][”’」』）]*")
CLAUSE_END = re.compile(r"[，。；：！？、]")
TAG = re.compile(r"<[^>]+>")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲芬燕彬鹏飞浩宇轩然欣怡佳晨晓雪琳"
    "婷雯倩颖博文斌俊辉鑫宁凯航帆瑶蕾蓉虹凡诗梦思雨嘉子涵梓睿泽锦弦擒楠卓昊翔琦璐莹冰洁慧"
)
MINORITY_NAMES = ("阿依古丽·买买提", "迪丽娜尔·艾力", "扎西·次仁", "古丽米拉·吐尔逊")

# 湖北's cities and the districts and counties under them: the deepest part of the section tree.
HUBEI = {
    "武汉": "江岸 江汉 硚口 汉阳 武昌 青山 洪山 东西湖 汉南 蔡甸 江夏 黄陂 新洲",
    "黄石": "黄石港 西塞山 下陆 铁山 阳新 大冶",
    "十堰": "茅箭 张湾 郧阳 郧西 竹山 竹溪 房县 丹江口",
    "宜昌": "西陵 伍家岗 点军 猇亭 夷陵 远安 兴山 秭归 长阳 五峰 宜都 当阳 枝江",
    "襄阳": "襄城 樊城 襄州 南漳 谷城 保康 老河口 枣阳 宜城",
    "鄂州": "梁子湖 华容 鄂城",
    "荆门": "东宝 掇刀 沙洋 钟祥 京山",
    "孝感": "孝南 孝昌 大悟 云梦 应城 安陆 汉川",
    "荆州": "沙市 荆州区 公安 监利 江陵 石首 洪湖 松滋",
    "黄冈": "黄州 团风 红安 罗田 英山 浠水 蕲春 黄梅 麻城 武穴",
    "咸宁": "咸安 嘉鱼 通城 崇阳 通山 赤壁",
    "随州": "曾都 随县 广水",
    "恩施": "恩施市 利川 建始 巴东 宣恩 咸丰 来凤 鹤峰",
    "仙桃": "",
    "潜江": "",
    "天门": "",
    "神农架": "",
}

# The rest of the tree: top-level section → its sub-sections → theirs.
OTHER_SECTIONS = {
    "新闻": {
        "国内": "北京 上海 天津 重庆 广东 湖南 河南 江西 安徽 四川 陕西 江苏 浙江 福建 山东 广西 贵州 云南",
        "国际": "亚洲 欧洲 美洲 非洲 大洋洲",
        "社会": "法治 民生 热线 曝光台 寻人",
        "政务": "发布 人事 政策解读 招标公告",
    },
    "评论": {"社论": "", "时评": "", "来论": "", "漫评": "", "荆楚网评": ""},
    "体育": {
        "足球": "中超 国际足球 湖北足球",
        "篮球": "CBA NBA 校园篮球",
        "路跑": "武汉马拉松 乡村跑",
        "综合": "乒羽 田径 水上运动 网球",
    },
    "财经": {
        "股市": "鄂股 新股 基金",
        "楼市": "新房 二手房 租房",
        "产经": "光电子 汽车产业 生物医药 农业产业化",
        "金融": "银行 保险 理财",
    },
    "文旅": {"旅游": "景区 线路 节庆 民宿", "文化": "非遗 书画 戏曲 读书", "美食": ""},
    "专题": {
        "军运会": "",
        "主题教育": "",
        "两会": "2021 2022 2023 2024 2025",
        "防汛抗旱": "",
        "乡村振兴": "",
        "长江大保护": "",
    },
    "教育": {
        "高考": "志愿填报 分数线",
        "中考": "",
        "高校": "武汉大学 华中科技大学 武汉理工大学 华中师范大学 中南财经政法大学 湖北大学 三峡大学 长江大学",
        "留学": "",
    },
    "健康": {"医疗": "名医 医保 协和医院 同济医院 中南医院", "养生": "", "疾控": ""},
    "科技": {"光谷": "光电子信息 生物城 未来科技城", "互联网": "", "数码": ""},
    "汽车": {"新车": "新能源 东风 岚图", "用车": "", "车展": ""},
    "房产": {"新盘": "", "家居": "", "政策": ""},
    "县域": {
        "县域经济": "大冶 丹江口 宜都 枣阳 钟祥 汉川 麻城 赤壁 广水 利川 仙桃 潜江 天门",
        "县域动态": "",
    },
    "视频": {"直播": "", "短视频": "", "纪录片": ""},
    "图片": {"图集": "", "摄影大赛": ""},
}

NATIONAL_OUTLETS = (
    "新华社",
    "人民网",
    "中国新闻网",
    "央视新闻",
    "光明网",
    "经济日报",
    "中国青年报",
    "澎湃新闻",
    "新京报",
    "南方都市报",
    "第一财经",
    "科技日报",
    "工人日报",
    "法治日报",
    "中国日报",
)
HUBEI_OUTLETS = (
    "湖北广播电视台",
    "楚天快报",
    "极目新闻",
    "长江云",
    "湖北之声",
    "武汉晚报",
    "长江商报",
    "湖北经济网",
    "大楚网",
    "长江网",
)
OUTLET_KINDS = ("日报", "晚报", "广播电视台", "新闻网", "融媒体中心", "手机台")


def words(text):
    return tuple(text.split())


TOPICS = words(
    "主题教育 营商环境 防汛 轨道交通 长江 乡村振兴 高铁 就业 生态环境 科技创新 气象 教育 城市更新 对外开放 "
    "地铁 疫情防控 马拉松 足球 篮球 股市 楼市 文旅 非遗 光电子 新能源汽车 生物医药 民生 医保 养老 托育 "
    "高考 中考 交通管制 暴雨 高温 寒潮 旅游 景区 夜经济 消费券 招商引资 中欧班列 自贸区 港口 机场 "
    "社区治理 老旧小区改造 加装电梯 垃圾分类 河湖长制 禁渔 湿地 绿道 公园 博物馆 图书馆 演出 电影 "
    "春运 国庆 春节 中秋 端午 两会 政府工作报告 人大 政协 纪检监察 反腐 法院 检察院 公安 消防 "
    "安全生产 食品安全 市场监管 税务 社保 住房公积金 保障房 房价 汽车 芯片 人工智能 大数据 5G "
    "数字经济 直播带货 电商 物流 快递 外卖 网约车 共享单车 停车 公交 轮渡 长江大桥 隧道 "
    "农业 水稻 小龙虾 柑橘 茶叶 油菜花 樱花 桂花 荷花 东湖 汉江 三峡 神农架 武当山 黄鹤楼 "
    "大学生 毕业生 志愿者 退役军人 残疾人 留守儿童 教师 医生 护士 科研 院士 专利 创业 小微企业"
)
PLACES = tuple(HUBEI) + words(
    "江岸 江汉 硚口 汉阳 武昌 青山 洪山 东西湖 蔡甸 江夏 黄陂 新洲 大冶 丹江口 夷陵 枣阳 汉川 麻城 "
    "赤壁 利川 光谷 汉口 江城 荆楚 鄂西 鄂东 江汉平原"
)


def full_width(text):
    return text.translate(FULL_WIDTH)


def _paragraphs():
    sample = SAMPLE.read_text(encoding="utf-8").splitlines()
    # The capture's body: the lines between the byline and the editor line.
    start = next(i for i, line in enumerate(sample) if line.startswith("湖北日报全媒记者")) + 1
    end = next(i for i, line in enumerate(sample) if line.startswith("(责编"))
    texts = [line.strip() for line in sample[start:end] if len(line.strip()) > 30]
    for row in json.loads(DEMO.read_text(encoding="utf-8")):
        if row["model"] == "articles.article":
            fields = row["fields"]
            texts += [TAG.sub("", p) for p in re.findall(r"<p>(.*?)</p>", fields["body"])]
            texts.append(fields["summary"])
    return [full_width(html.unescape(text)) for text in texts if text]


def sanitized(blocks):
    """Each block as the body's sanitizer keeps it, in one pass of the sanitizer."""
    blocks = list(blocks)
    cleaned = clean_html("\n".join(blocks)).split("\n")
    assert len(cleaned) == len(blocks)
    return cleaned


class Corpus:
    """Sentences and clauses to recombine, and pre-built paragraphs a body is made of."""

    PARAGRAPHS = 4_000

    def __init__(self, rng):
        self.rng = rng
        self.sentences = sorted(
            {s.strip() for p in _paragraphs() for s in SENTENCE.findall(p) if len(s) > 8}
        )
        self.clauses = sorted(
            {
                c.strip('“”"「」（）() ')
                for s in self.sentences
                for c in CLAUSE_END.split(s)
                if 6 <= len(c.strip('“”"「」（）() ')) <= 18
            }
        )
        # Sanitized once here, so a body made of them needs no sanitizing.
        self.paragraphs = sanitized(
            f"<p>{html.escape(self._paragraph_text(), quote=False)}</p>"
            for _ in range(self.PARAGRAPHS)
        )
        self.subheadings = sanitized(
            f"<h2>{html.escape(c, quote=False)}</h2>" for c in self.clauses
        )

    def _paragraph_text(self):
        return "".join(self.rng.choices(self.sentences, k=self.rng.choice((1, 2, 2, 3, 3, 4))))

    def headline(self):
        """Like a Chinese news headline: a place and one or two clauses, 10 to 36 characters."""
        rng = self.rng
        first = rng.choice(self.clauses)
        if rng.random() < 0.35:
            first = rng.choice(PLACES) + first
        if rng.random() < 0.55:
            first = f"{first} {rng.choice(self.clauses)}"
        return first[:60]

    def short_title(self, headline):
        return headline.split(" ")[0][:30]

    def summary(self):
        rng = self.rng
        text = "".join(rng.choices(self.sentences, k=rng.choice((1, 1, 2))))
        return text[:200]

    def body(self):
        """4 to 20 paragraphs (about 500 to 4,000 characters), with subheadings in some."""
        rng = self.rng
        count = min(20, max(4, int(rng.lognormvariate(2.3, 0.4))))
        parts = rng.choices(self.paragraphs, k=count)
        if count >= 6 and rng.random() < 0.4:
            for position in sorted(rng.sample(range(1, count - 1), k=rng.randint(1, 3))):
                parts.insert(position, rng.choice(self.subheadings))
        return "\n".join(parts)

    def correction(self):
        return f"本文{self.rng.choice(('第二段', '第三段', '标题', '导语'))}中“{self.rng.choice(self.clauses)}”表述有误，已更正。"


def person_name(rng):
    if rng.random() < 0.005:
        return rng.choice(MINORITY_NAMES)
    given = "".join(rng.choices(GIVEN, k=1 if rng.random() < 0.3 else 2))
    return rng.choice(SURNAMES) + given


def outlet_names():
    """Two hundred outlet names: the national and provincial ones, then each place's own."""
    names = list(NATIONAL_OUTLETS + HUBEI_OUTLETS)
    places = [*HUBEI, *(d for districts in HUBEI.values() for d in districts.split())]
    for kind in OUTLET_KINDS:
        names += [f"{place}{kind}" for place in places]
    return list(dict.fromkeys(names))


def tag_names(count, rng):
    """Topics, places, and place-topic pairs (`宜昌柑橘`), as a newsroom's tags read."""
    names = list(dict.fromkeys([*TOPICS, *PLACES]))
    pairs = [f"{place}{topic}" for place in PLACES for topic in TOPICS]
    rng.shuffle(pairs)
    names += pairs
    return names[:count]
