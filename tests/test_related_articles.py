"""Related articles: the newest others sharing the section or a tag, read in bounded pieces."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, related
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def publish(section, minutes_ago, *tags, **fields):
    article = make_article(
        section, published_at=timezone.now() - timedelta(minutes=minutes_ago), **fields
    )
    article.tags.add(*tags)
    return article


def test_the_newest_sharers_of_section_or_any_tag_come_first_without_the_article():
    news, sports, culture = make_section(), make_section(), make_section()
    article = publish(news, 0, "武汉", "防汛")
    same_section = publish(news, 5)
    first_tag = [publish(sports, 10 + n, "武汉") for n in range(8)]
    second_tag = publish(culture, 1, "防汛")
    publish(culture, 2, "其他")
    publish(news, 3, "武汉", status=Article.Status.DRAFT)
    publish(news, 4, "防汛", status=Article.Status.WITHDRAWN)
    publish(sports, -60, "武汉")

    related = list(Article.objects.published().related_to(article, 4))

    assert related == [second_tag, same_section, first_tag[0], first_tag[1]]


def test_an_article_without_tags_is_related_to_its_section_only():
    news = make_section()
    article = publish(news, 0)
    neighbours = [publish(news, n + 1) for n in range(3)]
    publish(make_section(), 1)

    assert list(Article.objects.published().related_to(article, 5)) == neighbours


def test_a_tag_not_used_among_the_newest_articles_still_finds_its_own(monkeypatch):
    # SQLite looks for a tag among the site's newest articles first: here, among the newest two.
    monkeypatch.setattr(related, "RECENT_WINDOW", 2)
    news, sports = make_section(), make_section()
    article = publish(news, 0, "防汛")
    for n in range(3):
        publish(sports, 1 + n)
    tagged = [publish(sports, 10 + n, "防汛") for n in range(3)]

    assert list(Article.objects.published().related_to(article, 2)) == tagged[:2]
