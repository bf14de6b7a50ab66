"""Public addresses of articles and sections from a pattern reversed once per URL configuration:
`reverse()` for every teaser, link and breadcrumb was a tenth of the home page's time, and 5,000
calls of it a third of an articles sitemap page.

Only for patterns whose arguments need no quoting: section paths are ASCII slugs, dates digits.
"""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

ARTICLE_MARKS = {"section_path": "s-0", "year": "1111", "month": "22", "day": "33", "pk": 4444}
SECTION_MARKS = {"section_path": "s-0"}


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
    return _format("articles:section", "section", get_script_prefix(), get_urlconf()).format(
        section_path=section_path
    )


@lru_cache(maxsize=16)
def _format(name, kind, prefix, urlconf):
    marks = ARTICLE_MARKS if kind == "article" else SECTION_MARKS
    address = reverse(name, kwargs=marks, urlconf=urlconf).replace("{", "{{").replace("}", "}}")
    for key, mark in marks.items():
        assert address.count(f"/{mark}/") == 1, address
        address = address.replace(f"/{mark}/", f"/{{{key}}}/")
    return address
