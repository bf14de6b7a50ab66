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


def ckeditor_allowed_content():
    """The allowlist as CKEditor 4's `allowedContent` rules (`a[!href,title]; p br …`), so the
    editor shows what will be stored: no colours, borders or `target` it would keep and the
    sanitizer then drop. Image sizes become `width`/`height` attributes."""
    rules = [
        f"{tag}[{','.join(sorted(ALLOWED_ATTRIBUTES[tag]))}]" for tag in sorted(ALLOWED_ATTRIBUTES)
    ]
    plain = " ".join(sorted(ALLOWED_TAGS - set(ALLOWED_ATTRIBUTES)))
    return "; ".join([plain, *rules])


def _keeping_inline_images(tag, attribute, value):
    # nh3 has already dropped every other unsafe scheme; an image's `data:` source is kept only
    # for `articles.inline_images`, which stores it as an uploaded file or refuses it.
    if attribute in {"href", "src"} and value.strip().lower().startswith("data:"):
        inline_image = tag == "img" and attribute == "src"
        return value if inline_image and value.strip().lower().startswith("data:image/") else None
    return value


# In nh3's output every attribute value is quoted with `"`, `&quot;` and `&gt;` inside it, so a
# tag ends at its first `>` and ` alt="` can only be the attribute.
IMAGE_TAG = re.compile(r"<img\b[^>]*>")
ALT_ATTRIBUTE = re.compile(r'\salt="')
SOURCE_ATTRIBUTE = re.compile(r'\ssrc="')


def _described_image(match):
    """An image without a description is read out by its file name; alt="" marks it as one
    the text around it describes (a screen reader skips it). An image left without a source
    (its `data:` URL dropped) shows nothing and goes."""
    tag = match.group(0)
    if not SOURCE_ATTRIBUTE.search(tag):
        return ""
    return tag if ALT_ATTRIBUTE.search(tag) else '<img alt=""' + tag[len("<img") :]


def _clean(html, keep_inline_images):
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=SAFE_URL_SCHEMES | {"data"} if keep_inline_images else SAFE_URL_SCHEMES,
        attribute_filter=_keeping_inline_images if keep_inline_images else None,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
    return IMAGE_TAG.sub(_described_image, cleaned)


def clean_html(html):
    """Return `html` reduced to the allowlist. Idempotent: cleaning clean HTML changes nothing.

    No `data:` URL is kept: an image pasted as one would reach readers with its EXIF and GPS
    position, unchecked in size, and fill every revision; `articles.inline_images` stores such
    images as files before the body is saved, and this drops any that got past it."""
    return _clean(html, keep_inline_images=False)


def clean_html_keeping_inline_images(html):
    """`clean_html`, but keeping `<img src="data:image/…">` for `articles.inline_images`."""
    return _clean(html, keep_inline_images=True)


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
