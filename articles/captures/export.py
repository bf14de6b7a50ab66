"""An Article back to the capture format that `parse_capture` reads."""

from html.parser import HTMLParser

from django.utils import timezone

from .bylines import EDITOR_ROLE, UNINHERITED_ROLES
from .parse import NOTICE_LABEL, PARAGRAPH, SUBHEADING

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
    """The capture text of `article`; expects `Article.objects.with_credits()` and a publish time."""
    bylines = list(article.bylines.all())
    editors = [b.contributor.name for b in bylines if b.role.name_zh == EDITOR_ROLE]
    if article.responsible_editor_id:
        editors.insert(0, _credit_name(article.responsible_editor))
    crumbs = ["首页", *(section.name for section in article.section.ancestors())]
    published = timezone.localtime(article.published_at).strftime(TIME_FORMAT)
    meta = f"发布时间:{published}" + (f"来源:{article.source.name}" if article.source_id else "")
    parts = [" > ".join(crumbs) + " >", article.title, meta, article.headline]
    credits = [b for b in bylines if b.role.name_zh != EDITOR_ROLE]
    if credits:
        parts.append(byline_line(credits, article.source.name if article.source_id else ""))
    parts.extend(text for _kind, text in body_blocks(article.body))
    parts.append(f"(责编: {'、'.join(editors)})")
    notice = article.effective_notice()
    if notice:
        text = notice.text
        parts.append(text if text.startswith(NOTICE_LABEL) else NOTICE_LABEL + text)
    record = getattr(article, "import_record", None)
    if record is not None and record.source_url:
        parts.append(f"原文链接:{record.source_url}")
    return "\n\n".join(parts) + "\n"


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


def _credit_name(user):
    contributor = getattr(user, "contributor", None)
    return contributor.name if contributor else (user.first_name or user.get_username())
