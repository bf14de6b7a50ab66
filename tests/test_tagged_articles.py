"""A tag's articles, read the way each database reads them fastest, are the same articles in the
same order: newest first, published only."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from articles.models import article as article_module
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def flood():
    now = timezone.now()
    for hours in (5, 1, 30, 12):
        make_article(headline=f"防汛{hours}", published_at=now - timedelta(hours=hours)).tags.add(
            "防汛"
        )
    make_article(headline="防汛草稿", status=Article.Status.DRAFT).tags.add("防汛")
    make_article(headline="防汛明天", published_at=now + timedelta(days=1)).tags.add("防汛")
    make_article(headline="抗旱").tags.add("抗旱")
    return Tag.objects.get(name="防汛")


def headlines(tag):
    return list(Article.objects.published().tagged(tag).values_list("headline", flat=True))


@pytest.mark.parametrize("common_from", [2, 10_000])
def test_a_tags_articles_are_its_published_ones_newest_first(flood, monkeypatch, common_from):
    monkeypatch.setattr(article_module, "COMMON_TAG_LINKS", common_from)
    assert headlines(flood) == ["防汛1", "防汛5", "防汛12", "防汛30"]


def test_on_sqlite_a_common_tag_is_read_by_walking_the_newest_articles(flood, monkeypatch):
    monkeypatch.setattr(article_module, "COMMON_TAG_LINKS", 2)
    sql = str(Article.objects.published().tagged(flood).query)
    assert ("EXISTS" in sql) == (connection.vendor == "sqlite")


def test_the_tag_page_lists_a_common_tags_articles(client, flood, monkeypatch):
    monkeypatch.setattr(article_module, "COMMON_TAG_LINKS", 2)
    page = client.get("/tags/防汛/").content.decode()
    assert page.index("防汛1") < page.index("防汛5") < page.index("防汛30")
    assert "防汛草稿" not in page and "防汛明天" not in page and "抗旱" not in page
