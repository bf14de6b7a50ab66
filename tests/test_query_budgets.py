"""Every public page runs a fixed number of queries, however many bylines, tags, sections or articles."""

import pytest
from django.utils import timezone

from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded():
    """Twelve top-level sections with sub-sections, 30 articles with 6 bylines and 5 tags each."""
    outlets = [make_outlet(f"媒体{n}") for n in range(3)]
    roles = [make_role(f"角色{n}") for n in range(3)]
    people = [make_contributor(f"作者{n}", outlets[n % 3]) for n in range(6)]
    roots = [make_section(f"栏目{n}", f"root-{n}") for n in range(12)]
    children = [
        make_section(f"子栏目{n}", f"child-{n}", parent=root) for n, root in enumerate(roots)
    ]
    now = timezone.now()
    articles = []
    for n in range(30):
        article = make_article(
            children[n % 12],
            source=outlets[n % 3],
            published_at=now - timezone.timedelta(minutes=n + 1),
        )
        for position, person in enumerate(people):
            add_byline(article, person, roles[position % 3], position)
        article.tags.add(*[f"标签{(n + k) % 9}" for k in range(5)])
        articles.append(article)
    make_article(children[0], published_at=now + timezone.timedelta(days=1))
    return {"articles": articles, "roots": roots, "people": people, "outlets": outlets}


def test_article_page_runs_at_most_8_queries(client, crowded, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(crowded["articles"][0].get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('href="/contributors/') == 6


def test_home_runs_at_most_10_queries(client, crowded, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert len(response.context["blocks"]) == 12


def test_section_page_runs_at_most_10_queries(client, crowded, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get("/root-0/")
    assert len(response.context["page_obj"]) == 3


@pytest.mark.parametrize(
    "page", ["tag", "contributor", "outlet", "rss", "atom", "sitemap", "articles", "news"]
)
def test_other_listings_run_a_fixed_number_of_queries(
    client, crowded, page, django_assert_max_num_queries
):
    url = {
        "tag": "/tags/%E6%A0%87%E7%AD%BE1/",
        "contributor": crowded["people"][0].get_absolute_url(),
        "outlet": crowded["outlets"][0].get_absolute_url(),
        "rss": "/feeds/rss.xml",
        "atom": "/feeds/root-1/atom.xml",
        "sitemap": "/sitemap.xml",
        "articles": "/sitemap-articles.xml",
        "news": "/news-sitemap.xml",
    }[page]
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
