"""What readers see in the blocks of the home, section and topic pages: only live articles in
their slot's window, per-slot text, fallbacks, and no article twice on a page."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from frontpage.models import Block, SlotEntry
from tests.factories import make_article, make_image, make_section, page_text
from tests.frontpage_factories import (
    ARTICLE_STATES,
    article_in_state,
    choose,
    home_block,
    home_page,
    make_block,
    make_topic,
    place,
    section_page,
)

pytestmark = pytest.mark.django_db


def block_articles(response, name):
    for item in response.context["blocks"]:
        if item.block.name == name:
            return item.articles
    raise AssertionError(f"no block {name}")


@pytest.fixture
def pages():
    """A curated block without fallback on each kind of page, with the page's URL."""
    news = make_section("新闻", "news")
    topic = make_topic("城市更新", "city-renewal")
    return {
        "home": (make_block(home_block("头条").page, "编辑推荐"), "/"),
        "section": (make_block(section_page(news), "编辑推荐"), "/news/"),
        "topic": (make_block(topic.front_page, "编辑推荐"), "/topics/city-renewal/"),
        "news": news,
        "topic_object": topic,
    }


@pytest.mark.parametrize("kind", ["home", "section", "topic"])
@pytest.mark.parametrize("state", ARTICLE_STATES)
def test_only_a_live_article_shows_in_a_slot_on_every_page_kind(client, pages, kind, state):
    block, url = pages[kind]
    article = article_in_state(state, pages["news"], headline="槽位里的文章")
    choose(pages["topic_object"], article)
    place(block, article, title="槽位标题")
    if state == "deleted":
        article.delete()
        assert not SlotEntry.objects.exists()
    response = client.get(url)
    assert response.status_code == 200
    shown = block_articles(response, "编辑推荐")
    if state == "live":
        assert [a.headline for a in shown] == ["槽位里的文章"]
        assert "槽位标题" in page_text(response)
    else:
        assert shown == []
        assert "槽位标题" not in page_text(response)
        assert "槽位里的文章" not in page_text(response)


def test_a_hidden_article_gives_its_place_to_the_next_entry_then_the_fallback(client):
    lead = home_block("要闻")
    lead.size = 3
    lead.save()
    now = timezone.now()
    newest = make_article(published_at=now - timedelta(minutes=1), headline="最新")
    older = make_article(published_at=now - timedelta(days=3), headline="较早")
    withdrawn = article_in_state("withdrawn", headline="已撤稿")
    draft = article_in_state("draft", headline="草稿")
    place(lead, withdrawn, 0)
    place(lead, older, 1)
    place(lead, draft, 2)
    response = client.get("/")
    # 头条 falls back to the newest; 要闻 shows its live entry, then the next newest.
    assert block_articles(response, "头条") == [newest]
    assert [a.headline for a in block_articles(response, "要闻")] == ["较早"]


def test_fallbacks_fill_the_remaining_places_without_repeating_an_article(client):
    now = timezone.now()
    made = [make_article(published_at=now - timedelta(minutes=n)) for n in range(12)]
    chosen = make_article(published_at=now - timedelta(days=30), headline="编辑选的")
    place(home_block("要闻"), chosen)
    response = client.get("/")
    lead = block_articles(response, "头条")
    latest = block_articles(response, "要闻")
    assert lead == made[:1]
    assert latest == [chosen, *made[1:10]]
    assert len({a.pk for a in lead + latest}) == 11


def test_a_block_without_fallback_shows_only_what_editors_place(client, pages):
    block, url = pages["section"]
    make_article(pages["news"])
    assert block_articles(client.get(url), "编辑推荐") == []


