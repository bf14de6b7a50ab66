"""A saved HTML page to a Capture: its text laid out in lines as a reader's select-all gives it,
read by the same parser, with the page's structure (`<title>`, `<h1>`, meta tags) as hints.

Only the standard library's HTMLParser: the page is never rendered, nothing is fetched.
"""

import codecs
import datetime
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import CaptureError
from .layout import TIME_RE
from .normalize import normalize_text
from .parse import IMAGE_MARK, LINK_MARK, Hints, parse_capture

# Read before the first decode, to find the page's declared encoding.
SNIFF_BYTES = 4096
CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
# Pages declaring the older sets are written in their superset often enough (GBK characters in
# a page that says gb2312): GB18030 reads all of them.
CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312": "gb18030"}
BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}
SKIPPED_TAGS = {"script", "style", "noscript", "template", "iframe", "svg", "select", "textarea"}
TITLE_META = ("og:title", "articletitle", "twitter:title", "title")
TIME_META = (
    "article:published_time",
    "publishdate",
    "pubdate",
    "firstpublishedtime",
    "og:release_date",
    "published_time",
    "publish_time",
    "datepublished",
)
SOURCE_META = ("source", "contentsource", "article:source", "og:article:source")
AUTHOR_META = ("author", "article:author", "og:article:author")
# `<title>多地持续推进城市更新--社会--人民网</title>`: the title before the site's parts.
TITLE_SPLIT_RE = re.compile(r"\s*(?:--|_|\s[-|–—]\s|\|)\s*")
AUTHOR_SPLIT_RE = re.compile(r"[\s,，、;；/]+")
ISO_OFFSET_RE = re.compile(r"([+-])(\d{2}):?(\d{2})$")


def read_html(path_bytes, sections=None):
    """The Capture of a saved page's bytes, or CaptureError."""
    page = _PageText()
    page.feed(decode_html(path_bytes))
    page.close()
    text = normalize_text("\n".join(page.lines))
    return parse_capture(text, page.hints(), sections)


def decode_html(data):
    if not data.strip():
        raise CaptureError(_("empty file"))
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    declared = CHARSET_RE.search(data[:SNIFF_BYTES])
    encodings = ["utf-8", "gb18030"]
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            codecs.lookup(name)
        except LookupError:
            pass
        else:
            encodings.insert(0, CHARSET_ALIASES.get(name, name))
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CaptureError(_("undecodable page: neither its declared encoding, UTF-8 nor GB18030"))


class _PageText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = []
        self.meta = {}
        self.title = ""
        self.h1 = []
        self._line = []
        self._links_only = True
        self._skipping = 0
        self._in = {"title": 0, "h1": 0, "a": 0}
        self._h1_text = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag == "meta":
            key = (
                attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
            ).lower()
            if key and attrs.get("content") and key not in self.meta:
                self.meta[key] = attrs["content"].strip()
        elif tag == "img" and not self._skipping:
            self._image(attrs)
        if tag in BLOCK_TAGS:
            self._break()
        if tag in self._in:
            self._in[tag] += 1

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        if tag in self._in:
            self._in[tag] = max(0, self._in[tag] - 1)
            if tag == "h1" and not self._in["h1"]:
                self.h1.append("".join(self._h1_text).strip())
                self._h1_text = []
        if tag in BLOCK_TAGS:
            self._break()

    def handle_data(self, data):
        if self._in["title"]:
            self.title += data
            return
        if self._skipping:
            return
        if self._in["h1"]:
            self._h1_text.append(data)
        if data.strip():
            self._links_only = self._links_only and bool(self._in["a"])
        self._line.append(data)

    def _image(self, attrs):
        src = attrs.get("src") or attrs.get("data-src") or attrs.get("data-original")
        if not src:
            return
        if "".join(self._line).strip():
            # An image between links is the breadcrumb's separator (`首页▶新闻▶湖北`); beside text,
            # an icon: neither is a picture of the article.
            if self._links_only:
                self._line.append(" > ")
            return
        self._break()
        alt = " ".join(attrs.get("alt", "").split())
        self.lines.append(f"{IMAGE_MARK}{src.strip()} {alt}".rstrip())

    def _break(self):
        text = " ".join("".join(self._line).split())
        if text:
            # A line that is all link (a menu entry, a related article) is marked: the parser
            # reads runs of them as furniture, as density-based extractors do.
            self.lines.append((LINK_MARK if self._links_only else "") + text)
        self._line = []
        self._links_only = True

    def close(self):
        super().close()
        self._break()

    def hints(self):
        titles = [self.meta[key] for key in TITLE_META if self.meta.get(key)]
        titles += [text for text in self.h1 if text]
        page_title = " ".join(self.title.split())
        if page_title:
            titles.append(TITLE_SPLIT_RE.split(page_title)[0])
        authors = [
            name
            for key in AUTHOR_META
            for name in AUTHOR_SPLIT_RE.split(self.meta.get(key, ""))
            if name
        ]
        return Hints(
            titles=titles,
            published_at=_meta_time(self.meta),
            source=next((self.meta[key] for key in SOURCE_META if self.meta.get(key)), ""),
            authors=authors,
        )


def _meta_time(meta):
    for key in TIME_META:
        value = meta.get(key, "")
        if not value:
            continue
        # `2023-07-18T20:05:00+08:00`, `2023-08-28-19:30:01`: to the form TIME_RE reads.
        offset = ISO_OFFSET_RE.search(value) if "T" in value else None
        text = ISO_OFFSET_RE.sub("", value) if offset else value
        text = re.sub(r"^(\d{4}-\d{1,2}-\d{1,2})[T-]", r"\1 ", text.replace("Z", ""))
        match = TIME_RE.search(text)
        if not match:
            continue
        parts = [int(match[key] or 0) for key in ("y", "m", "d", "H", "M", "S")]
        try:
            moment = datetime.datetime(*parts)
        except ValueError:
            continue
        if offset:
            sign = 1 if offset.group(1) == "+" else -1
            delta = datetime.timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3)))
            zone = datetime.timezone(sign * delta)
            local = ZoneInfo(settings.TIME_ZONE)
            moment = moment.replace(tzinfo=zone).astimezone(local).replace(tzinfo=None)
        return moment
    return None
