"""`newest_per_section`: the newest articles of each of several sections, subtrees included,
in a fixed number of queries (the home page's blocks and the front page's fallback)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    news = make_section("新闻", "news")
    hubei = make_section("湖北", "hubei", parent=news)
    wuhan = make_section("武汉", "wuhan", parent=hubei)
    sports = make_section("体育", "sports")
    empty = make_section("空栏目", "empty")
    return {"news": news, "hubei": hubei, "wuhan": wuhan, "sports": sports, "empty": empty}


def publish(section, minutes_ago, **fields):
    return make_article(
        section, published_at=timezone.now() - timedelta(minutes=minutes_ago), **fields
    )


def headlines(articles):
    return [article.headline for article in articles]


def test_each_section_gets_its_newest_articles_from_its_whole_subtree(tree):
    publish(tree["news"], 1, headline="新闻1")
    publish(tree["wuhan"], 2, headline="武汉2")
    publish(tree["hubei"], 3, headline="湖北3")
    publish(tree["wuhan"], 4, headline="武汉4")
    publish(tree["sports"], 5, headline="体育5")
    sections = [tree["news"], tree["wuhan"], tree["sports"], tree["empty"]]

    blocks = Article.objects.published().newest_per_section(sections, 3)

    assert headlines(blocks[tree["news"]]) == ["新闻1", "武汉2", "湖北3"]
    assert headlines(blocks[tree["wuhan"]]) == ["武汉2", "武汉4"]
    assert headlines(blocks[tree["sports"]]) == ["体育5"]
    assert blocks[tree["empty"]] == []
    assert list(blocks) == sections


def test_an_article_in_two_blocks_is_read_once_and_shown_in_both(tree):
    shared = publish(tree["wuhan"], 1)

    blocks = Article.objects.published().newest_per_section([tree["news"], tree["wuhan"]], 5)

    assert blocks[tree["news"]] == [shared] and blocks[tree["wuhan"]] == [shared]
    assert blocks[tree["news"]][0] is blocks[tree["wuhan"]][0]


def test_only_what_the_queryset_holds_is_shown(tree):
    publish(tree["news"], 1, headline="已发布")
    publish(tree["news"], 2, headline="草稿", status=Article.Status.DRAFT)
    make_article(tree["news"], published_at=timezone.now() + timedelta(hours=1), headline="定时")

    blocks = Article.objects.published().newest_per_section([tree["news"]], 5)

    assert headlines(blocks[tree["news"]]) == ["已发布"]


def test_the_query_count_does_not_grow_with_sections_or_articles(tree, django_assert_num_queries):
    for n in range(12):
        publish([tree["news"], tree["wuhan"], tree["sports"]][n % 3], n + 1)
    sections = list(tree.values())

    # The section tree, the ids, the articles, and the queryset's own prefetches (bylines, tags).
    with django_assert_num_queries(5):
        blocks = Article.objects.published().with_credits().newest_per_section(sections, 2)
        for articles in blocks.values():
            for article in articles:
                list(article.bylines.all())
                article.section.name  # noqa: B018 (read to prove it costs no query)

    assert [len(articles) for articles in blocks.values()] == [2, 2, 2, 2, 0]


def test_no_sections_cost_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert Article.objects.published().newest_per_section([], 5) == {}
