"""Every public page runs a fixed number of queries, however many bylines, tags, sections, articles
or pictures (lead images, teasers and galleries) it shows."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pictures.models import GalleryPicture
from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_image,
    make_outlet,
    make_role,
    make_section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded():
    """Twelve top-level sections with sub-sections, 30 articles with 6 bylines, 5 tags and a
    credited lead image each; the first has a gallery of four pictures too."""
    outlets = [make_outlet(f"媒体{n}") for n in range(3)]
    roles = [make_role(f"角色{n}") for n in range(3)]
    people = [make_contributor(f"作者{n}", outlets[n % 3]) for n in range(6)]
    roots = [make_section(f"栏目{n}", f"root-{n}") for n in range(12)]
    children = [
        make_section(f"子栏目{n}", f"child-{n}", parent=root) for n, root in enumerate(roots)
    ]
    pictures = [
        make_image(size=(400, 300), credit_contributor=people[n], copyright_holder=outlets[n % 3])
        for n in range(4)
    ]
    now = timezone.now()
    articles = []
    for n in range(30):
        article = make_article(
            children[n % 12],
            source=outlets[n % 3],
            published_at=now - timedelta(minutes=n + 1),
            lead_image=pictures[n % 4],
        )
        for position, person in enumerate(people):
            add_byline(article, person, roles[position % 3], position)
        article.tags.add(*[f"标签{(n + k) % 9}" for k in range(5)])
        articles.append(article)
    for position, picture in enumerate(pictures):
        GalleryPicture.objects.create(article=articles[0], image=picture, position=position)
    make_article(children[0], published_at=now + timedelta(days=1))
    return {"articles": articles, "roots": roots, "people": people, "outlets": outlets}


def test_article_page_runs_at_most_8_queries(client, crowded, django_assert_max_num_queries):
    # A process's first article page compiles its reads (articles/prepared.py): Django's
    # prefetch runs the bylines' read once then, for a stand-in article. The budget is per page.
    client.get(crowded["articles"][1].get_absolute_url())
    with django_assert_max_num_queries(8):
        response = client.get(crowded["articles"][0].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('href="/contributors/') == 6
    # The lead image and the four gallery pictures, each with its renditions.
    assert html.count("<picture>") == 5 and html.count("srcset=") == 10


def test_home_runs_at_most_12_queries(client, crowded):
    response = client.get("/")
    assert count_queries(client, "/") <= 12
    # 头条, 焦点图, 要闻, 专题 and the twelve sections' blocks.
    assert len(response.context["blocks"]) == 4 + 12
    assert response.content.decode().count('class="teaser-picture"') >= 10


def test_section_page_runs_at_most_10_queries(client, crowded, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get("/root-0/")
    assert len(response.context["page_obj"]) == 3
    assert response.content.decode().count('class="teaser-picture"') == 3


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
    # Listings read what their teasers print (no bylines or tags), the contributor's roles too.
    # On SQLite a tag page first asks how common its tag is (`ArticleQuerySet.tagged`).
    tag_budget = 6 if connection.vendor == "sqlite" else 5
    budget = {"tag": tag_budget, "contributor": 6, "outlet": 5}.get(page, 10)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200


def grow(site, articles, credits):
    """Add `articles` articles (each under a new top-level section too) with `credits` bylines,
    tags and gallery pictures each and a lead image, all sharing the site's section, outlet,
    contributor and tag."""
    now = timezone.now()
    featured = None
    for n in range(articles):
        root = make_section()
        for section in (site["section"], make_section(parent=root)):
            article = make_article(
                section,
                source=site["outlet"],
                published_at=now - timedelta(minutes=len(site["made"]) + 1),
                lead_image=site["pictures"][0],
            )
            add_byline(article, site["person"], site["role"], 0)
            for k in range(credits):
                GalleryPicture.objects.create(
                    article=article, image=site["pictures"][k], position=k
                )
            for k in range(credits):
                add_byline(
                    article, make_contributor(affiliation=site["outlet"]), make_role(), k + 1
                )
            article.tags.add("共同标签", *[f"标签{n}-{k}" for k in range(credits)])
            site["made"].append(article)
            featured = featured or article
    return featured


def count_queries(client, url):
    """The queries of a render, less PostgreSQL's `PREPARE`s: one per connection and query shape
    (`articles/prepared.py`), not per render."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return sum(not query["sql"].startswith("PREPARE ") for query in queries.captured_queries)


