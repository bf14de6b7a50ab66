"""The allowlist for article bodies: what CKEditor produces for news, and nothing that can run."""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
    "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark", "span",
    "ul", "ol", "li", "blockquote", "figure", "figcaption", "a", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}

SAFE_URL_SCHEMES = {"http", "https", "mailto", "tel"}
IMAGE_DATA_PREFIX = "data:image/"
RASTER_IMAGE_TYPES = ("png", "jpeg", "jpg", "gif", "webp")


def ckeditor_allowed_content():
    """The allowlist as CKEditor 4's `allowedContent` rules (`a[!href,title]; p br …`), so the
    editor shows what will be stored: no colours, borders or `target` it would keep and the
    sanitizer then drop. Image sizes become `width`/`height` attributes."""
    rules = [
        f"{tag}[{','.join(sorted(ALLOWED_ATTRIBUTES[tag]))}]" for tag in sorted(ALLOWED_ATTRIBUTES)
    ]
    plain = " ".join(sorted(ALLOWED_TAGS - set(ALLOWED_ATTRIBUTES)))
    return "; ".join([plain, *rules])


def _filter_attribute(tag, attribute, value):
    # nh3 has already dropped unsafe schemes; inline images are the one exception we let
    # through, and only for raster formats (an SVG data URL can carry script).
    lowered = value.strip().lower()
    if attribute in {"href", "src"} and lowered.startswith("data:"):
        mime = lowered[len(IMAGE_DATA_PREFIX) :].split(";", 1)[0]
        is_raster = lowered.startswith(IMAGE_DATA_PREFIX) and mime in RASTER_IMAGE_TYPES
        return value if tag == "img" and attribute == "src" and is_raster else None
    return value


# In nh3's output every attribute value is quoted with `"`, `&quot;` and `&gt;` inside it, so a
# tag ends at its first `>` and ` alt="` can only be the attribute.
IMAGE_TAG = re.compile(r"<img\b[^>]*>")
ALT_ATTRIBUTE = re.compile(r'\salt="')


def _with_alt(match):
    """An image without a description is read out by its file name; alt="" marks it as one
    the text around it describes (a screen reader skips it)."""
    tag = match.group(0)
    return tag if ALT_ATTRIBUTE.search(tag) else '<img alt=""' + tag[len("<img") :]


def clean_html(html):
    """Return `html` reduced to the allowlist. Idempotent: cleaning clean HTML changes nothing."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=SAFE_URL_SCHEMES | {"data"},
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
    return IMAGE_TAG.sub(_with_alt, cleaned)


BLOCK_TAGS = (
    "p|h[1-6]|ul|ol|li|blockquote|table|caption|thead|tbody|tfoot|tr|th|td|figure|figcaption|hr|br"
)
# CKEditor writes blocks on lines of their own and indents list items and table cells: white
# space beside a block's tags is layout, which no reader sees.
LAYOUT_SPACE = re.compile(rf"\s*(</?(?:{BLOCK_TAGS})\b[^>]*>)\s*")


def without_layout(html):
    """The body as stored, less the white space CKEditor adds between blocks."""
    return LAYOUT_SPACE.sub(r"\1", clean_html(html))


def same_markup(first, second):
    """Whether two bodies say the same thing in the same markup (CKEditor's reformatting of a
    body it was given, entities written out or not, is no change)."""
    return without_layout(first or "") == without_layout(second or "")
