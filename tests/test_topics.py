"""专题: a topic's page, its articles (chosen or by tag), feeds, sitemap, closed topics, and the
article page naming its topics."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import roles
from frontpage.models import Block, Page, Topic
from tests.factories import make_article, make_section, make_staff, page_text
from tests.frontpage_factories import article_in_state, choose, home_block, make_topic, place

pytestmark = pytest.mark.django_db


def listed(response):
    shown = [slot.article for item in response.context["blocks"] for slot in item.slots]
    return shown + list(response.context["page_obj"])


def test_a_topic_page_shows_its_chosen_articles_readers_may_see(client):
    topic = make_topic("城市更新", "city-renewal", introduction="专题导语")
    live = make_article(headline="已发布")
    hidden = [article_in_state(state) for state in ("draft", "scheduled", "withdrawn")]
    make_article(headline="不在专题里")
    choose(topic, live, *hidden)
    response = client.get("/topics/city-renewal/")
    assert response.status_code == 200
    assert listed(response) == [live]
    text = page_text(response)
    assert "城市更新" in text and "专题导语" in text and "不在专题里" not in text


def test_a_topic_by_tag_lists_every_published_article_carrying_it(client):
    tag = Tag.objects.create(name="防汛", slug="fangxun")
    make_topic("防汛", "flood", selection=Topic.Selection.TAG, tag=tag)
    now = timezone.now()
    tagged = [make_article(published_at=now - timedelta(minutes=n)) for n in range(3)]
    for article in tagged:
        article.tags.add(tag)
    article_in_state("draft").tags.add(tag)
    make_article()
    assert listed(client.get("/topics/flood/")) == tagged


def test_a_topic_by_tag_must_name_its_tag():
    with pytest.raises(ValidationError) as refused:
        Topic(title="无标签", slug="no-tag", selection=Topic.Selection.TAG).full_clean()
    assert "tag" in refused.value.message_dict


def test_a_topic_page_has_its_own_blocks_then_the_rest_without_repeats(client):
    topic = make_topic("城市更新", "city-renewal")
    now = timezone.now()
    made = [make_article(published_at=now - timedelta(hours=n)) for n in range(8)]
    choose(topic, *made)
    depth = topic.front_page.blocks.get(name="深度")
    place(depth, made[7], title="深度报道槽位")
    response = client.get("/topics/city-renewal/")
    names = [item.block.name for item in response.context["blocks"]]
    assert names == ["最新", "深度", "评论"]
    blocks = {item.block.name: item.articles for item in response.context["blocks"]}
    assert blocks["最新"] == made[:5] and blocks["深度"] == [made[7]]
    assert list(response.context["page_obj"]) == made[5:7]
    assert "深度报道槽位" in page_text(response)
    data = response.context["structured_data"]
    assert data["@type"] == "ItemList" and data["numberOfItems"] == 6


def test_a_closed_topic_stays_online_but_leaves_the_home_page(client):
    open_topic = make_topic("进行中的专题", "open-one")
    closed = make_topic("已结束的专题", "closed-one", is_closed=True)
    choose(closed, make_article())
    home = client.get("/")
    topics = [item.topics for item in home.context["blocks"] if item.block.name == "专题"][0]
    assert topics == [open_topic]
    response = client.get("/topics/closed-one/")
    assert response.status_code == 200 and "已结束" in page_text(response)


def test_a_topic_has_rss_and_atom_feeds_of_its_articles(client):
    topic = make_topic("城市更新", "city-renewal")
    chosen = make_article(headline="专题里的文章")
    choose(topic, chosen, article_in_state("draft", headline="草稿"))
    make_article(headline="专题外的文章")
    rss = client.get(reverse("frontpage:topic_feed_rss", args=["city-renewal"]))
    atom = client.get(reverse("frontpage:topic_feed_atom", args=["city-renewal"]))
    assert rss.status_code == atom.status_code == 200
    titles = [t.text for t in ElementTree.fromstring(rss.content).iter("title")]
    assert titles == ["荆楚网 · 城市更新", "专题里的文章"]
    assert b"<feed" in atom.content and "专题里的文章" in atom.content.decode()
    assert client.get("/topics/no-such/rss.xml").status_code == 404
    assert (
        'href="/topics/city-renewal/rss.xml"'
        in client.get("/topics/city-renewal/").content.decode()
    )


def test_the_sitemap_lists_every_topic(client):
    make_topic("城市更新", "city-renewal")
    make_topic("已结束", "closed-one", is_closed=True)
    text = client.get("/sitemap-topics.xml").content.decode()
    assert "/topics/city-renewal/" in text and "/topics/closed-one/" in text


def test_an_article_page_names_its_topics(client):
    tag = Tag.objects.create(name="防汛", slug="fangxun")
    chosen_in = make_topic("城市更新", "city-renewal")
    by_tag = make_topic("防汛", "flood", selection=Topic.Selection.TAG, tag=tag)
    make_topic("无关专题", "other")
    article = make_article()
    article.tags.add(tag)
    choose(chosen_in, article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="/topics/city-renewal/"' in html and 'href="/topics/flood/"' in html
    assert "/topics/other/" not in html
    alone = make_article()
    assert "/topics/" not in client.get(alone.get_absolute_url()).content.decode()
    assert by_tag.articles().get() == article


def test_topics_path_without_a_topic_is_the_section_of_that_path(client):
    topics = make_section("专题", "topics")
    games = make_section("军运会", "games", parent=topics)
    article = make_article(games, headline="军运会报道")
    response = client.get("/topics/games/")
    assert response.status_code == 200 and response.context["section"] == games
    assert list(response.context["page_obj"]) == [article]
    assert client.get("/topics/none/").status_code == 404


def test_an_editor_creating_a_topic_gets_its_page_with_default_blocks(client):
    editor = make_staff("editor", roles.EDITOR)
    client.force_login(editor)
    response = client.post(
        reverse("admin:frontpage_topic_add"),
        {
            "title": "新专题",
            "slug": "new-topic",
            "introduction": "",
            "selection": "chosen",
            "chosen-TOTAL_FORMS": "0",
            "chosen-INITIAL_FORMS": "0",
            "chosen-MIN_NUM_FORMS": "0",
            "chosen-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = Page.objects.get(topic__slug="new-topic")
    assert [(b.name, b.fallback) for b in page.blocks.all()] == [
        ("最新", Block.Fallback.PAGE),
        ("深度", Block.Fallback.NONE),
        ("评论", Block.Fallback.NONE),
    ]


def test_the_home_topic_block_links_open_topics(client):
    make_topic("城市更新", "city-renewal")
    html = client.get("/").content.decode()
    assert 'href="/topics/city-renewal/"' in html
    assert home_block("专题").style == Block.Style.TOPICS
