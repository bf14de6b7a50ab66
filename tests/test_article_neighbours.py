"""Previous and next article in the section, on the article page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def section_articles():
    news, sport = make_section("新闻", "news"), make_section("体育", "sport")
    now = timezone.now()
    at = {n: now - timedelta(hours=10 - n) for n in range(10)}
    made = {
        "oldest": make_article(news, headline="最早", published_at=at[1]),
        "older": make_article(news, headline="较早", published_at=at[3]),
        "draft": make_article(news, headline="草稿", status=Article.Status.DRAFT),
        "withdrawn": make_article(
            news, headline="撤稿", status=Article.Status.WITHDRAWN, published_at=at[4]
        ),
        "other section": make_article(sport, headline="体育稿", published_at=at[4]),
        "middle": make_article(news, headline="中间", published_at=at[5]),
        "same time": make_article(news, headline="同一时刻", published_at=at[5]),
        "newer": make_article(news, headline="较新", published_at=at[7]),
        "scheduled": make_article(news, headline="定时", published_at=now + timedelta(hours=1)),
    }
    return made


def pager(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    found = re.search(r'<nav class="article-pager".*?</nav>', html, re.S)
    if not found:
        return {}
    return dict(
        re.findall(r'class="pager-(previous|next)">.*?<a href="[^"]*">([^<]*)</a>', found.group())
    )


def test_previous_is_the_next_older_and_next_the_next_newer_published_in_the_section(
    client, section_articles
):
    assert pager(client, section_articles["older"]) == {"previous": "最早", "next": "中间"}


def test_articles_published_at_the_same_second_follow_each_other_by_id(client, section_articles):
    assert pager(client, section_articles["middle"]) == {"previous": "较早", "next": "同一时刻"}
    assert pager(client, section_articles["same time"]) == {"previous": "中间", "next": "较新"}


def test_the_oldest_has_no_previous_and_the_newest_no_next(client, section_articles):
    assert pager(client, section_articles["oldest"]) == {"next": "较早"}
    assert pager(client, section_articles["newer"]) == {"previous": "同一时刻"}


def test_an_article_alone_in_its_section_has_no_pager(client, section_articles):
    assert pager(client, section_articles["other section"]) == {}


def test_a_preview_of_a_draft_has_no_pager(client, section_articles):
    client.force_login(make_staff("editor", "编辑"))
    response = client.get(f"/preview/{section_articles['draft'].pk}/")
    assert response.status_code == 200
    assert 'class="article-pager"' not in response.content.decode()


def test_neighbours_and_related_articles_are_one_query(section_articles, django_assert_num_queries):
    article = Article.objects.with_credits().get(pk=section_articles["middle"].pk)
    with django_assert_num_queries(1):
        related, previous, following = Article.objects.related_and_adjacent(article, 5)
        names = [other.section.name for other in related]
    assert (previous.headline, following.headline) == ("较早", "同一时刻")
    assert names == ["新闻"] * 4