def test_a_block_falls_back_to_the_section_it_names(client):
    sports = make_section("体育", "sports")
    football = make_section("足球", "football", parent=sports)
    other = make_article(make_section(), published_at=timezone.now())
    in_sports = make_article(football)
    page = home_block("头条").page
    make_block(
        page, "体育", fallback=Block.Fallback.SECTION, fallback_section=sports, size=3, position=0
    )
    response = client.get("/")
    assert block_articles(response, "体育") == [in_sports]
    assert block_articles(response, "头条") == [other]
    # A section with its own block gets no automatic one.
    assert [item.block.name for item in response.context["blocks"]].count("体育") == 1


def test_the_picture_block_falls_back_to_articles_with_a_lead_image(client):
    picture = make_image()
    with_picture = make_article(lead_image=picture, published_at=timezone.now() - timedelta(days=1))
    make_article(published_at=timezone.now())
    response = client.get("/")
    assert block_articles(response, "焦点图") == [with_picture]


def test_per_slot_title_summary_and_picture_show_on_the_front_page_only(client):
    own_picture = make_image(title="槽位图片")
    article = make_article(
        headline="文章自己的很长很长的标题", summary="文章自己的摘要", published_at=timezone.now()
    )
    place(home_block("头条"), article, title="短标题", summary="槽位导语", image=own_picture)
    html = client.get("/").content.decode()
    assert "短标题" in html and "槽位导语" in html
    assert own_picture.renditions_of("lead", "jpeg")[0].url in html
    assert "文章自己的很长很长的标题" not in html
    article_page = page_text(client.get(article.get_absolute_url()))
    assert "文章自己的很长很长的标题" in article_page and "短标题" not in article_page


def test_the_lead_shows_its_summary_and_the_articles_lead_image(client):
    picture = make_image()
    article = make_article(summary="导语文字", lead_image=picture, published_at=timezone.now())
    html = client.get("/").content.decode()
    lead = html[html.index('class="lead-story') :]
    assert "导语文字" in lead[:2000]
    assert picture.renditions_of("lead", "webp")[0].url in lead[:2000]
    assert article.get_absolute_url() in lead[:2000]


@pytest.mark.parametrize(
    ("starts", "ends", "moment", "shown"),
    [
        (10, 20, 5, False),  # before its window
        (10, 20, 15, True),  # inside
        (10, 20, 25, False),  # after
        (10, None, 500, True),  # open-ended
        (None, 20, 5, True),  # from now until its end
        (None, 20, 20, False),  # the end itself is outside
    ],
)
def test_an_entry_shows_only_inside_its_window(client, starts, ends, moment, shown):
    start = timezone.now().replace(microsecond=0)
    at = {None: None}
    block = home_block("头条")
    block.fallback = Block.Fallback.NONE
    block.save()
    article = make_article(published_at=start - timedelta(days=1), headline="定时头条")
    at = {m: start + timedelta(minutes=m) for m in (starts, ends) if m is not None}
    place(block, article, starts_at=at.get(starts), ends_at=at.get(ends))
    with time_machine.travel(start + timedelta(minutes=moment), tick=False):
        response = client.get("/")
    assert (block_articles(response, "头条") == [article]) is shown


def test_a_scheduled_article_shows_in_its_slot_once_it_goes_live(client):
    start = timezone.now()
    article = make_article(published_at=start + timedelta(hours=2), headline="定时发布")
    place(home_block("头条"), article)
    assert block_articles(client.get("/"), "头条") != [article]
    with time_machine.travel(start + timedelta(hours=3)):
        assert block_articles(client.get("/"), "头条") == [article]


def test_section_page_shows_pinned_articles_first_and_the_list_without_them(client):
    news = make_section("新闻", "news")
    page = section_page(news)
    now = timezone.now()
    made = [make_article(news, published_at=now - timedelta(minutes=n)) for n in range(4)]
    pinned = Block.objects.get(page=page, name="置顶")
    place(pinned, made[2])
    response = client.get("/news/")
    assert block_articles(response, "置顶") == [made[2]]
    assert list(response.context["page_obj"]) == [made[0], made[1], made[3]]
    html = response.content.decode()
    assert html.index(made[2].get_absolute_url()) < html.index(made[0].get_absolute_url())


