"""Front pages are public content: a change to them makes cached pages stale (a slot's window
opening or closing bounds a page's life in the cache: see `fresh_until` in views.py)."""

from django.db.models.signals import post_delete, post_save

from articles.signals import content_changed

from .models import Block, Page, SlotEntry, Topic, TopicArticle

SHOWN_ON_PUBLIC_PAGES = (Page, Block, SlotEntry, Topic, TopicArticle)


def connect():
    for model in SHOWN_ON_PUBLIC_PAGES:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"frontpage-save-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"frontpage-delete-{model}")
