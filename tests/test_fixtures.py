"""The fixtures in fixtures/ load cleanly, reload without change and reproduce the captured page.

The expected values for the sample article are parsed from the captured page itself
(tests/data/cnhubei-2019-07-29.txt, a copy of ../shared/samples/), not typed in a second time.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from taggit.models import Tag

from articles.models import (
    Article,
    Byline,
    BylineRole,
    Contributor,
    CopyrightNotice,
    Section,
    SourceOutlet,
    TaggedArticle,
)

FIXTURE_NAMES = ["reference.json", "sample_article.json", "demo_articles.json"]
CAPTURE = Path(__file__).parent / "data" / "cnhubei-2019-07-29.txt"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# The day the fixtures were written: "past" and "scheduled" are judged from here.
WRITTEN_ON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
# Wrong names carried by the capture's copy-pasted notice.
WRONG_HOLDERS = ("大众新闻网", "中国物联网")


# --------------------------------------------------------------------------- helpers


def fixture_paths():
    return [str(settings.BASE_DIR / "fixtures" / name) for name in FIXTURE_NAMES]


def fixture_objects():
    objects = []
    for path in fixture_paths():
        objects.extend(json.loads(Path(path).read_text(encoding="utf-8")))
    return objects


def fixture_models():
    return [apps.get_model(label) for label in sorted({obj["model"] for obj in fixture_objects()})]


def load_fixtures():
    call_command("loaddata", *fixture_paths(), verbosity=0)


def counts():
    return {model._meta.label_lower: model.objects.count() for model in fixture_models()}


def dump():
    """Every row of every model the fixtures touch, serialized in pk order."""
    return {
        model._meta.label_lower: serializers.serialize("json", model.objects.order_by("pk"))
        for model in fixture_models()
    }


@pytest.fixture
def loaded(db):
    load_fixtures()


@dataclass
class Capture:
    breadcrumb: list
    list_title: str
    headline: str
    published: datetime
    source: str
    bylines: list
    blocks: list
    editor: str
    notice: str

    @property
    def paragraphs(self):
        return [text for tag, text in self.blocks if tag == "p"]

    @property
    def subheadings(self):
        return [text for tag, text in self.blocks if tag == "h2"]


ROLE_WORDS = ("全媒记者", "见习记者", "记者", "实习生", "通讯员", "摄影", "编辑")
SENTENCE_ENDS = ("。", "！", "？", "!", "?", "”", "…")


def parse_capture(text):
    """Split the captured page into its parts, line by line.

    Layout: breadcrumb, list title, "发布时间:…来源:…", display headline, byline line, body
    lines (a line that does not end a sentence is a subheading), "(责编: …)", 版权声明.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    breadcrumb, list_title, meta, headline, byline_line, *rest = lines
    editor_at = next(i for i, line in enumerate(rest) if line.startswith("(责编"))

    meta_match = re.fullmatch(r"发布时间:(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)来源:(\S+)", meta)
    published = datetime.strptime(meta_match[1], "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI)

    # "湖北日报全媒记者 胡弦 实习生 吴佳怡": the outlet heads the line and covers every credit.
    first, *tokens = byline_line.split()
    head = re.fullmatch(rf"(.+?)({'|'.join(ROLE_WORDS)})", first)
    affiliation, tokens = head[1], [head[2], *tokens]
    bylines = [
        (affiliation, role, name) for role, name in zip(tokens[::2], tokens[1::2], strict=True)
    ]

    blocks = [("p" if line.endswith(SENTENCE_ENDS) else "h2", line) for line in rest[:editor_at]]
    editor = re.fullmatch(r"\(责编:(.*)\)", rest[editor_at])[1].strip()
    crumbs = [c.strip() for c in breadcrumb.replace("\xa0", " ").split(">") if c.strip()]
    return Capture(
        breadcrumb=crumbs[1:],  # without 首页
        list_title=list_title,
        headline=headline,
        published=published,
        source=meta_match[2],
        bylines=bylines,
        blocks=blocks,
        editor=editor,
        notice=rest[editor_at + 1],
    )


class BlockParser(HTMLParser):
    """Collects (tag, text) for every paragraph-level element of an article body, in order."""

    BLOCK_TAGS = {"p", "h2", "h3", "h4", "li"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCK_TAGS:
            self.blocks.append((tag, ""))
            self._open = tag

    def handle_endtag(self, tag):
        if tag == self._open:
            self._open = None

    def handle_data(self, data):
        if self._open:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, text + data)


def body_blocks(html):
    parser = BlockParser()
    parser.feed(html)
    parser.close()
    return parser.blocks


@pytest.fixture(scope="module")
def capture():
    return parse_capture(CAPTURE.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the files


def test_fixture_files_are_readable_utf8_json_with_explicit_integer_keys():
    seen = set()
    for path in fixture_paths():
        text = Path(path).read_text(encoding="utf-8")
        assert "\\u" not in text, f"{path}: Chinese must be written out, not escaped"
        assert text.startswith('[\n  {\n    "model": '), f"{path}: indent 2"
        for obj in json.loads(text):
            assert type(obj["pk"]) is int
            key = (obj["model"], obj["pk"])
            assert key not in seen, f"{key} appears twice"
            seen.add(key)


def test_capture_copy_parses_into_the_expected_parts(capture):
    assert capture.breadcrumb == ["新闻", "湖北"]
    assert capture.source == "荆楚网"
    assert capture.subheadings == [
        "将主题教育“课堂”搬到调研现场",
        "聚焦群众反映最突出最现实问题",
        "对标先进城市优化营商环境",
    ]
    assert len(capture.paragraphs) == 14
    assert capture.editor == ""


# --------------------------------------------------------------------------- loading


@pytest.mark.django_db
def test_fixtures_load_on_an_empty_database():
    assert not Article.objects.exists()
    assert not Section.objects.exists()
    load_fixtures()
    expected = Counter(obj["model"] for obj in fixture_objects())
    assert counts() == dict(expected)


@pytest.mark.django_db
def test_loading_fixtures_twice_changes_nothing():
    load_fixtures()
    counts_before, dump_before = counts(), dump()
    load_fixtures()
    assert counts() == counts_before
    assert dump() == dump_before


@pytest.mark.django_db
def test_loaded_rows_serialize_back_to_exactly_the_fixture_files(loaded):
    """Nothing is changed on the way in: the sanitizer, time zones and defaults keep every value."""
    expected = {(obj["model"], obj["pk"]): obj["fields"] for obj in fixture_objects()}
    actual = {}
    for model in fixture_models():
        for obj in json.loads(serializers.serialize("json", model.objects.all())):
            actual[obj["model"], obj["pk"]] = obj["fields"]
    assert actual == expected


@pytest.mark.django_db
def test_every_fixture_object_passes_model_validation(loaded):
    for model in (
        BylineRole,
        Section,
        SourceOutlet,
        CopyrightNotice,
        Contributor,
        Article,
        Byline,
        Tag,
        TaggedArticle,
    ):
        objects = list(model.objects.all())
        assert objects, f"no {model._meta.label} loaded"
        for obj in objects:
            obj.full_clean()


@pytest.mark.django_db
def test_new_rows_get_fresh_keys_after_loading(loaded):
    news = Section.objects.get(path="news")
    section = Section.objects.create(name="黄冈", slug="huanggang", parent=news)
    assert section.pk > max(o["pk"] for o in fixture_objects() if o["model"] == "articles.section")
    article = Article.objects.create(
        headline="新稿", section=section, source=SourceOutlet.objects.get(name="荆楚网")
    )
    assert article.pk > Article.objects.exclude(pk=article.pk).order_by("-pk")[0].pk
    assert article.copyright_notice.holder.name == "荆楚网"


# --------------------------------------------------------------------------- reference data


@pytest.mark.django_db
def test_section_paths_and_depths_match_the_tree(loaded):
    for section in Section.objects.all():
        assert section.path == section.computed_path()
        assert section.depth == section.path.count("/")
    hubei = Section.objects.get(path="news/hubei")
    assert [s.name for s in hubei.ancestors()] == ["新闻", "湖北"]
    assert {"news/hubei/wuhan", "news/hubei/yichang"} <= set(
        Section.objects.subtree_of(hubei).values_list("path", flat=True)
    )
    assert max(Section.objects.values_list("depth", flat=True)) == 2


@pytest.mark.django_db
def test_byline_roles_cover_the_credits_used_by_chinese_newsrooms(loaded):
    assert list(BylineRole.objects.values_list("name_zh", "code")) == [
        ("记者", "reporter"),
        ("全媒记者", "allmedia-reporter"),
        ("见习记者", "trainee-reporter"),
        ("实习生", "intern"),
        ("通讯员", "correspondent"),
        ("摄影", "photographer"),
        ("编辑", "editor"),
    ]


@pytest.mark.django_db
def test_every_outlet_defaults_to_a_notice_it_holds(loaded):
    for outlet in SourceOutlet.objects.all():
        assert outlet.default_notice is not None
        assert outlet.default_notice.holder == outlet


@pytest.mark.django_db
def test_notice_templates_use_the_placeholder_and_spell_out_no_outlet(loaded):
    names = {n for pair in SourceOutlet.objects.values_list("name", "short_name") for n in pair}
    for notice in CopyrightNotice.objects.all():
        assert "{holder}" in notice.template
        assert not [name for name in names | set(WRONG_HOLDERS) if name and name in notice.template]


# --------------------------------------------------------------------------- the sample article


@pytest.mark.django_db
def test_sample_article_matches_the_capture(loaded, capture):
    article = Article.objects.with_credits().get(pk=1)
    assert article.list_title == capture.list_title
    assert article.headline == capture.headline
    assert article.kicker == article.subheadline == ""
    assert article.published_at == capture.published
    local = article.published_at.astimezone(SHANGHAI).replace(tzinfo=None)
    assert local == datetime(2019, 7, 29, 11, 26, 52)
    assert article.source.name == capture.source == "荆楚网"
    assert [s.name for s in article.section.ancestors()] == capture.breadcrumb
    assert capture.editor == ""
    assert article.responsible_editor is None
    assert article.status == Article.Status.PUBLISHED
    assert article.is_repost is False

    blocks = body_blocks(article.body)
    assert [text for tag, text in blocks if tag == "p"] == capture.paragraphs
    assert [text for tag, text in blocks if tag == "h2"] == capture.subheadings
    assert blocks == capture.blocks
    assert article.summary.endswith("。") and article.summary.count("。") == 1  # one sentence


@pytest.mark.django_db
def test_sample_article_bylines_match_the_capture_in_order(loaded, capture):
    article = Article.objects.with_credits().get(pk=1)
    credits = [
        (byline.contributor.affiliation.name, byline.role.name_zh, byline.contributor.name)
        for byline in article.bylines.all()
    ]
    assert credits == capture.bylines
    assert credits == [("湖北日报", "全媒记者", "胡弦"), ("湖北日报", "实习生", "吴佳怡")]


@pytest.mark.django_db
def test_sample_article_notice_is_the_capture_notice_with_the_holder_corrected(loaded, capture):
    notice = Article.objects.get(pk=1).copyright_notice
    assert notice.holder.name == "荆楚网"
    assert "荆楚网" in notice.text
    for wrong in WRONG_HOLDERS:
        assert wrong in capture.notice
        assert wrong not in notice.text
    corrected = capture.notice.replace("“中国物联网", "荆楚网").replace("大众新闻网", "荆楚网")
    assert notice.text == corrected


@pytest.mark.django_db
def test_sample_article_is_tagged(loaded):
    assert set(Article.objects.get(pk=1).tags.names()) == {"主题教育", "武汉"}


# --------------------------------------------------------------------------- demo articles


@pytest.mark.django_db
def test_every_article_carries_only_its_sources_notice(loaded):
    names = set(SourceOutlet.objects.values_list("name", flat=True)) | set(WRONG_HOLDERS)
    for article in Article.objects.select_related("source", "copyright_notice__holder"):
        notice = article.copyright_notice
        if article.source is None:
            assert notice is None, article.pk
            continue
        assert notice is not None, article.pk
        assert notice.holder == article.source, article.pk
        assert article.effective_notice() == notice
        assert article.source.name in notice.text
        assert not [n for n in names - {article.source.name} if n in notice.text], article.pk


@pytest.mark.django_db
def test_demo_articles_cover_every_workflow_state(loaded):
    demo = Article.objects.exclude(pk=1)
    assert demo.count() >= 22
    with time_machine.travel(WRITTEN_ON, tick=False):
        published = demo.filter(status=Article.Status.PUBLISHED)
        scheduled = [a for a in published if not a.is_public()]
        assert len(scheduled) == 2
        assert all(a.published_at.year == 2030 for a in scheduled)
        past = [a for a in published if a.is_public()]
        assert len(past) >= 12
        assert all(2019 <= a.published_at.year <= 2026 for a in past)
        visible = set(Article.objects.published().values_list("pk", flat=True))
        assert visible == {1} | {a.pk for a in past}
    drafts = demo.filter(status=Article.Status.DRAFT)
    assert drafts.count() == 3
    assert not drafts.filter(published_at__isnull=False).exists()
    assert demo.filter(status=Article.Status.IN_REVIEW).count() == 2
    assert demo.filter(status=Article.Status.WITHDRAWN).count() == 1
    assert len(set(demo.values_list("section", flat=True))) >= 10


@pytest.mark.django_db
def test_reposts_name_an_approved_source_and_the_original(loaded):
    reposts = Article.objects.filter(is_repost=True).select_related("source")
    assert reposts.count() == 2
    for article in reposts:
        assert article.source.approved_for_reposts
        assert article.original_title and article.original_author
        assert article.original_url.startswith("https://")


@pytest.mark.django_db
def test_every_article_has_one_to_four_bylines_numbered_from_one(loaded):
    for article in Article.objects.prefetch_related("bylines"):
        positions = [b.position for b in article.bylines.all()]
        assert positions == list(range(1, len(positions) + 1)), article.pk
        assert 1 <= len(positions) <= 4, article.pk


@pytest.mark.django_db
def test_demo_bylines_include_a_joint_team_and_mixed_affiliations(loaded):
    def roles(article):
        return Counter(b.role.name_zh for b in article.bylines.select_related("role"))

    def affiliations(article):
        return {b.contributor.affiliation_id for b in article.bylines.select_related("contributor")}

    articles = list(Article.objects.all())
    assert any(roles(a)["记者"] >= 2 and roles(a)["通讯员"] >= 1 for a in articles)
    assert any(len(affiliations(a)) >= 3 for a in articles)
    used = set(Byline.objects.values_list("role__code", flat=True))
    assert used == set(BylineRole.objects.values_list("code", flat=True))
    assert Contributor.objects.filter(affiliation__isnull=True).exists()


@pytest.mark.django_db
def test_demo_bodies_use_subheadings_lists_and_quotes(loaded):
    bodies = list(Article.objects.exclude(pk=1).values_list("body", flat=True))
    assert sum("<h2>" in body for body in bodies) >= 3
    assert any("<ul>" in body and "<li>" in body for body in bodies)
    assert any("<blockquote>" in body for body in bodies)
    for body in bodies:
        assert 3 <= sum(tag == "p" for tag, _ in body_blocks(body)) <= 6
    assert Article.objects.exclude(kicker="").exists()
    assert Article.objects.exclude(subheadline="").exists()


def test_demo_articles_write_chinese_punctuation_full_width():
    """GB/T 15834: `，：（）！` in Chinese text; only the sample keeps its capture's characters."""
    ascii_beside_han = re.compile(r"(?<=[\u4e00-\u9fff])[,:;!?()]|[,:;!?()](?=[\u4e00-\u9fff])")
    texts = [
        value
        for obj in json.loads((settings.BASE_DIR / "fixtures" / "demo_articles.json").read_text())
        for value in obj["fields"].values()
        if isinstance(value, str)
    ]
    assert len(texts) > 100
    assert [found for text in texts for found in ascii_beside_han.findall(text)] == []
