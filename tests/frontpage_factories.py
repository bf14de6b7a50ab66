"""Builders for front pages: pages, blocks, entries and topics."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from frontpage import layouts
from frontpage.models import Block, Page, SlotEntry, Topic, TopicArticle
from tests.factories import make_article, make_section


def home_page():
    return Page.objects.home().get()


def home_block(name):
    return Block.objects.get(page__kind=Page.Kind.HOME, name=name)


def make_block(page, name="推荐", style=Block.Style.LIST, size=5, **fields):
    position = fields.pop("position", page.blocks.count() + 10)
    return Block.objects.create(
        page=page, name=name, style=style, size=size, position=position, **fields
    )


def section_page(section):
    page = Page.objects.create(kind=Page.Kind.SECTION, section=section)
    layouts.add_default_blocks(page)
    return page


def make_topic(title="专题", slug=None, **fields):
    topic = Topic.objects.create(
        title=title, slug=slug or f"topic-{Topic.objects.count() + 1}", **fields
    )
    layouts.create_topic_page(topic)
    return topic


def choose(topic, *articles):
    for article in articles:
        TopicArticle.objects.create(topic=topic, article=article)


def place(block, article, position=None, **fields):
    if position is None:
        position = block.entries.count()
    return SlotEntry.objects.create(block=block, article=article, position=position, **fields)


def article_in_state(state, section=None, **fields):
    """An article as each workflow state leaves it (a deleted one is made as a draft: only
    drafts and articles in review can be deleted)."""
    now = timezone.now()
    status, when = {
        "draft": (Article.Status.DRAFT, None),
        "deleted": (Article.Status.DRAFT, None),
        "in_review": (Article.Status.IN_REVIEW, None),
        "scheduled": (Article.Status.PUBLISHED, now + timedelta(days=1)),
        "live": (Article.Status.PUBLISHED, now - timedelta(hours=1)),
        "withdrawn": (Article.Status.WITHDRAWN, now - timedelta(days=1)),
    }[state]
    return make_article(section or make_section(), status=status, published_at=when, **fields)


ARTICLE_STATES = ["draft", "in_review", "scheduled", "live", "withdrawn", "deleted"]


def curate_url(page):
    return reverse("admin:frontpage_page_curate", args=[page.pk])
