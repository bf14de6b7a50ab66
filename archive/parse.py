"""Normalised capture text to a `Capture`: pure, no database.

Real pages put furniture anywhere and their parts in many orders, so the parser searches rather
than expects a sequence: it finds the publish-time line wherever it stands, chooses the title as the
title-like line nearest above it (or, when the time comes first or after the text, the first one
below the breadcrumb), reads the breadcrumb above the title, the labels, headline and bylines after
the time, and takes the body as the run of text from there to the first furniture, editor line,
notice or footer. `layout.py` says what each line is on its own.
"""

import dataclasses
import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models.outlets import named_owners

from .bylines import (
    AUTHOR_ROLE,
    NAME_RE,
    PHOTO_ROLE,
    Credit,
    lead_credits,
    looks_like_byline,
    parse_credits,
    trailing_photo_credits,
    unique_credits,
)
from .errors import CaptureError
from .layout import (
    AUTHOR_RE,
    CAPTION_RE,
    CLOSING_NAME_RE,
    CLOSING_PUNCTUATION,
    CLOSING_QUOTES,
    COUNTER_RE,
    EDITOR_NAME_RE,
    EDITOR_RE,
    GLUED_FURNITURE_RE,
    HOME_RE,
    META_LABEL_RE,
    NAMES_SPLIT_RE,
    NOTICE_LABEL,
    NOTICE_RE,
    PHOTO_LINE_RE,
    SOURCE_RE,
    STAFF_ROLES,
    TIME_RE,
    URL_RE,
    breadcrumb_names,
    editor_names,
    ends_sentence,
    is_furniture,
    is_outlet_alone,
    is_site_name,
    opens_meta,
    run_together_crumbs,
    staff_credits,
    time_line,
    unlabelled_source,
)
from .normalize import fold

PARAGRAPH, SUBHEADING, IMAGE = "p", "h", "img"
# An archive page was published in the past: earlier years are typos, later times impossible
# (a day of slack for time zones); both would also break date arithmetic and the admin's lists.
EARLIEST_YEAR = 1900
LATEST_AHEAD = datetime.timedelta(days=1)
SUBHEADING_MAX_CHARS = 30
HEADLINE_MAX_CHARS = 80
# The line right above the time is the title however long: validation names it if it is too long.
TITLE_MAX_CHARS = 1000
# A one-per-line breadcrumb (its separators were images): short crumbs under a 首页 line.
STACKED_CRUMB_MAX_CHARS = 8
STACKED_CRUMBS_MAX = 4
# A sentence this long after the body's end may be text the body lost.
BODY_AFTER_END_CHARS = 30
# A title this short, or holding these words, is reported: it may be furniture.
SHORT_TITLE_CHARS = 2
FURNITURE_WORDS_RE = re.compile(r"首页|登录|注册|分享|评论|客户端|APP|网站地图|下载|打印|字号")

# Labels and marks the exporter writes where the page layout alone would be read otherwise.
KICKER_LABEL, HEADLINE_LABEL, SUBHEADLINE_LABEL = "引题:", "主题:", "副题:"
PARAGRAPH_MARK, SUBHEADING_MARK = "¶ ", "## "
BLOCK_MARKS = {PARAGRAPH_MARK.strip(): PARAGRAPH, SUBHEADING_MARK.strip(): SUBHEADING}
STRUCTURE_PREFIXES = (KICKER_LABEL, HEADLINE_LABEL, SUBHEADLINE_LABEL, *BLOCK_MARKS)
# The HTML reader marks where an image stood in the text with a line of its own.
IMAGE_MARK = "\ue000img "
# ... and a line whose text is all link (menus, related articles).
LINK_MARK = "\ue001"


@dataclass
class Block:
    kind: str
    text: str


