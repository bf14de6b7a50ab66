"""Public addresses of articles, sections, contributors, outlets and tags from a pattern
reversed once per URL configuration: `reverse()` for every teaser, link and breadcrumb was a
tenth of the home page's time, and 5,000 calls of it a third of an articles sitemap page.

Only for patterns whose arguments need no quoting (section paths are ASCII slugs, dates and ids
digits), but for a tag's slug, quoted as `reverse()` quotes it.
"""

import re
from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS

ARTICLE_MARKS = {"section_path": "s-0", "year": "1111", "month": "22", "day": "33", "pk": 4444}
SECTION_MARKS = {"section_path": "s-0"}
ID_MARKS = {"pk": 4444}
TAG_MARKS = {"slug": "t-0"}
# What `reverse()` leaves unquoted (RFC 3986's `pchar`).
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def article_address(section_path, published_at, pk):
    day = timezone.localtime(published_at, timezone.get_default_timezone())
    return _format("articles:article", "article", get_script_prefix(), get_urlconf()).format(
        section_path=section_path, year=f"{day:%Y}", month=f"{day:%m}", day=f"{day:%d}", pk=pk
    )


def article_address_pattern():
    """`article_address`'s pattern, for a loop over many rows: a `str.format` pattern with the
    fields section_path, year, month, day (zero-padded, in the site's time zone) and pk."""
    return _format("articles:article", "article", get_script_prefix(), get_urlconf())


def section_address(section_path):
    return section_address_pattern().format(section_path=section_path)


def section_address_pattern():
    """`section_address`'s pattern: a `str.format` pattern with the field section_path."""
    return _format("articles:section", "section", get_script_prefix(), get_urlconf())


def contributor_address(pk):
    return _format("articles:contributor", "id", get_script_prefix(), get_urlconf()).format(pk=pk)


def outlet_address(pk):
    return _format("articles:outlet", "id", get_script_prefix(), get_urlconf()).format(pk=pk)


def tag_address(slug):
    """The tag page's address; "" for a slug no address can hold (as `{% url ... as %}`)."""
    if not _tag_slug().fullmatch(slug):
        return ""
    pattern = _format("articles:tag", "tag", get_script_prefix(), get_urlconf())
    return pattern.format(slug=quote(slug, safe=PATH_SAFE))


def fixed_address(name, *args):
    """`reverse(name, args=args)` of an address that is the same on every page (the home, the
    feeds, the search, the site's own pages), reversed once per URL configuration."""
    return _fixed(name, args, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=64)
def _fixed(name, args, prefix, urlconf):
    return reverse(name, args=args, urlconf=urlconf)


@lru_cache
def _tag_slug():
    from .urls import TagSlugConverter

    return re.compile(TagSlugConverter.regex)


@lru_cache(maxsize=32)
def _format(name, kind, prefix, urlconf):
    marks = {
        "article": ARTICLE_MARKS,
        "section": SECTION_MARKS,
        "id": ID_MARKS,
        "tag": TAG_MARKS,
    }[kind]
    address = reverse(name, kwargs=marks, urlconf=urlconf).replace("{", "{{").replace("}", "}}")
    for key, mark in marks.items():
        assert address.count(f"/{mark}/") == 1, address
        address = address.replace(f"/{mark}/", f"/{{{key}}}/")
    return address
