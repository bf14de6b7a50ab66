"""Refresh an article's search document whenever text search reads changes: the article, its
bylines and tags, and the names of its contributors, tags and source outlet."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from taggit.models import Tag

from . import index


def _deleting_article(origin):
    from articles.models import Article

    # The article's own deletion takes its bylines and tags with it, and its document too.
    return isinstance(origin, Article) or getattr(origin, "model", None) is Article


def article_saved(sender, instance, **kwargs):
    index.refresh([instance.pk])


def byline_changed(sender, instance, origin=None, **kwargs):
    if not _deleting_article(origin):
        index.refresh([instance.article_id])


def tagged_item_changed(sender, instance, origin=None, raw=False, created=None, **kwargs):
    # Saves through taggit announce themselves with m2m_changed; raw saves (a revision
    # restored, a fixture) do not.
    if created is not None and not raw:
        return
    if not _deleting_article(origin):
        index.refresh([instance.content_object_id])


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    index.refresh((pk_set or []) if reverse else [instance.pk])


def remember_name_change(sender, instance, raw=False, **kwargs):
    instance._search_name_changed = bool(
        instance.pk
        and not raw
        and sender.objects.filter(pk=instance.pk).exclude(name=instance.name).exists()
    )


def name_saved(sender, instance, **kwargs):
    if not getattr(instance, "_search_name_changed", False):
        return
    for ids in index.id_batches(articles_named_by(instance)):
        index.refresh(ids)


def articles_named_by(instance):
    from articles.models import Article, Contributor

    if isinstance(instance, Contributor):
        return Article.objects.filter(bylines__contributor=instance).distinct()
    if isinstance(instance, Tag):
        return Article.objects.filter(tags=instance)
    return Article.objects.filter(source=instance)


def connect():
    from articles.models import Article, Byline, Contributor, SourceOutlet

    post_save.connect(article_saved, sender=Article, dispatch_uid="search-article")
    for signal in (post_save, post_delete):
        signal.connect(byline_changed, sender=Byline, dispatch_uid=f"search-byline-{signal}")
        signal.connect(
            tagged_item_changed, sender=Article.tags.through, dispatch_uid=f"search-tagged-{signal}"
        )
    m2m_changed.connect(tags_changed, sender=Article.tags.through, dispatch_uid="search-tags")
    for model in (Contributor, SourceOutlet, Tag):
        pre_save.connect(remember_name_change, sender=model, dispatch_uid=f"search-name-{model}")
        post_save.connect(name_saved, sender=model, dispatch_uid=f"search-named-{model}")