@dataclass
class Image:
    src: str
    alt: str = ""


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
    # The newsroom's other staff (图片编辑, 校对, 审核, 监制…): credits without an outlet.
    staff_credits: list[Credit] = field(default_factory=list)
    notice_text: str = ""
    notice_holder: str = ""
    url: str = ""
    # Images in the body of an HTML page (never fetched).
    images: list[Image] = field(default_factory=list)
    # Where each part was found, so a refusal can name the line.
    lines: dict[str, int] = field(default_factory=dict)
    # (line, message): what was read in a way the archivist should check.
    warnings: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Hints:
    """What an HTML page's structure says (meta tags, `<h1>`, `<title>`): used where the text
    itself does not say."""

    titles: list[str] = field(default_factory=list)
    published_at: datetime.datetime | None = None
    source: str = ""
    authors: list[str] = field(default_factory=list)
    section_names: list[str] | None = None


def parse_capture(text, hints=None, sections=None):
    """Return the Capture in `text` (already normalised), or raise CaptureError.

    `sections` (folded name or slug, in lower case, to the section's name: see
    `section_vocabulary`) are the site's known sections, to read a breadcrumb whose separators
    were images and ran together (`首页新闻湖北`)."""
    return _Parser(text.split("\n"), hints or Hints(), sections or {}).parse()


def section_vocabulary(sections):
    """What `parse_capture` reads run-together breadcrumbs with: `(name, slug)` pairs keyed by the
    folded name and the slug, in lower case (a crumb of one character matches too much)."""
    known = {}
    for name, slug in sections:
        for key in (fold(name).lower(), slug.lower()):
            if len(key) >= 2:
                known.setdefault(key, name)
    return known


