"""An Article back to the capture format that `parse_capture` reads."""

from html.parser import HTMLParser

from django.utils import timezone

from .bylines import UNINHERITED_ROLES, lead_credits, looks_like_byline, parse_credits
from .bylines import trailing_photo_credits as photo_credits
from .layout import (
    EDITOR_NAME_RE,
    NOTICE_LABEL,
    NOTICE_RE,
    PHOTO_LINE_RE,
    STAFF_ROLES,
    URL_RE,
    editor_names,
    is_furniture,
    staff_credits,
)
from .normalize import fold
from .parse import (
    HEADLINE_LABEL,
    IMAGE_MARK,
    KICKER_LABEL,
    PARAGRAPH,
    PARAGRAPH_MARK,
    STRUCTURE_PREFIXES,
    SUBHEADING,
    SUBHEADING_MARK,
    SUBHEADLINE_LABEL,
    block_kind,
    reads_as_headline,
)

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
HEADING_TAGS = {"h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = HEADING_TAGS | {"p", "li", "blockquote", "figcaption", "caption", "td", "th"}


class _BlockText(HTMLParser):
    """(kind, text) for every block of an article body; inline markup is flattened to its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self._kind = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()
            self._kind = SUBHEADING if tag in HEADING_TAGS else PARAGRAPH
        elif tag == "br":
            self._text.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        self._text.append(data)

    def _flush(self):
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append((self._kind or PARAGRAPH, text))
        self._kind, self._text = None, []

    def close(self):
        super().close()
        self._flush()


def body_blocks(html):
    parser = _BlockText()
    parser.feed(html)
    parser.close()
    return parser.blocks


def export_capture(article):
    """The capture text of `article`; expects `Article.objects.with_credits()` and a publish time.

    Laid out like the archived pages; where that layout would be read back otherwise, the
    exporter writes a label (`引题:`, `主题:`, `副题:`) or marks a body line (`## `, `¶ `).
    """
    bylines = list(article.bylines.all())
    staff = [byline for byline in bylines if byline.role.name_zh in STAFF_ROLES]
    bylines = [byline for byline in bylines if byline not in staff]
    source_name = article.source.name if article.source_id else ""
    crumbs = ["首页", *(section.name for section in article.section.ancestors())]
    published = timezone.localtime(article.published_at).strftime(TIME_FORMAT)
    meta = f"发布时间:{published}" + (f"来源:{source_name}" if source_name else "")
    parts = [" > ".join(crumbs) + " >", article.title, meta]
    if article.kicker:
        parts.append(KICKER_LABEL + article.kicker)
    headline = article.headline
    parts.append(headline if reads_as_headline(headline) else HEADLINE_LABEL + headline)
    if article.subheadline:
        parts.append(SUBHEADLINE_LABEL + article.subheadline)
    if bylines:
        parts.append(byline_line(bylines, source_name))
    parts.extend(body_lines(body_blocks(article.body), source_name, after_byline=bool(bylines)))
    editor = _credit_name(article.responsible_editor) if article.responsible_editor_id else ""
    parts.append(f"(责编: {editor})")
    if staff:
        parts.append(staff_line(staff))
    notice = article.effective_notice()
    if notice:
        text = notice.text
        parts.append(text if fold(text).startswith(NOTICE_LABEL) else NOTICE_LABEL + text)
    record = getattr(article, "import_record", None)
    if record is not None and record.source_url:
        parts.append(f"原文链接:{record.source_url}")
    return "\n\n".join(parts) + "\n"


def body_lines(blocks, source_name, after_byline):
    """Each block as a line; marked (`## `, `¶ `) where the plain line would be read otherwise."""
    texts = [text for _kind, text in blocks]
    lines = []
    for index, (kind, text) in enumerate(blocks):
        first = index == 0
        plain = block_kind(texts, index) == kind and not _reads_as_structure(
            text, source_name, first, first and not after_byline
        )
        mark = SUBHEADING_MARK if kind == SUBHEADING else PARAGRAPH_MARK
        lines.append(text if plain else mark + text)
    return lines


def _reads_as_structure(text, source_name, first, could_be_byline):
    """Whether the importer would take this body line for something else than text."""
    text = fold(text)
    return bool(
        text.startswith(STRUCTURE_PREFIXES)
        or editor_names(text) is not None
        or staff_credits(text) is not None
        or PHOTO_LINE_RE.match(text)
        or text.startswith(IMAGE_MARK)
        or NOTICE_RE.match(text)
        or URL_RE.match(text)
        or is_furniture(text)
        or (text.startswith("(") and parse_credits(text, source_name))
        or photo_credits(text, source_name)
        or (first and lead_credits(text, source_name))
        or (could_be_byline and (looks_like_byline(text) or parse_credits(text, source_name)))
    )


def byline_line(bylines, source_name):
    """`湖北日报全媒记者 胡弦 实习生 吴佳怡`: an outlet is written only where the reader's
    assumption (the outlet named last, at first the source) would be wrong."""
    tokens, current, last_group = [], source_name, None
    for byline in bylines:
        affiliation = byline.contributor.affiliation
        name = affiliation.name if affiliation else ""
        role = byline.role.name_zh
        if (name, role) != last_group:
            if role in UNINHERITED_ROLES:
                tokens.append(name + role)
            else:
                tokens.append(role if name == current else name + role)
                current = name
            last_group = (name, role)
        tokens.append(byline.contributor.name)
    return " ".join(tokens)


def staff_line(bylines):
    """`图片编辑:李明 校对:赵敏、王芳`: the newsroom's other staff, as pages print them."""
    names = {}
    for byline in bylines:
        names.setdefault(byline.role.name_zh, []).append(byline.contributor.name)
    return " ".join(f"{role}:{'、'.join(group)}" for role, group in names.items())


def _credit_name(user):
    # The user name first: unique, where a display name may be shared.
    contributor = getattr(user, "contributor", None)
    names = [user.get_username(), contributor.name if contributor else "", user.first_name]
    return next((name for name in names if EDITOR_NAME_RE.match(name)), user.get_username())