def test_query_counts_are_the_same_for_a_small_and_a_large_site(client):
    outlet = make_outlet()
    site = {
        "outlet": outlet,
        "section": make_section("新闻", "news"),
        "person": make_contributor("胡弦", outlet),
        "role": make_role("记者"),
        "pictures": [
            make_image(size=(300, 200), credit_contributor=make_contributor()) for _ in range(6)
        ],
        "made": [],
    }
    fixed_urls = [
        "/",
        "/news/",
        "/tags/%E5%85%B1%E5%90%8C%E6%A0%87%E7%AD%BE/",
        site["person"].get_absolute_url(),
        outlet.get_absolute_url(),
        "/feeds/rss.xml",
        "/feeds/news/atom.xml",
        "/sitemap.xml",
        "/sitemap-sections.xml",
        "/sitemap-articles.xml",
        "/sitemap-outlets.xml",
        "/news-sitemap.xml",
    ]
    small_article = grow(site, articles=1, credits=1)
    small = [count_queries(client, url) for url in [*fixed_urls, small_article.get_absolute_url()]]
    large_article = grow(site, articles=8, credits=6)
    large = [count_queries(client, url) for url in [*fixed_urls, large_article.get_absolute_url()]]
    assert large == small


def fill_every_block(crowded):
    """Every home block filled: entries with their own pictures in 头条, 焦点图 and 要闻, a block
    of its own for each of the twelve sections, open topics, and a section and a topic page."""
    from frontpage.models import Block
    from tests.frontpage_factories import (
        choose,
        home_block,
        make_block,
        make_topic,
        place,
        section_page,
    )

    articles, roots = crowded["articles"], crowded["roots"]
    own_picture = make_image(size=(400, 300))
    for name, count in (("头条", 1), ("焦点图", 4), ("要闻", 6)):
        for n in range(count):
            place(home_block(name), articles[n + 3], title=f"槽位{n}", image=own_picture)
    page = home_block("头条").page
    for root in roots:
        block = make_block(
            page,
            root.name,
            Block.Style.TITLES,
            fallback=Block.Fallback.SECTION,
            fallback_section=root,
        )
        place(block, articles[roots.index(root)])
    for n in range(5):
        choose(make_topic(f"专题{n}", f"topic-{n}"), *articles[n : n + 12])
    pinned = section_page(roots[0]).blocks.get(name="置顶")
    place(pinned, articles[0])
    topic = make_topic("有版块的专题", "with-blocks")
    choose(topic, *articles)
    for block in topic.front_page.blocks.all():
        place(block, articles[block.position])


def test_home_with_every_block_filled_runs_at_most_12_queries(client, crowded):
    fill_every_block(crowded)
    response = client.get("/")
    assert count_queries(client, "/") <= 12
    blocks = response.context["blocks"]
    assert len(blocks) == 4 + 12 and all(item.slots or item.topics for item in blocks)
    assert response.content.decode().count("槽位") >= 11


@pytest.mark.parametrize(("url", "budget"), [("/root-0/", 13), ("/topics/with-blocks/", 13)])
def test_curated_section_and_topic_pages_run_a_fixed_number_of_queries(
    client, crowded, url, budget
):
    fill_every_block(crowded)
    response = client.get(url)
    assert count_queries(client, url) <= budget
    assert any(item.slots for item in response.context["blocks"])


def test_front_page_query_counts_do_not_grow_with_blocks_and_entries(client, crowded):
    from tests.frontpage_factories import home_block, make_block, place

    urls = ["/", "/root-0/", "/topics/with-blocks/"]
    fill_every_block(crowded)
    before = [count_queries(client, url) for url in urls]
    page = home_block("头条").page
    for n in range(5):
        block = make_block(page, f"更多{n}", size=8)
        for article in crowded["articles"][n : n + 8]:
            place(block, article)
    place(home_block("要闻"), crowded["articles"][20])
    assert [count_queries(client, url) for url in urls] == before
