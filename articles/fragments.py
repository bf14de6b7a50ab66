"""Teasers rendered once for what they print, then read from the cache.

A home page prints some 80 teasers and a listing 20; rendering their templates was most of those
pages' CPU. A teaser's HTML is stored under a key made of every value it prints (title, 导语,
time, address, section name, picture and its renditions) together with its template's source (or
the source of the Python that writes it), the language and where pictures are served from: any
change to what it shows is a new key, so nothing needs invalidating, and an old fragment is simply
no longer asked for (it expires after FRAGMENT_SECONDS). One `get_many` reads every fragment of a
page.
"""

import hashlib
import inspect
import logging
import sys
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

FRAGMENT_SECONDS = 24 * 3600
PREFIX = "fr:"
# Parts of the page kept in the process (`render_once`); a bound all the same.
MOST_KEPT = 2048
# Included by the teaser templates: their sources are part of every key too.
INCLUDED = ("pictures/picture.html",)


@lru_cache
def template_version(name):
    """The version of template `name`, or of the module named `name` (a teaser made in Python)."""
    if name in sys.modules:
        first = inspect.getsource(sys.modules[name])
    else:
        first = get_template(name).template.source
    sources = [first, *(get_template(n).template.source for n in INCLUDED)]
    return hashlib.blake2b("\0".join(sources).encode(), digest_size=8).hexdigest()


def picture_values(image):
    if image is None:
        return None
    return (
        image.pk,
        image.file.name,
        image.width,
        image.height,
        image.renditions_key,
        tuple(made["name"] for made in image.renditions),
    )


def section_values(section):
    return (section.name, section.active, section.get_absolute_url() if section.active else None)


def render_many(name, items, make=None):
    """The HTML of template `name` for each (values, context) of `items`, `values` being
    everything the context makes it print; with `make`, a function of Python module `name`,
    `make(**context)`'s instead."""
    if settings.DEBUG:
        # Templates are read again on every request while developing: so are their sources.
        template_version.cache_clear()
    version = (
        template_version(name),
        translation.get_language(),
        settings.TIME_ZONE,
        # Where pictures are served from; a storage that signs its addresses changes this on
        # every call, and then no fragment is ever read again (as it must not be).
        default_storage.url("fragment"),
    )
    keys = [
        PREFIX + hashlib.blake2b(repr((version, values)).encode(), digest_size=16).hexdigest()
        for values, _context in items
    ]
    try:
        found = cache.get_many(keys) if keys else {}
    except Exception:
        logger.warning("Cache unavailable: teasers rendered", exc_info=True)
        found = {}
    made, rendered = {}, []
    if make is None:
        template = get_template(name)
    for key, (_values, context) in zip(keys, items, strict=True):
        html = found.get(key)
        if html is None:
            html = made[key] = make(**context) if make else template.render(context)
        rendered.append(mark_safe(html))
    if made:
        try:
            cache.set_many(made, FRAGMENT_SECONDS)
        except Exception:
            logger.warning("Cache unavailable: teasers not stored", exc_info=True)
    return rendered


_kept = {}


def render_once(name, values, context):
    """The HTML of template `name` for `context`, rendered once per process for `values`
    (everything the context makes it print, hashable) in the reader's language: for the small
    parts many pages print alike, the navigation, the breadcrumbs and the footer. Their
    addresses follow the script prefix and URL configuration, and their interface strings
    are marked when the reader's language is not the content's: all part of the key. While
    developing, templates are read again on every request, so they are rendered every time."""
    if settings.DEBUG:
        return mark_safe(get_template(name).render(context))
    language = (translation.get_language(), settings.CONTENT_LANGUAGE)
    key = (name, language, get_script_prefix(), get_urlconf(), values)
    html = _kept.get(key)
    if html is None:
        if len(_kept) >= MOST_KEPT:
            _kept.clear()
        html = _kept[key] = mark_safe(get_template(name).render(context))
    return html