def test_a_section_without_a_page_lists_its_articles_as_before(client):
    news = make_section("新闻", "news")
    article = make_article(news)
    response = client.get("/news/")
    assert response.context["blocks"] == []
    assert list(response.context["page_obj"]) == [article]


def test_the_home_page_carries_an_item_list_of_its_lead_articles(client):
    lead = make_article(published_at=timezone.now(), headline="头条文章")
    place(home_block("头条"), lead, title="头条短题")
    response = client.get("/")
    data = response.context["structured_data"]
    assert data["@type"] == "ItemList"
    first = data["itemListElement"][0]
    assert first == {
        "@type": "ListItem",
        "position": 1,
        "url": "http://testserver" + lead.get_absolute_url(),
        "name": "头条短题",
    }
    assert '"@type": "ItemList"' in response.content.decode()


def test_an_entry_must_end_after_it_starts():
    from django.core.exceptions import ValidationError

    now = timezone.now()
    entry = SlotEntry(
        block=home_block("头条"),
        article=make_article(),
        starts_at=now,
        ends_at=now - timedelta(minutes=1),
    )
    with pytest.raises(ValidationError) as refused:
        entry.full_clean()
    assert "ends_at" in refused.value.message_dict


def test_published_at_a_time_is_the_one_definition_of_live():
    now = timezone.now()
    later = make_article(published_at=now + timedelta(hours=1))
    assert later not in Article.objects.published()
    assert later in Article.objects.published(now + timedelta(hours=2))


def test_the_page_cache_never_serves_a_page_past_the_next_slot_change(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = timezone.now()
    block = home_block("头条")
    block.fallback = Block.Fallback.NONE
    block.save()
    article = make_article(published_at=start - timedelta(days=1), headline="七点的头条")
    window = {"starts_at": start + timedelta(minutes=2), "ends_at": start + timedelta(hours=5)}
    place(block, article, title="七点头条槽位", **window)
    with time_machine.travel(start, tick=False):
        assert block_articles(client.get("/"), "头条") == []
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        with CaptureQueriesContext(connection) as queries:
            cached = client.get("/")
        assert len(queries) == 0 and "七点头条槽位" not in cached.content.decode()
    with time_machine.travel(start + timedelta(minutes=2, seconds=1), tick=False):
        assert "七点头条槽位" in client.get("/").content.decode()
    with time_machine.travel(start + timedelta(hours=4, minutes=59), tick=False):
        client.get("/")
    with time_machine.travel(start + timedelta(hours=5, seconds=1), tick=False):
        assert "七点头条槽位" not in client.get("/").content.decode()


def test_only_the_slots_that_print_a_picture_read_its_renditions(client):
    from frontpage import pages

    now = timezone.now()
    section = make_section("武汉", "wuhan")
    pictured = [
        make_article(section, lead_image=make_image(), published_at=now - timedelta(hours=n))
        for n in range(1, 30)
    ]
    titles = make_block(home_page(), "标题", style=Block.Style.TITLES, size=3)
    place(titles, pictured[-1], image=make_image())
    place(home_block("要闻"), pictured[-2], image=make_image())
    place(home_block("要闻"), pictured[-3])
    filled = pages.home_blocks(pages.active_roots())
    read = {
        (
            item.block.style,
            slot.entry is not None,
            "renditions" not in slot.image.get_deferred_fields(),
        )
        for item in filled
        for slot in item.slots
    }
    # Placed and fallback slots of the blocks printing pictures; of the titles blocks, none.
    assert read == {
        ("lead", False, True),
        ("pictures", False, True),
        ("list", True, True),
        ("list", False, True),
        ("titles", True, False),
        ("titles", False, False),
    }
    html = client.get("/").content.decode()
    assert pictured[-2].lead_image.renditions_of("teaser", "webp")[0].url not in html
    assert SlotEntry.objects.get(article=pictured[-2]).image.renditions_of("teaser")[0].url in html
