"""Teasers are rendered once for what they print and read from the cache afterwards
(`articles/fragments.py`): a change to anything a teaser prints shows at once, with no signal
to invalidate it, because it is a new key."""

from datetime import timedelta
from functools import wraps

import pytest
from django.test.signals import template_rendered
from django.utils import timezone

from articles.models import Article, Section
from frontpage import teasers
from frontpage.models import SlotEntry
from pictures.models import Image
from tests.factories import make_article, make_image, make_section, make_staff
from tests.frontpage_factories import home_block, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    # Staff get a private render of every public page: no page cache between requests.
    client.force_login(make_staff("editor", is_superuser=True))
    return client


@pytest.fixture
def tagged():
    section = make_section("武汉", "wuhan")
    now = timezone.now()
    articles = []
    for n in range(3):
        article = make_article(
            section,
            headline=f"标题{n}",
            summary=f"导语{n}",
            published_at=now - timedelta(minutes=n + 1),
            lead_image=make_image() if n == 0 else None,
        )
        article.tags.add("防汛")
        articles.append(article)
    return articles


def renders(client, url, name):
    seen = []

    def record(sender, template, **kwargs):
        seen.append(template.name)

    template_rendered.connect(record)
    try:
        html = client.get(url).content.decode()
    finally:
        template_rendered.disconnect(record)
    return html, seen.count(name)


def test_a_listing_renders_its_teasers_once_then_reads_them(reader, tagged):
    first, rendered = renders(reader, "/tags/防汛/", "includes/teaser.html")
    assert rendered == 3
    again, rendered = renders(reader, "/tags/防汛/", "includes/teaser.html")
    assert rendered == 0 and again == first


def test_a_teaser_shows_any_change_to_what_it_prints_without_a_signal(reader, tagged):
    first = tagged[0]
    reader.get("/tags/防汛/")
    Article.objects.filter(pk=first.pk).update(headline="新标题", summary="新导语")
    Image.objects.filter(pk=first.lead_image_id).update(renditions=[], width=640, height=480)
    html, rendered = renders(reader, "/tags/防汛/", "includes/teaser.html")
    assert rendered == 1 and "新标题" in html and "新导语" in html and "标题0" not in html
    assert 'width="640" height="480"' in html
    # Every teaser prints its section's name.
    Section.objects.filter(pk=first.section_id).update(name="江城")
    html, rendered = renders(reader, "/tags/防汛/", "includes/teaser.html")
    assert rendered == 3 and html.count('<a href="/wuhan/">江城</a></p>') == 3


def slot_renders(monkeypatch, client, url):
    """The page's HTML and how many slot teasers it made (the others read from the cache)."""
    made = []

    @wraps(teasers.slot_teaser)
    def counted(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    real = teasers.slot_teaser
    monkeypatch.setattr(teasers, "slot_teaser", counted)
    try:
        return client.get(url).content.decode(), len(made)
    finally:
        monkeypatch.setattr(teasers, "slot_teaser", real)


def test_a_front_page_slot_shows_a_changed_entry_at_once(reader, tagged, monkeypatch):
    entry = place(home_block("要闻"), tagged[1], title="编辑的标题")
    html, rendered = slot_renders(monkeypatch, reader, "/")
    assert "编辑的标题" in html and rendered >= 1
    again, rendered = slot_renders(monkeypatch, reader, "/")
    assert rendered == 0 and again == html
    SlotEntry.objects.filter(pk=entry.pk).update(title="改过的标题", summary="改过的导语")
    html, rendered = slot_renders(monkeypatch, reader, "/")
    assert "改过的标题" in html and "改过的导语" in html and "编辑的标题" not in html
    assert rendered == 1
