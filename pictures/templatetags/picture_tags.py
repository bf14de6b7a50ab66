"""Pictures on readers' pages: `<picture>` with WebP and JPEG srcsets, sizes, width and height."""

import html
import re

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..credits import credit_line
from ..models import Image

register = template.Library()

# The fallback `src` for browsers without srcset: a width that suits most screens.
FALLBACK_WIDTH = 640
BODY_SIZES = "(min-width: 60rem) 58rem, calc(100vw - 2rem)"
IMAGE_TAG = re.compile(r"<img\b[^>]*>")
SOURCE = re.compile(r'\ssrc="([^"]*)"')
ALT = re.compile(r'\salt="([^"]*)"')
LIBRARY_FILE = re.compile(r"pictures/originals/[^\"?#\s]+")


def _srcset(renditions):
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


def _fallback(renditions):
    fitting = [r for r in renditions if r.width <= FALLBACK_WIDTH]
    return fitting[-1] if fitting else renditions[0]


@register.inclusion_tag("pictures/picture.html")
def picture(image, kind="width", sizes="100vw", alt="", eager=False, css_class=""):
    """The picture's `kind` renditions (whole picture, lead, teaser, square). Until its
    renditions are made (a picture just migrated), the original with its size. Lazy unless
    `eager` (a picture in the first screen: the lead image, the first teasers)."""
    webp = image.renditions_of(kind, "webp")
    jpeg = image.renditions_of(kind, "jpeg")
    if jpeg:
        fallback = _fallback(jpeg)
        src, width, height = fallback.url, fallback.width, fallback.height
    else:
        src, width, height = image.file.url, image.width, image.height
    return {
        "src": src,
        "width": width or None,
        "height": height or None,
        "webp_srcset": _srcset(webp),
        "jpeg_srcset": _srcset(jpeg),
        "sizes": sizes,
        "alt": alt or "",
        "lazy": not eager,
        "css_class": css_class,
    }


@register.filter
def credit(image):
    return credit_line(image)


@register.simple_tag
def picture_alt(image, caption, fallback=""):
    return image.alt_for(caption, fallback)


@register.simple_tag
def sharing_rendition(image):
    """The 1200×630 JPEG for og:image and JSON-LD, or None before renditions are made."""
    made = image.renditions_of("og", "jpeg")
    return made[-1] if made else None


@register.simple_tag(takes_context=True)
def absolute(context, url):
    """A media URL as an absolute one (storage URLs may already be, on a bucket's domain)."""
    return context["request"].build_absolute_uri(url)


@register.filter
def with_library_pictures(body):
    """The (sanitized) body with each library picture it shows (a CKEditor upload) as a
    `<picture>` with its renditions, lazily loaded; other images stay as they are. One query,
    only when the body shows library pictures."""
    names = set(LIBRARY_FILE.findall(body))
    if not names:
        return mark_safe(body)
    images = {image.file.name: image for image in Image.objects.filter(file__in=names)}

    def swap(match):
        tag = match.group(0)
        source = SOURCE.search(tag)
        name = LIBRARY_FILE.search(source.group(1)) if source else None
        image = images.get(name.group(0)) if name else None
        if image is None or not image.renditions:
            return tag
        alt = ALT.search(tag)
        context = picture(image, "width", BODY_SIZES, html.unescape(alt.group(1)) if alt else "")
        return render_to_string("pictures/picture.html", context).strip()

    return mark_safe(IMAGE_TAG.sub(swap, body))
