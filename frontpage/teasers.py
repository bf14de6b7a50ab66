"""The teaser of a list or titles block's slot, made in Python.

A home page prints some 80 of them; made by a template (`{% with %}`, five `{% if %}`, filters,
an inclusion tag), each cost about 0.15 ms, 12 ms a page whenever the teaser fragments are cold
(after a deploy or a cache restart). This writes the same HTML byte for byte
(`tests/test_front_page_teasers.py` compares it with what the template made); the picture keeps
its template (`pictures/picture.html`, shared with every page). Its source is part of every
fragment key (`articles/fragments.py`), as a template's is.
"""

from django.template.defaultfilters import truncatechars
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import conditional_escape as escape

from pictures.templatetags.picture_tags import picture

PICTURE_SIZES = "(min-width: 48rem) 12rem, 7.5rem"


def slot_teaser(slot, style, eager):
    article, titles = slot.article, style == "titles"
    image = None if titles else slot.image
    url = escape(slot.url)
    published = timezone.localtime(article.published_at).isoformat(timespec="seconds")
    section = article.section
    section_name = escape(section.name)
    if section.active:
        section_name = f'<a href="{escape(section.get_absolute_url())}">{section_name}</a>'
    picture_html = ""
    if image:
        made = picture(image, "teaser", sizes=PICTURE_SIZES, eager=eager)
        picture_html = (
            f'<a class="teaser-picture" href="{url}" tabindex="-1" aria-hidden="true">'
            f"{get_template('pictures/picture.html').render(made)}</a>"
        )
    summary = None if titles else slot.summary
    summary_html = (
        f'<p class="teaser-summary">{escape(truncatechars(summary, 120))}</p>' if summary else ""
    )
    return (
        f'\n<article class="teaser{" has-picture" if image else ""}">\n'
        f"  {picture_html}\n"
        f'  <h3 class="teaser-title"><a href="{url}">{escape(slot.title)}</a></h3>\n'
        f'  <p class="teaser-meta"><time datetime="{published}">'
        f"{published[:19].replace('T', ' ')}</time> · {section_name}</p>\n"
        f"  {summary_html}\n"
        "</article>\n"
    )
