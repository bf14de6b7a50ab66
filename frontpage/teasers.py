"""The teaser of a list or titles block's slot, made in Python.

A home page prints some 80 of them; made by a template (`{% with %}`, five `{% if %}`, filters,
an inclusion tag), each cost about 0.15 ms, 12 ms a page whenever the teaser fragments are cold
(after a deploy or a cache restart). This writes the same HTML byte for byte
(`tests/test_front_page_teasers.py` compares it with what the template made) with `format_html`,
which escapes every value it is given as the template did; the picture keeps its template
(`pictures/picture.html`, shared with every page). Its source is part of every fragment key
(`articles/fragments.py`), as a template's is.
"""

from django.template.defaultfilters import truncatechars
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html

from pictures.templatetags.picture_tags import picture

PICTURE_SIZES = "(min-width: 48rem) 12rem, 7.5rem"

TEASER = (
    '\n<article class="teaser{}">\n'
    "  {}\n"
    '  <h3 class="teaser-title"><a href="{}">{}</a></h3>\n'
    '  <p class="teaser-meta"><time datetime="{}">{}</time> · {}</p>\n'
    "  {}\n"
    "</article>\n"
)


def slot_teaser(slot, style, eager):
    article, titles = slot.article, style == "titles"
    image = None if titles else slot.image
    published = timezone.localtime(article.published_at).isoformat(timespec="seconds")
    section = article.section
    section_html = conditional_escape(section.name)
    if section.active:
        section_html = format_html('<a href="{}">{}</a>', section.get_absolute_url(), section.name)
    picture_html = ""
    if image:
        made = picture(image, "teaser", sizes=PICTURE_SIZES, eager=eager)
        picture_html = format_html(
            '<a class="teaser-picture" href="{}" tabindex="-1" aria-hidden="true">{}</a>',
            slot.url,
            get_template("pictures/picture.html").render(made),
        )
    summary = None if titles else slot.summary
    summary_html = ""
    if summary:
        summary_html = format_html('<p class="teaser-summary">{}</p>', truncatechars(summary, 120))
    return format_html(
        TEASER,
        " has-picture" if image else "",
        picture_html,
        slot.url,
        slot.title,
        published,
        published[:19].replace("T", " "),
        section_html,
        summary_html,
    )
