"""Invalidate the public page cache whenever something a reader can see changes."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from taggit.models import Tag

from pictures.models import GalleryPicture, Image

from . import page_cache, tags
from .models import (
    Article,
    Byline,
    BylineRole,
    Contributor,
    CopyrightNotice,
    Correction,
    Section,
    SitePage,
    SourceOutlet,
    TaggedArticle,
)

SHOWN_ON_PUBLIC_PAGES = (
    Article,
    Byline,
    BylineRole,
    Contributor,
    CopyrightNotice,
    Correction,
    GalleryPicture,
    Image,
    Section,
    SitePage,
    SourceOutlet,
    Tag,
    TaggedArticle,
)


def content_changed(sender, **kwargs):
    # After commit: a page rendered between the bump and the commit would show the old content
    # under the new generation and stay stale until it expires.
    transaction.on_commit(page_cache.bump_generation)


def connect():
    pre_save.connect(tags.fill_in_slug, sender=Tag, dispatch_uid="tag-slug")
    for model in SHOWN_ON_PUBLIC_PAGES:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{model}")
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"page-cache-delete-{model}"
        )
    m2m_changed.connect(
        content_changed, sender=Article.tags.through, dispatch_uid="page-cache-article-tags"
    )
