"""Addresses built from patterns reversed once (`articles/addresses.py`) are the ones `reverse()`
gives, and the printed time is the date filter's."""

from datetime import UTC, datetime

import pytest
from django.template.defaultfilters import date
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import timezone

from articles.addresses import contributor_address, fixed_address, outlet_address, tag_address
from articles.templatetags.public_site import stamp

ODD_SLUGS = ["武汉", "a b", "50%", "a?b#c", "x&y=z", "{x}", "~:@!$'()*+,;", "é", "-", "a\u3000b"]


def reversed_or_empty(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@pytest.mark.parametrize("slug", [*ODD_SLUGS, "", "a/b", "a\x00b", "a\x7fb"])
def test_a_tag_address_is_the_one_reverse_gives_or_none_as_url_as_gives(slug):
    assert tag_address(slug) == reversed_or_empty("articles:tag", slug)


def test_addresses_follow_the_script_prefix():
    try:
        set_script_prefix("/news-site/")
        assert contributor_address(12) == reverse("articles:contributor", args=[12])
        assert outlet_address(7) == reverse("articles:outlet", args=[7])
        assert tag_address("武汉") == reverse("articles:tag", args=["武汉"])
        assert fixed_address("articles:site_page", "about") == reverse(
            "articles:site_page", args=["about"]
        )
        assert fixed_address("articles:home") == "/news-site/"
    finally:
        set_script_prefix("/")
    assert contributor_address(12) == "/contributors/12/"
    assert fixed_address("articles:home") == "/"


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 31, 16, 0, 0, tzinfo=UTC),
        datetime(2024, 2, 29, 3, 4, 5, 678, tzinfo=UTC),
        datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC),
    ],
)
def test_the_printed_time_is_the_date_filters_in_the_newsrooms_time_zone(moment):
    assert stamp(moment) == date(timezone.localtime(moment), "Y-m-d H:i:s")
    assert stamp(None) == ""
