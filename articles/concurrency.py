"""Optimistic concurrency: a save only goes through if nobody saved since the editor opened the form."""

from django.db.models import F

from .models import Article


class StaleEdit(Exception):
    """Someone else saved the article after this editor opened it."""


def claim_version(article, expected):
    """Move the article from version `expected` to the next one, or refuse.

    The version is compared inside the UPDATE itself, so two concurrent saves that both opened
    version `expected` cannot both pass: the database lets exactly one row update happen, and the
    row stays locked until the winner's transaction ends.
    """
    claimed = Article.objects.filter(pk=article.pk, version=expected).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit(article.pk)
    article.version = expected + 1


def describe_conflict(article, opened_version):
    """Who saved since `opened_version`, when, and what they changed (from the revisions)."""
    from . import revisions

    latest = revisions.history(article).first()
    base = revisions.version_at(article, opened_version)
    return {
        "by": latest.revision.user if latest else None,
        "at": latest.revision.date_created if latest else article.updated_at,
        "changes": revisions.diff(base, latest) if base and latest else [],
    }
