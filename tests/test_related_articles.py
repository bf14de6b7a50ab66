"""Related articles: the newest others sharing the section or a tag, read in bounded pieces."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles import link_copies
from articles.models import Article, TaggedArticle
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


def test_a_tag_not_used_among_the_newest_articles_still_finds_its_own():
    news, sports = make_section(), make_section()
    article = publish(news, 0, "防汛")
    for n in range(3):
        publish(sports, 1 + n)
    tagged = [publish(sports, 10 + n, "防汛") for n in range(3)]

    assert list(Article.objects.published().related_to(article, 2)) == tagged[:2]


def test_a_stale_copy_on_a_tag_link_never_shows_an_unpublished_article():
    news, sports = make_section(), make_section()
    article = publish(news, 0, "武汉")
    shown = publish(sports, 2, "武汉")
    hidden = [
        publish(sports, 1, "武汉"),
        publish(sports, 3, "武汉", status=Article.Status.DRAFT),
        publish(sports, 4, "武汉"),
    ]
    # As if the triggers had missed these changes: every link still says "published, long ago".
    link_copies.drop(connection)
    Article.objects.filter(pk=hidden[0].pk).update(status=Article.Status.WITHDRAWN)
    Article.objects.filter(pk=hidden[2].pk).update(published_at=timezone.now() + timedelta(days=1))
    TaggedArticle.objects.filter(content_object__in=hidden).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now() - timedelta(days=1)
    )

    assert list(Article.objects.published().related_to(article, 5)) == [shown]


def test_the_article_page_query_serves_articles_with_different_tag_counts_alike():
    news = make_section()
    first = publish(news, 0, "武汉")
    second = publish(news, 1, "武汉", "防汛", "长江")
    third = publish(news, 2)

    assert list(Article.objects.published().related_to(first, 5)) == [second, third]
    assert list(Article.objects.published().related_to(second, 5)) == [first, third]
    assert list(Article.objects.published().related_to(third, 5)) == [first, second]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PREPARE is PostgreSQL's")
def test_the_query_is_prepared_once_per_number_of_tags_and_run_by_name():
    news = make_section()
    first, second = publish(news, 0, "武汉"), publish(news, 1, "防汛")
    sent = []

    def record(execute, sql, params, many, context):
        sent.append(sql.split(" ", 2)[:2])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert list(Article.objects.published().related_to(first, 5)) == [second]
        assert list(Article.objects.published().related_to(second, 5)) == [first]

    statements = [words for words in sent if words[1].startswith("related_")]
    executed = [words for words in statements if words[0] == "EXECUTE"]
    # Prepared the first time this database session met an article of one tag.
    assert executed == [["EXECUTE", "related_1_1_5(%s,"]] * 2
    assert statements.count(["PREPARE", "related_1_1_5"]) <= 1
