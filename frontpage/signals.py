"""Invalidate the cached pages a front-page change shows, once it commits; and tell the page
cache when a slot's window opens or closes next, since no save announces that."""

from contextlib import suppress

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from articles import page_keys as article_page_keys
from articles.models import Article
from pagecache import expiry, invalidation
from pagecache.invalidation import invalidate_on_commit

from .models import Block, Page, SlotEntry, Topic, TopicArticle
from .page_keys import (
    PAGES,
    SECTION_PREFIX,
    page_keys,
    shows_slots,
    topic_key,
    topic_keys,
)


def next_slot_change():
    return SlotEntry.objects.next_change_after(timezone.now())


def front_page_changed(sender, instance, raw=False, **kwargs):
    """A page, block or entry: the page it belongs to (nothing left to invalidate when the
    page itself is gone, deleted with its section or topic)."""
    if raw:
        return
    if sender is Page:
        pages = Page.objects.filter(pk=instance.pk)
    elif sender is Block:
        pages = Page.objects.filter(pk=instance.page_id)
    else:
        pages = Page.objects.filter(blocks=instance.block_id)
    page = pages.select_related("section", "topic").first()
    if page is None and sender is Page:
        page = instance
    with suppress(ObjectDoesNotExist):
        invalidate_on_commit(page_keys(page) if page else set())


def topic_before_save(sender, instance, raw=False, **kwargs):
    stored = Topic.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    instance._slug_before = stored


def topic_changed(sender, instance, raw=False, **kwargs):
    keys = topic_keys(instance, getattr(instance, "_slug_before", None))
    # The site map (/sitemap/) lists every topic.
    invalidate_on_commit({*keys, article_page_keys.SITEMAPS})


def topic_article_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        slug = Topic.objects.filter(pk=instance.topic_id).values_list("slug", flat=True).first()
        invalidate_on_commit({topic_key(slug)} if slug else set())


def pages_showing(article_id, tag_ids=None):
    """The front pages and topics that may show the article: where it is placed, the topics
    that chose it or list its tags."""
    pages = Page.objects.filter(blocks__entries__article_id=article_id).select_related(
        "section", "topic"
    )
    keys = set()
    for page in pages:
        keys |= page_keys(page)
    tags = Article.tags.through.objects.filter(content_object_id=article_id).values("tag_id")
    in_topic = Q(chosen__article_id=article_id) | Q(tag__in=tags)
    if tag_ids:
        in_topic |= Q(tag__in=tag_ids)
    keys.update(map(topic_key, Topic.objects.filter(in_topic).values_list("slug", flat=True)))
    return keys


def article_changed(sender, instance, raw=False, created=False, **kwargs):
    # A new article is on no page and in no topic yet, and has no tags to list it by.
    if not raw and not created:
        invalidate_on_commit(pages_showing(instance.pk))


def article_tags_changed(sender, instance, action, pk_set, reverse=False, **kwargs):
    if not reverse and action in ("pre_clear", "post_add", "post_remove"):
        invalidate_on_commit(pages_showing(instance.pk, pk_set))


def pages_falling_back(keys):
    """The section and topic pages with a block filled from a section whose listing is among
    `keys`: they show its newest articles too."""
    paths = {key.removeprefix(SECTION_PREFIX) for key in keys if key.startswith(SECTION_PREFIX)}
    if not paths:
        return set()
    pages = (
        Page.objects.exclude(kind=Page.Kind.HOME)
        .filter(blocks__fallback=Block.Fallback.SECTION, blocks__fallback_section__path__in=paths)
        .select_related("section", "topic")
        .distinct()
    )
    found = set()
    for page in pages:
        with suppress(ObjectDoesNotExist):
            found |= page_keys(page)
    return found


def connect():
    article_page_keys.NAMESPACES["frontpage"] = PAGES
    expiry.register(next_slot_change, concerns=shows_slots)
    invalidation.register_expansion(pages_falling_back)
    for model in (Page, Block, SlotEntry):
        uid = f"frontpage-{model.__name__}"
        post_save.connect(front_page_changed, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(front_page_changed, sender=model, dispatch_uid=f"{uid}-deleted")
    pre_save.connect(topic_before_save, sender=Topic, dispatch_uid="frontpage-topic-before")
    post_save.connect(topic_changed, sender=Topic, dispatch_uid="frontpage-topic-saved")
    post_delete.connect(topic_changed, sender=Topic, dispatch_uid="frontpage-topic-deleted")
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(topic_article_changed, sender=TopicArticle, dispatch_uid=f"fp-ta-{name}")
    post_save.connect(article_changed, sender=Article, dispatch_uid="frontpage-article-saved")
    m2m_changed.connect(
        article_tags_changed, sender=Article.tags.through, dispatch_uid="frontpage-article-tags"
    )