class _Parser:
    def __init__(self, lines, hints, sections):
        # What the page says, as written; and the same lines folded for reading labels and layout
        # (one character for one, so offsets found in one hold in the other).
        self.raw = [line.strip() for line in lines]
        self.links = {i for i, line in enumerate(self.raw) if line.startswith(LINK_MARK)}
        self.raw = [
            self.raw[i][len(LINK_MARK) :] if i in self.links else self.raw[i]
            for i in range(len(self.raw))
        ]
        self.lines = [fold(line) for line in self.raw]
        self.hints = hints
        # Breadcrumbs whose separators were images (`首页新闻湖北`): index -> sections.
        self.run_together = {}
        for index, line in enumerate(self.lines):
            names = run_together_crumbs(line, sections) if sections and line else None
            if names:
                self.run_together[index] = names
        self.found = {}
        self.warnings = []
        self.staff = []
        self.last_line = max(1, len(self.lines) - (not self.lines[-1]))

    def _here(self, index):
        return min(index + 1, self.last_line)

    def _filled(self, start=0, stop=None):
        """Indexes of the non-empty lines in [start, stop)."""
        stop = len(self.lines) if stop is None else min(stop, len(self.lines))
        return [index for index in range(max(start, 0), stop) if self.lines[index]]

    # ------------------------------------------------------------------ the whole

    def parse(self):
        time_at, published_at = self._publish_time()
        meta = self._meta_block(time_at)
        title_at, after_body = self._title_line(meta)
        sections = self._sections(title_at)
        source = self._source(meta)
        credits = self._meta_credits(meta, source)
        list_title = self.raw[title_at] if title_at is not None else self._title_hint()
        if title_at is not None:
            self.found["list_title"] = title_at + 1
        header_end = self._header_end(meta, title_at, after_body)
        kicker, headline, subheadline, header_end = self._headlines(
            list_title, header_end, meta, after_body
        )
        if not list_title:
            list_title = headline
        if not headline:
            where = meta[0] if meta else header_end
            raise CaptureError(_("no title after the breadcrumb"), line=self._here(where))
        credits += self._credits_between(title_at, meta, source)
        byline_credits, body_start = self._bylines(header_end, source)
        body_end = self._body_end(body_start, meta if after_body else None)
        blocks, images, body_credits = self._body(body_start, body_end, source)
        self._check_body_end(body_end)
        editors, notice = self._tail(body_start)
        if not editors:
            editors = self._meta_editors(meta)
        if not source:
            source = self._tail_source(body_end)
        credits = credits + byline_credits + body_credits
        if not credits:
            credits = self._author_hints(source)
        self._check_title(list_title)
        return Capture(
            section_names=_without_title(sections, list_title, headline),
            list_title=list_title,
            headline=headline,
            kicker=kicker,
            subheadline=subheadline,
            published_at=published_at,
            source_name=source,
            credits=_without_generic_twins(unique_credits(credits)),
            blocks=blocks,
            editors=editors,
            staff_credits=unique_credits(self.staff),
            notice_text=notice,
            notice_holder=next(iter(named_owners(notice)), ""),
            url=self._url(),
            images=images,
            lines=self.found,
            warnings=self.warnings,
        )

    # ------------------------------------------------------------------ header

    def _publish_time(self):
        """(index of the time line or None, the time): the first time-and-source line."""
        for index in self._filled():
            line = self.lines[index]
            if self._breadcrumb(index) is not None or index in self.links:
                continue
            if is_furniture(line) and not _is_label_line(line):
                continue
            match = time_line(line)
            if match:
                self.found["published_at"] = index + 1
                value = _datetime(match, index + 1)
                if not match["H"]:
                    self._date_only(index + 1, match.group(0).strip())
                return index, value
        if self.hints.published_at is not None:
            return None, self.hints.published_at
        title_at = self._first_title(0)
        if title_at is None:
            raise CaptureError(_("no title after the breadcrumb"), line=self.last_line)
        following = self._filled(title_at + 1)
        where = following[0] if following else title_at + 1
        raise CaptureError(_("no publish time after the title"), line=self._here(where))

    def _date_only(self, line, text):
        message = _("the page gives a date without a time (%(date)s): the time was set to 00:00")
        self.warnings.append((line, message % {"date": text}))

    def _meta_block(self, time_at):
        """Indexes of the time line and the label lines beside it (source, author, an outlet
        standing alone below the time); [] when the time came from the page's meta tags."""
        if time_at is None:
            return []
        block = [time_at]
        for index in reversed(self._filled(time_at - 2, time_at)):
            line = self.lines[index]
            if _is_label_line(line):
                block.insert(0, index)
            elif not is_furniture(line):
                break
        for index in self._filled(time_at + 1, time_at + 3):
            line = self.lines[index]
            if _is_label_line(line) or (is_outlet_alone(line) and len(block) == 1):
                block.append(index)
            elif not is_furniture(line):
                break
        return block

    def _title_line(self, meta):
        """(index of the list title or None, whether the time stands after the body)."""
        hinted = self._hinted_title()
        if hinted is not None:
            return hinted, bool(meta) and meta[0] > hinted and self._text_between(hinted, meta[0])
        if not meta:
            return self._first_title(0), False
        for index in reversed(self._filled(0, meta[0])):
            line = self.lines[index]
            if _not_a_title(line) or self._credit_line(line) or index in self.links:
                continue
            if index in self.run_together:
                continue
            if _title_like(line, TITLE_MAX_CHARS):
                return index, False
            # Text above the time: the page prints its time after the body.
            return self._first_title(0), True
        return self._first_title(meta[-1] + 1), False

    def _text_between(self, start, stop):
        """Whether article text (a sentence) stands between two lines."""
        return any(
            ends_sentence(self.lines[index]) and not is_furniture(self.lines[index])
            for index in self._filled(start + 1, stop)
        )

    def _title_hint(self):
        """A title the page gives only in its meta tags or `<title>`."""
        return next((title.strip() for title in self.hints.titles if title.strip()), "")

    def _hinted_title(self):
        titles = {fold(title).strip() for title in self.hints.titles if title.strip()}
        for index in self._filled():
            if self.lines[index] in titles:
                return index
        return None

    def _first_title(self, start):
        crumbs = [index for index in self._filled(start) if self._breadcrumb(index)]
        begin = crumbs[0] + 1 if crumbs and crumbs[0] < start + 12 else start
        for index in self._filled(begin):
            line = self.lines[index]
            if _not_a_title(line) or self._credit_line(line) or HOME_RE.fullmatch(line):
                continue
            if index in self.links or index in self.run_together:
                continue
            if _title_like(line):
                return index
            break
        return None

    def _credit_line(self, line):
        return parse_credits(line) is not None or looks_like_byline(line)

    def _sections(self, title_at):
        """The breadcrumb's sections: the last breadcrumb line above the title, or crumbs one
        per line under a 首页 line; the page's hints; or none."""
        stop = title_at if title_at is not None else len(self.lines)
        for index in reversed(self._filled(0, stop)):
            names = self._breadcrumb(index)
            if names is not None:
                self.found["section"] = index + 1
                return names
        stacked = self._stacked_crumbs(stop)
        if stacked is not None:
            return stacked
        if self.hints.section_names is not None:
            return list(self.hints.section_names)
        return []

    def _breadcrumb(self, index):
        """The sections of a breadcrumb line, or None when the line is no breadcrumb."""
        names = breadcrumb_names(self.lines[index])
        return self.run_together.get(index) if names is None else names

    def _stacked_crumbs(self, stop):
        filled = self._filled(0, stop)
        for position, index in enumerate(filled):
            line = self.lines[index]
            if not (HOME_RE.search(line) and len(line) <= STACKED_CRUMB_MAX_CHARS):
                continue
            crumbs = [self.raw[i] for i in filled[position + 1 :]]
            fits = all(
                len(crumb) <= STACKED_CRUMB_MAX_CHARS
                and not set(fold(crumb)) & set(CLOSING_PUNCTUATION + "|>")
                for crumb in crumbs
            )
            if crumbs and fits and len(crumbs) <= STACKED_CRUMBS_MAX:
                self.found["section"] = index + 1
                return [crumb for crumb in crumbs if crumb != "正文"]
        return None

    def _source(self, meta):
        for index in meta:
            line = self.lines[index]
            match = SOURCE_RE.search(line + " ")
            if match:
                self.found["source"] = index + 1
                return self._cut(index, match, "source")
        for index in meta:
            match = TIME_RE.search(self.lines[index])
            rest = unlabelled_source(self.lines[index], match) if match else ""
            if rest:
                self.found["source"] = index + 1
                start = self.lines[index].index(rest, match.end())
                return self.raw[index][start : start + len(rest)]
        for index in meta:
            line = self.lines[index]
            if is_outlet_alone(line) and not TIME_RE.search(line):
                self.found["source"] = index + 1
                return self.raw[index]
        return self.hints.source

    def _tail_source(self, start):
        """A source printed only at the end: `(文章来源:中国证券报)`."""
        for index in self._filled(start):
            match = SOURCE_RE.search(self.lines[index] + " ")
            if match and len(self.lines[index]) <= 40:
                self.found["source"] = index + 1
                return self._cut(index, match, "source").rstrip(")")
        return ""

    def _cut(self, index, match, group):
        return self.raw[index][match.start(group) : match.end(group)]

    def _meta_credits(self, meta, source):
        """`作者:李晓东` on the time line or beside it."""
        credits = []
        for index in meta:
            for match in AUTHOR_RE.finditer(self.lines[index]):
                for name in NAMES_SPLIT_RE.split(match["names"]):
                    if NAME_RE.match(name):
                        credits.append(Credit(source, AUTHOR_ROLE, name, index + 1))
        return credits

    def _credits_between(self, title_at, meta, source):
        """Bylines printed between the title and the time (`记者 张三` above `2023-06-06 09:10`)."""
        if title_at is None or not meta or meta[0] < title_at:
            return []
        credits = []
        for index in self._filled(title_at + 1, meta[0]):
            found = parse_credits(self.lines[index], source)
            if found:
                self.found.setdefault("bylines", index + 1)
                credits.extend(_at(found, index + 1))
        return credits

    def _header_end(self, meta, title_at, after_body):
        if after_body or not meta:
            return title_at + 1 if title_at is not None else 0
        if title_at is not None and title_at > meta[-1]:
            return title_at + 1
        return meta[-1] + 1

    def _headlines(self, list_title, start, meta, after_body):
        """(kicker, headline, subheadline, where the header goes on) after the time line."""
        position = start
        kicker, position = self._labelled(KICKER_LABEL, position)
        explicit, position = self._labelled(HEADLINE_LABEL, position)
        if explicit is not None:
            headline = explicit
            self.found["headline"] = self.found[HEADLINE_LABEL]
        else:
            index = self._next_text(position)
            after_title = meta and not after_body and self.found.get("list_title", 0) <= meta[0] + 1
            line = self.lines[index] if index is not None else None
            if after_title and line is not None and reads_as_headline(line) and list_title:
                headline = self.raw[index]
                self.found["headline"] = index + 1
                position = index + 1
            else:
                headline = list_title
                self.found["headline"] = self.found.get("list_title")
        subheadline, position = self._labelled(SUBHEADLINE_LABEL, position)
        return kicker or "", headline, subheadline or "", position

    def _next_text(self, start):
        """The next non-empty line that is not furniture."""
        for index in self._filled(start):
            if not is_furniture(self.lines[index]) and index not in self.links:
                return index
        return None

    def _labelled(self, label, start):
        index = self._next_text(start)
        if index is None or not self.lines[index].startswith(label):
            return None, start
        self.found.setdefault(label, index + 1)
        return self.raw[index][len(label) :].strip(), index + 1

    def _bylines(self, start, source):
        """(credits, index where the body starts): byline lines, furniture skipped."""
        credits = []
        for index in self._filled(start):
            line = self.lines[index]
            if is_furniture(line) or _is_label_line(line):
                continue
            found = parse_credits(line, source)
            if found is None and index in self.links:
                continue
            if found is None:
                if looks_like_byline(line):
                    message = _(
                        "this line looks like a byline but could not be read: %(line)s; "
                        "it was kept as text"
                    )
                    self.warnings.append((index + 1, message % {"line": self.raw[index]}))
                return credits, index
            self.found.setdefault("bylines", index + 1)
            credits.extend(_at(found, index + 1))
        return credits, len(self.lines)

    # ------------------------------------------------------------------ body

    def _body_end(self, start, meta_after):
        stop = meta_after[0] if meta_after else len(self.lines)
        for index in self._filled(start, stop):
            line = self.lines[index]
            if line.startswith(STRUCTURE_PREFIXES):
                continue
            if (
                is_furniture(line)
                or NOTICE_RE.match(line)
                or URL_RE.match(line)
                or editor_names(line) is not None
                or staff_credits(line) is not None
                or self._link_run(index)
            ):
                self.found["body_end"] = index + 1
                return index
        if stop < len(self.lines):
            self.found["body_end"] = stop + 1
        return stop

    def _link_run(self, index):
        """Two links one after the other: a list of related articles, not text."""
        following = self._filled(index + 1, index + 3)
        return index in self.links and bool(following) and following[0] in self.links

    def _body(self, start, end, source):
        texts, kinds, credits, images = [], [], [], []
        for index in self._filled(start, end):
            line, raw = self.lines[index], self.raw[index]
            if line.startswith(IMAGE_MARK):
                src, _sep, alt = raw[len(IMAGE_MARK) :].partition(" ")
                images.append(Image(src, alt))
                texts.append(src)
                kinds.append(IMAGE)
                continue
            mark = next((mark for mark in BLOCK_MARKS if line.startswith(mark)), None)
            if mark:
                self.found.setdefault("body", index + 1)
                texts.append(raw[len(mark) :].strip())
                kinds.append(BLOCK_MARKS[mark])
                continue
            photo = PHOTO_LINE_RE.match(line)
            if photo:
                credits.append(Credit("", PHOTO_ROLE, photo["name"], index + 1))
                continue
            found = parse_credits(line, source) if texts else None
            if found or (line.startswith("(") and parse_credits(line, source)):
                credits.extend(_at(found or parse_credits(line, source), index + 1))
                continue
            self.found.setdefault("body", index + 1)
            if all(kind == IMAGE for kind in kinds):
                credits.extend(_at(lead_credits(line, source), index + 1))
            credits.extend(_at(trailing_photo_credits(line, source), index + 1))
            texts.append(raw)
            kinds.append(None)
        text_at = [i for i, kind in enumerate(kinds) if kind != IMAGE]
        if not text_at:
            raise CaptureError(_("no article text after the title"), line=self._here(start))
        last = text_at[-1]
        texts[last] = _without_glued_furniture(texts[last])
        closing = CLOSING_NAME_RE.search(fold(texts[last]))
        if closing and len(text_at) > 1:
            credits.append(Credit(source, AUTHOR_ROLE, closing["name"], None))
        blocks = [Block(kind or block_kind(texts, i), texts[i]) for i, kind in enumerate(kinds)]
        return blocks, images, credits

    # ------------------------------------------------------------------ tail

    def _tail(self, start):
        editors, notice, last_editor_line = None, "", None
        for index in self._filled(start):
            line = self.lines[index]
            if line.startswith(STRUCTURE_PREFIXES):
                continue
            # `编辑:甲` and `责任编辑:乙` may stand on lines of their own, one after the other.
            following = last_editor_line is not None and index - last_editor_line <= 2
            staff = staff_credits(line) or []
            self.staff += [
                Credit("", label, name, index + 1) for label, name in staff if label in STAFF_ROLES
            ]
            names = editor_names(line) if editors is None or following else None
            if names is None and (editors is None or following):
                # `(编辑 刘洋 审核 王强)`: the editors of a staff line without colons.
                names = [name for label, name in staff if label not in STAFF_ROLES] or None
            if names is not None and editors is None:
                self.found["editors"] = index + 1
                editors = names or self._names_on_next_line(index, line)
                last_editor_line = index
            elif names:
                editors += [name for name in names if name not in editors]
                last_editor_line = index
            notice_match = NOTICE_RE.match(line)
            if notice_match and not notice:
                self.found["notice"] = index + 1
                text = self.raw[index][notice_match.start("text") :]
                notice = self.raw[index] if line.startswith(NOTICE_LABEL) else NOTICE_LABEL + text
        return editors or [], notice

    def _meta_editors(self, meta):
        """`来源:某网 责任编辑:张三` on the time line, where some sites print the editor."""
        for index in meta:
            names = editor_names(self.lines[index])
            if names:
                self.found["editors"] = index + 1
                return names
        return []

    def _names_on_next_line(self, index, line):
        if line.startswith(("(", "[", "【")) or not EDITOR_RE.match(line):
            return []
        following = next((text for text in self.lines[index + 1 :] if text), "")
        names = NAMES_SPLIT_RE.split(following)
        fits = names and all(EDITOR_NAME_RE.match(name) for name in names)
        return [name for name in names if name] if fits else []

    def _url(self):
        for index in self._filled():
            if match := URL_RE.match(self.lines[index]):
                self.found["url"] = index + 1
                return self.raw[index][match.start("url") : match.end("url")]
        return ""

    def _author_hints(self, source):
        return [
            Credit(source, AUTHOR_ROLE, name)
            for name in self.hints.authors
            if NAME_RE.match(name) and name != source and not is_outlet_alone(name)
        ]

    def _check_body_end(self, end):
        """Text after the line the body stopped at may be the rest of the article."""
        for index in self._filled(end + 1):
            line = self.lines[index]
            if (
                is_furniture(line)
                or editor_names(line) is not None
                or NOTICE_RE.match(line)
                or time_line(line)
            ):
                continue
            if ends_sentence(line) and len(line) >= BODY_AFTER_END_CHARS:
                message = _(
                    "the body ended at line %(end)s (%(stop)s), but text follows at line "
                    "%(line)s: check that nothing was cut off"
                )
                values = {"end": end + 1, "stop": self.raw[end][:20], "line": index + 1}
                self.warnings.append((end + 1, message % values))
                return

    def _check_title(self, title):
        line = self.found.get("list_title")
        folded = fold(title)
        if title and (
            len(title) < SHORT_TITLE_CHARS
            or is_furniture(folded)
            or is_outlet_alone(folded)
            or FURNITURE_WORDS_RE.search(folded)
        ):
            message = _("the title taken (line %(line)s) looks like page furniture: %(title)s")
            self.warnings.append((line, message % {"line": line, "title": title}))


