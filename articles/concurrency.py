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
    """Everyone who changed the article since `opened_version`: who, when and what they did
    (saved, published…, from the revisions), and the changes in between."""
    from . import revisions

    newer, base = revisions.since(article, opened_version)
    return {
        "events": [
            {
                "by": version.revision.user,
                "at": version.revision.date_created,
                "did": version.revision.get_comment(),
            }
            for version in newer
        ],
        "at": newer[-1].revision.date_created if newer else article.updated_at,
        "changes": revisions.diff(base, newer[-1]) if base and newer else [],
        # The article's fields as this editor opened them (None when that version was never
        # recorded): what tells their own edits from the fields they left alone.
        "opened": base.field_dict if base else None,
    }
