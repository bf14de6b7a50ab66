"""The teaser of a list or titles block's slot, written in Python (`frontpage/teasers.py`): the
same HTML the template it replaced printed, byte for byte."""

from datetime import UTC, datetime

import pytest
from django.template.defaultfilters import truncatechars

from frontpage.slots import Slot
from frontpage.teasers import slot_teaser
from pictures.templatetags.picture_tags import picture
from tests.factories import make_article, make_image, make_section

pytestmark = pytest.mark.django_db

# 12:05:09 in Beijing (the newsroom's time zone).
MOMENT = datetime(2026, 3, 1, 4, 5, 9, tzinfo=UTC)


def test_a_titles_slot_prints_its_title_time_and_linked_section():
    section = make_section("武汉", "wuhan")
    article = make_article(
        section, headline="长江<大桥> & 隧道", summary="不印的导语", published_at=MOMENT
    )
    article.lead_image = make_image()
    slot = Slot(article)
    assert slot_teaser(slot, "titles", eager=True) == (
        '\n<article class="teaser">\n'
        "  \n"
        f'  <h3 class="teaser-title"><a href="{slot.url}">长江&lt;大桥&gt; &amp; 隧道</a></h3>\n'
        '  <p class="teaser-meta"><time datetime="2026-03-01T12:05:09+08:00">2026-03-01 12:05:09'
        '</time> · <a href="/wuhan/">武汉</a></p>\n'
        "  \n"
        "</article>\n"
    )


def test_a_list_slot_prints_its_picture_and_shortened_summary_and_an_inactive_section_unlinked():
    section = make_section("旧栏目", "old", active=False)
    image = make_image()
    article = make_article(
        section, headline="标题", summary="长" * 130, published_at=MOMENT, lead_image=image
    )
    slot = Slot(article)
    made = picture(image, "teaser", sizes="(min-width: 48rem) 12rem, 7.5rem", eager=False)
    html = slot_teaser(slot, "list", eager=False)
    assert html.startswith(
        '\n<article class="teaser has-picture">\n'
        f'  <a class="teaser-picture" href="{slot.url}" tabindex="-1" aria-hidden="true">'
        f'<picture><source type="image/webp" srcset="{made["webp_srcset"]}" '
    )
    assert 'loading="lazy" decoding="async"></picture>\n</a>\n' in html
    assert html.endswith(
        '  <p class="teaser-meta"><time datetime="2026-03-01T12:05:09+08:00">2026-03-01 12:05:09'
        "</time> · 旧栏目</p>\n"
        f'  <p class="teaser-summary">{truncatechars("长" * 130, 120)}</p>\n'
        "</article>\n"
    )


def test_a_list_slot_without_picture_or_summary_prints_neither():
    article = make_article(make_section("财经", "finance"), summary="", published_at=MOMENT)
    html = slot_teaser(Slot(article), "list", eager=True)
    assert html.startswith('\n<article class="teaser">\n  \n  <h3 class="teaser-title">')
    assert html.endswith("</a></p>\n  \n</article>\n")
