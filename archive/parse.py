"""Normalised capture text to a `Capture`: pure, no database.

A capture reads, top to bottom: page furniture, the breadcrumb, the list title, the publish time
and source (one line or two), the display headline, the byline, the body, the editor line, the
copyright notice, and more furniture.
"""

import dataclasses
import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models.outlets import named_owners

from .bylines import (
    NAME_RE,
    Credit,
    lead_credits,
    looks_like_byline,
    parse_credits,
    trailing_photo_credits,
    unique_credits,
)
from .errors import CaptureError
from .normalize import fold

PARAGRAPH, SUBHEADING = "p", "h"
# An archive page was published in the past: earlier years are typos, later times impossible
# (a day of slack for time zones); both would also break date arithmetic and the admin's lists.
EARLIEST_YEAR = 1900
LATEST_AHEAD = datetime.timedelta(days=1)
SUBHEADING_MAX_CHARS = 30
HEADLINE_MAX_CHARS = 80
CLOSING_PUNCTUATION = "。.!?;:…,、"
CLOSING_QUOTES = "”’\"')」』》]】"

# Labels and marks the exporter writes where the page layout alone would be read otherwise.
KICKER_LABEL, HEADLINE_LABEL, SUBHEADLINE_LABEL = "引题:", "主题:", "副题:"
PARAGRAPH_MARK, SUBHEADING_MARK = "¶ ", "## "
BLOCK_MARKS = {PARAGRAPH_MARK.strip(): PARAGRAPH, SUBHEADING_MARK.strip(): SUBHEADING}
STRUCTURE_PREFIXES = (KICKER_LABEL, HEADLINE_LABEL, SUBHEADLINE_LABEL, *BLOCK_MARKS)
BREADCRUMB_PREFIX_RE = re.compile(r"^(?:您|你)?的?(?:当前|现在|所在)?的?位置\s*:\s*")
# No `\s*` around it: on a long run of spaces that makes every search quadratic; the parts
# are stripped instead.
BREADCRUMB_SEPARATOR_RE = re.compile(r"(?:&gt;|>|»|›)+")
HOME_RE = re.compile(r"(?:首页|主页)$")
TIME_RE = re.compile(
    r"(?P<y>\d{4})\s*(?:-|/|年)\s*(?P<m>\d{1,2})\s*(?:-|/|月)\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
SOURCE_RE = re.compile(r"来源\s*:\s*(?P<source>[^\s:]+?)(?=\s|$|作者|编辑|责任编辑|点击|浏览|字号)")
META_LABEL_RE = re.compile(r"^(?:发布时间|时间|发布日期|日期|来源)\s*:")
# `(责编: 张三)`, `责任编辑:张三`, and, in brackets only (a body line may start with the word),
# `【编辑:张三】`.
EDITOR_RE = re.compile(
    r"^[(\[【]?\s*(?:责编|责任编辑)\s*:?\s*(?P<names>[^)\]】]*?)\s*[)\]】]?$"
    r"|^[(\[【]\s*编辑\s*:\s*(?P<bracketed>[^)\]】]*?)\s*[)\]】]$"
)
NOTICE_LABEL = "版权声明:"
NOTICE_RE = re.compile(r"^版权声明\s*:?\s*(?P<text>.*)$")
NAMES_SPLIT_RE = re.compile(r"[\s、,;]+")
# The 责编 line names staff, who may be known by an ASCII user name or name.
EDITOR_NAME_RE = re.compile(NAME_RE.pattern + r"|^[A-Za-z][A-Za-z0-9_.@+-]{1,149}$")
# A date opening a line is the publish time only when nothing else or the page's labels follow
# it, or it has a clock time: `2020年2月1日湖北省疫情情况` is a title.
AFTER_TIME_RE = re.compile(r"\s*(?:$|来源|作者|编辑|责任编辑|点击|浏览|字号|发布)")
URL_RE = re.compile(
    r"^(?:原文链接|原文地址|本文链接|本文网址|网址|URL)\s*:\s*(?P<url>https?://\S+)$", re.I
)
FURNITURE_PREFIXES = (
    "分享到",
    "分享:",
    "相关新闻",
    "相关阅读",
    "相关链接",
    "相关文章",
    "推荐阅读",
    "热点推荐",
    "热门推荐",
    "点击排行",
    "网友评论",
    "我要评论",
    "发表评论",
    "评论(",
    "上一篇",
    "下一篇",
    "返回顶部",
    "【打印",
    "【关闭",
    "[打印",
    "[关闭",
    "打印本页",
    "关闭窗口",
    "扫一扫",
    "微信扫一扫",
    "扫描二维码",
    "手机看新闻",
    "【纠错】",
    "【我要纠错】",
    "[纠错]",
    "【字号",
    "[字号",
    "字号:",
    "打印 |",
    "打印|",
    "标签:",
    "关键词:",
    "相关专题",
    "查看原文",
    "点击进入专题",
    "更多>>",
)


@dataclass
class Block:
    kind: str
    text: str


@dataclass
class Capture:
    section_names: list[str]
    list_title: str
    headline: str
    published_at: datetime.datetime
    source_name: str = ""
    kicker: str = ""
    subheadline: str = ""
    credits: list[Credit] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    notice_text: str = ""
    notice_holder: str = ""
    url: str = ""
    # Where each part was found, so a refusal can name the line.
    lines: dict[str, int] = field(default_factory=dict)
    # (line, message): what was read in a way the archivist should check.
    warnings: list[tuple[int, str]] = field(default_factory=list)


def parse_capture(text):
    """Return the Capture in `text` (already normalised), or raise CaptureError."""
    return _Parser(text.split("\n")).parse()


class _Parser:
    def __init__(self, lines):
        # What the page says, as written; and the same lines folded for reading labels and layout
        # (one character for one, so offsets found in one hold in the other).
        self.raw = [line.strip() for line in lines]
        self.lines = [fold(line) for line in self.raw]
        self.pos = 0
        self.found = {}
        self.warnings = []
        self.last_line = max(1, len(self.lines) - (not self.lines[-1]))

    def _here(self):
        """The line number at the read position; the last line once the text has run out."""
        return min(self.pos + 1, self.last_line)

    def parse(self):
        sections = self._breadcrumb()
        list_title = self._title()
        published_at, source = self._meta()
        kicker = self._labelled(KICKER_LABEL) or ""
        headline = self._headline(list_title)
        subheadline = self._labelled(SUBHEADLINE_LABEL) or ""
        credits = self._bylines(source)
        body_end = self._body_end()
        blocks, body_credits = self._body(body_end, source)
        editors, notice = self._tail(body_end)
        holder = next(iter(named_owners(notice)), "")
        return Capture(
            section_names=_without_title(sections, list_title, headline),
            list_title=list_title,
            headline=headline,
            kicker=kicker,
            subheadline=subheadline,
            published_at=published_at,
            source_name=source,
            credits=unique_credits(credits + body_credits),
            blocks=blocks,
            editors=editors,
            notice_text=notice,
            notice_holder=holder,
            url=self._url(),
            lines=self.found,
            warnings=self.warnings,
        )

    def _next_line(self):
        """Advance to the next non-empty line and return it, or None at the end."""
        while self.pos < len(self.lines) and not self.lines[self.pos]:
            self.pos += 1
        return self.lines[self.pos] if self.pos < len(self.lines) else None

    def _breadcrumb(self):
        for index, line in enumerate(self.lines):
            names = breadcrumb_names(line)
            if names is None:
                continue
            self.found["section"] = index + 1
            if not names:
                raise CaptureError(_("the breadcrumb names no section"), line=index + 1)
            self.pos = index + 1
            return names
        raise CaptureError(_("no breadcrumb (section path) found"))

    def _title(self):
        line = self._next_line()
        # Only a line that opens like the time-and-source line is no title: a title may say
        # 来源: (`疫情来源:专家解读`).
        if line is None or _opens_meta(line):
            raise CaptureError(_("no title after the breadcrumb"), line=self._here())
        self.found["list_title"] = self.pos + 1
        self.pos += 1
        return self.raw[self.pos - 1]

    def _meta(self):
        published_at, source = None, ""
        while (line := self._next_line()) is not None:
            if not _is_meta(line):
                break
            match = TIME_RE.search(line)
            source_match = SOURCE_RE.search(line + " ")
            if match and published_at is None:
                published_at = _datetime(match, self.pos + 1)
                self.found["published_at"] = self.pos + 1
            if source_match and not source:
                source = self.raw[self.pos][
                    source_match.start("source") : source_match.end("source")
                ]
                self.found["source"] = self.pos + 1
            self.pos += 1
        if published_at is None:
            raise CaptureError(_("no publish time after the title"), line=self._here())
        return published_at, source

    def _labelled(self, label):
        """The text of the next line when it starts with `label` (and move past it), else None."""
        line = self._next_line()
        if line is None or not line.startswith(label):
            return None
        self.found.setdefault(label, self.pos + 1)
        self.pos += 1
        return self.raw[self.pos - 1][len(label) :].strip()

    def _headline(self, list_title):
        explicit = self._labelled(HEADLINE_LABEL)
        if explicit is not None:
            self.found["headline"] = self.found[HEADLINE_LABEL]
            return explicit
        line = self._next_line()
        if line is None or not reads_as_headline(line):
            self.found["headline"] = self.found["list_title"]
            return list_title
        self.found["headline"] = self.pos + 1
        self.pos += 1
        return self.raw[self.pos - 1]

    def _bylines(self, source):
        credits = []
        while (line := self._next_line()) is not None:
            found = parse_credits(line, source)
            if found is None:
                if looks_like_byline(line):
                    message = _(
                        "this line looks like a byline but could not be read: %(line)s; "
                        "it was kept as text"
                    )
                    self.warnings.append((self.pos + 1, message % {"line": line}))
                break
            self.found.setdefault("bylines", self.pos + 1)
            credits.extend(_at(found, self.pos + 1))
            self.pos += 1
        return credits

    def _body_end(self):
        for index in range(self.pos, len(self.lines)):
            line = self.lines[index]
            if EDITOR_RE.match(line) or NOTICE_RE.match(line) or is_furniture(line):
                return index
        return len(self.lines)

    def _body(self, end, source):
        texts, kinds, credits = [], [], []
        for index in range(self.pos, end):
            line = self.lines[index]
            if not line:
                continue
            self.found.setdefault("body", index + 1)
            mark = next((mark for mark in BLOCK_MARKS if line.startswith(mark)), None)
            if mark:
                texts.append(self.raw[index][len(mark) :].strip())
                kinds.append(BLOCK_MARKS[mark])
                continue
            photo = parse_credits(line, source) if line.startswith("(") else None
            if photo:
                credits.extend(_at(photo, index + 1))
                continue
            if not texts:
                credits.extend(_at(lead_credits(line, source), index + 1))
            credits.extend(_at(trailing_photo_credits(line, source), index + 1))
            texts.append(self.raw[index])
            kinds.append(None)
        if not texts:
            raise CaptureError(_("no article text after the title"), line=self._here())
        blocks = [Block(kind or block_kind(texts, i), texts[i]) for i, kind in enumerate(kinds)]
        return blocks, credits

    def _tail(self, start):
        editors, notice = None, ""
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            match = EDITOR_RE.match(line)
            if match and editors is None:
                self.found["editors"] = index + 1
                names = (
                    match["names"] or match["bracketed"] or self._names_on_next_line(index, line)
                )
                editors = [
                    name for name in NAMES_SPLIT_RE.split(names) if EDITOR_NAME_RE.match(name)
                ]
            notice_match = NOTICE_RE.match(line)
            if notice_match and not notice:
                self.found["notice"] = index + 1
                text = self.raw[index][notice_match.start("text") :]
                labelled = line.startswith(NOTICE_LABEL)
                notice = self.raw[index] if labelled else NOTICE_LABEL + text
        return editors or [], notice

    def _names_on_next_line(self, index, line):
        if line.startswith(("(", "[", "【")):
            return ""
        following = next((text for text in self.lines[index + 1 :] if text), "")
        names = NAMES_SPLIT_RE.split(following)
        return following if names and all(EDITOR_NAME_RE.match(name) for name in names) else ""

    def _url(self):
        for line in self.lines:
            if match := URL_RE.match(line):
                self.found["url"] = self.lines.index(line) + 1
                return match["url"]
        return ""


def breadcrumb_names(line):
    """The section names of a breadcrumb line, without 首页; None when `line` is no breadcrumb."""
    line = BREADCRUMB_PREFIX_RE.sub("", line)
    if "|" in line or not BREADCRUMB_SEPARATOR_RE.search(line):
        return None
    parts = [part.strip() for part in BREADCRUMB_SEPARATOR_RE.split(line)]
    parts = [part for part in parts if part]
    # A title cut short at the end of the trail (`武汉新建口袋…`) is no sentence.
    if any(len(part) > 20 or set(part.rstrip(".…")) & set(CLOSING_PUNCTUATION) for part in parts):
        return None
    while parts and HOME_RE.search(parts[0]):
        parts.pop(0)
    if parts and parts[-1] == "正文":
        parts.pop()
    return parts


def _datetime(match, line):
    parts = [int(match[key] or 0) for key in ("y", "m", "d", "H", "M", "S")]
    text = match.group(0).strip()
    try:
        value = datetime.datetime(*parts)
    except ValueError:
        raise CaptureError(
            _("impossible date or time: %(text)s") % {"text": text}, line=line
        ) from None
    if value.year < EARLIEST_YEAR:
        raise CaptureError(
            _("implausible publish time: %(text)s is before %(year)d")
            % {"text": text, "year": EARLIEST_YEAR},
            line=line,
        )
    latest = timezone.localtime().replace(tzinfo=None) + LATEST_AHEAD
    if value > latest:
        raise CaptureError(
            _("implausible publish time: %(text)s is in the future") % {"text": text}, line=line
        )
    return value


def _at(credits, line):
    return [dataclasses.replace(credit, line=line) for credit in credits]


def block_kind(texts, index):
    text = texts[index]
    between_paragraphs = 0 < index < len(texts) - 1
    bare_end = not ends_sentence(text)
    short = len(text) <= SUBHEADING_MAX_CHARS
    return SUBHEADING if between_paragraphs and short and bare_end else PARAGRAPH


def reads_as_headline(line):
    """Whether a line after the publish time is a second, display title rather than text."""
    line = fold(line)
    return not (
        len(line) > HEADLINE_MAX_CHARS
        or ends_sentence(line)
        or looks_like_byline(line)
        or parse_credits(line) is not None
        or EDITOR_RE.match(line)
        or NOTICE_RE.match(line)
        or is_furniture(line)
        or line.startswith(STRUCTURE_PREFIXES)
    )


def ends_sentence(text):
    """Whether `text` ends like a sentence (`。`, `!`, `?`, `…`, also inside closing quotes)."""
    # A space may stand before the closing quote (`…努力。 ”`).
    return fold(text).rstrip(CLOSING_QUOTES + " ")[-1:] in CLOSING_PUNCTUATION


def _opens_meta(line):
    """Whether the line starts as a time-and-source line does: with a time or a label."""
    time = TIME_RE.match(line)
    if time and (time["H"] or AFTER_TIME_RE.match(line, time.end())):
        return True
    return bool(META_LABEL_RE.match(line))


def _is_meta(line):
    return _opens_meta(line) or bool(SOURCE_RE.search(line + " "))


def _without_title(sections, *titles):
    """Some sites end the breadcrumb with the page's title (`首页 > 新闻 > 武汉新建口袋公园`), maybe
    cut short (`武汉新建口袋…`): that is no section."""
    if len(sections) < 2:
        return sections
    last = sections[-1]
    stem = last.rstrip(".…")
    cut_short = stem != last and len(stem) >= 2
    if last in titles or (cut_short and any(title.startswith(stem) for title in titles)):
        return sections[:-1]
    return sections


def is_furniture(line):
    return line.startswith(FURNITURE_PREFIXES)
