import json
import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import fragments
from ..addresses import fixed_address, section_address_pattern, tag_address
from ..names import person_name
from ..prepared import navigation_sections
from ..xml_text import xml_text

register = template.Library()

# The escapes of django.utils.html.json_script: the JSON can never close its <script> element.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def site_name():
    return settings.SITE_NAME


@register.simple_tag
def news_language():
    return settings.NEWS_SITEMAP_LANGUAGE


@register.simple_tag
def content_language():
    """The language of what the newsroom publishes: the page's `lang`, whatever the reader's."""
    return settings.CONTENT_LANGUAGE


@register.simple_tag
def interface_lang():
    """` lang="en"` on an element holding interface strings when the reader's language (which
    they follow) is not the content's, so a screen reader reads each in its own language."""
    reader = translation.get_language() or settings.LANGUAGE_CODE
    return _interface_lang(reader, settings.CONTENT_LANGUAGE)


@lru_cache(maxsize=16)
def _interface_lang(reader, content_language):
    if reader.lower() == content_language.lower():
        return ""
    return format_html(' lang="{}"', translation.to_locale(reader).replace("_", "-"))


@register.simple_tag
def address(name, *args):
    """`{% url %}` for an address that is the same on every page, reversed once."""
    return fixed_address(name, *args)


@register.simple_tag
def tag_links(tags):
    """(address, name) of each tag; no address for a slug that cannot make one."""
    return [(tag_address(tag.slug), tag.name) for tag in tags]


@register.simple_tag
def site_nav(current=None):
    """The top-level sections readers can open; the one holding `current` (a section) is marked."""
    current_root = current.path.split("/")[0] if current else None
    pattern = section_address_pattern()
    entries = tuple(
        (
            pattern.format(section_path=path),
            name,
            ("page" if current.path == path else "true") if path == current_root else None,
        )
        for path, name in navigation_sections()
    )
    return fragments.render_once("includes/site_nav.html", entries, {"entries": entries})


@register.simple_tag
def breadcrumb_trail(sections, current=None):
    """includes/breadcrumbs.html for `sections`, the last being the page (or `current`, e.g.
    "location")."""
    values = (tuple((s.path, s.name, s.active) for s in sections), current)
    context = {"breadcrumbs": sections, "current": current}
    return fragments.render_once("includes/breadcrumbs.html", values, context)


@register.simple_tag
def listed(articles):
    """(address, title, W3C time, printed time) of each article of a short list."""
    return [
        (
            article.get_absolute_url(),
            article.title,
            w3c(article.published_at),
            stamp(article.published_at),
        )
        for article in articles
    ]


@register.simple_tag(takes_context=True)
def teasers(context, articles, eager_pictures=0):
    """Each article's teaser (includes/teaser.html), from the cache when what it prints has not
    changed (see fragments.py); the first `eager_pictures` load their picture at once."""
    heading_level, compact = context.get("heading_level"), context.get("compact")
    return _teasers(articles, eager_pictures, heading_level, compact)


@register.simple_tag
def credited_teasers(credits, heading_level=None):
    """(teaser, roles) for each (article, roles) of a contributor's page."""
    rendered = _teasers([article for article, _roles in credits], 0, heading_level, None)
    return [(teaser, roles) for teaser, (_article, roles) in zip(rendered, credits, strict=True)]


def _teasers(articles, eager_pictures, heading_level, compact):
    items = []
    for n, article in enumerate(articles):
        eager = n < (eager_pictures or 0)
        values = (
            article.pk,
            article.get_absolute_url(),
            article.title,
            article.published_at,
            None if compact else article.summary,
            fragments.section_values(article.section),
            fragments.picture_values(article.lead_image),
            heading_level,
            eager,
        )
        teaser = {
            "article": article,
            "heading_level": heading_level,
            "compact": compact,
            "eager_picture": eager,
        }
        items.append((values, teaser))
    return fragments.render_many("includes/teaser.html", items)


@register.simple_tag
def site_footer():
    """The operator's registration numbers and report contacts (settings), and the site's pages."""
    psb_code = "".join(re.findall(r"[0-9]", settings.SITE_PSB_NUMBER))
    context = {
        "site_name": settings.SITE_NAME,
        "icp_number": settings.SITE_ICP_NUMBER,
        "news_license": settings.SITE_NEWS_LICENSE,
        "psb_number": settings.SITE_PSB_NUMBER,
        "psb_url": f"https://beian.mps.gov.cn/#/query/webSearch?code={psb_code}",
        "report_phone": settings.SITE_REPORT_PHONE,
        "report_email": settings.SITE_REPORT_EMAIL,
        "copyright": settings.SITE_COPYRIGHT,
        "year": timezone.localdate().year,
    }
    values = tuple(context.items())
    return fragments.render_once("includes/site_footer.html", values, context)


@register.filter
def jsonld(data):
    """A `<script type="application/ld+json">` element holding `data`, safely escaped."""
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def display_name(user):
    return person_name(user)


@register.filter
def w3c(moment):
    """The W3C date-time sitemaps ask for, in the newsroom's time zone, to the second."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


@register.filter
def stamp(moment):
    """`moment|date:"Y-m-d H:i:s"` (the pages' printed time) without the date format's parser."""
    if not moment:
        return ""
    at = timezone.localtime(moment)
    return (
        f"{at.year:04d}-{at.month:02d}-{at.day:02d} {at.hour:02d}:{at.minute:02d}:{at.second:02d}"
    )


@register.filter(name="xml_text")
def xml_text_filter(value):
    return xml_text(value)


@register.simple_tag
def signed_off_by(article):
    """Who signed the article's live text off (签发), when the site prints it (PRINT_SIGN_OFF);
    otherwise nothing, and no query."""
    if not settings.PRINT_SIGN_OFF:
        return None
    from review.models import SignOff

    latest = SignOff.objects.filter(article=article).select_related("signed_by").first()
    return latest.signed_by if latest else None