# ---------------------------------------------------------------------- line kinds


def _is_label_line(line):
    """A line of the time-and-source kind: it opens with a label or time, or gives a source
    (`来源:` opening it or after a space, a bar or a time: `疫情来源:专家解读` is a title)."""
    if opens_meta(line):
        return True
    match = SOURCE_RE.search(line + " ")
    if not match or len(line) > 60:
        return False
    before = line[: match.start()][-1:]
    return not before or before in " |)]】" or before.isdigit()


def _not_a_title(line):
    return (
        is_furniture(line)
        or breadcrumb_names(line) is not None
        or _is_label_line(line)
        or bool(COUNTER_RE.search(line))
        or is_outlet_alone(line)
        or is_site_name(line.split("|")[0].strip())
        or line.count("|") >= 2
        or bool(lead_credits(line, ""))
        or line.startswith(STRUCTURE_PREFIXES)
    )


def _title_like(line, limit=HEADLINE_MAX_CHARS):
    return len(line) <= limit and not fold(line).rstrip(CLOSING_QUOTES + " ").endswith(
        ("。", ".", ";", ",", "、", ":")
    )


def _without_generic_twins(credits):
    """`作者:李华` in the header and `(记者 李华)` in the lead are one credit: the specific role."""
    specific = {credit.name for credit in credits if credit.role != AUTHOR_ROLE}
    return [c for c in credits if c.role != AUTHOR_ROLE or c.name not in specific]


def _without_glued_furniture(text):
    return GLUED_FURNITURE_RE.sub("", text).rstrip() or text


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
    """A short line between paragraphs that ends no sentence is a subheading; a photo caption
    (`图为…`, `…摄`, `…供图`, or the line a photo credit follows) is not."""
    text = fold(texts[index])
    between_paragraphs = 0 < index < len(texts) - 1
    caption = CAPTION_RE.search(text) or (
        between_paragraphs and CAPTION_RE.search(fold(texts[index + 1]))
    )
    short = len(text) <= SUBHEADING_MAX_CHARS
    if between_paragraphs and short and not ends_sentence(text) and not caption:
        return SUBHEADING
    return PARAGRAPH


def reads_as_headline(line):
    """Whether a line after the publish time is a second, display title rather than text."""
    line = fold(line)
    return not (
        len(line) > HEADLINE_MAX_CHARS
        or ends_sentence(line)
        or looks_like_byline(line)
        or parse_credits(line) is not None
        or editor_names(line) is not None
        or NOTICE_RE.match(line)
        or is_furniture(line)
        or line.startswith(STRUCTURE_PREFIXES)
        or line.startswith(IMAGE_MARK)
        or _is_label_line(line)
        or is_outlet_alone(line)
        or bool(lead_credits(line, ""))
        or bool(PHOTO_LINE_RE.match(line))
        or bool(META_LABEL_RE.match(line))
    )


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
