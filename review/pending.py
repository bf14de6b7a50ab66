"""Pending changes to a published article: kept as a revision, live only once signed off.

Editing works on the pending text as if it were stored: inside `overlay`, the database holds the
article with its pending changes applied; everything written there is rolled back when it ends
(callbacks waiting for the commit, such as page-cache invalidation, are dropped with it), and what
the edit wrote is kept as the new pending revision. Readers never see any of it.
"""

from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils import timezone
from reversion.errors import RevertError

from articles import revisions
from articles.models import Article

from .models import PendingRevision

# Restoring content never brings back these: they belong to the live article's workflow.
WORKFLOW_FIELDS = (
    "status",
    "published_at",
    "responsible_editor_id",
    "created_at",
    "created_by_id",
    "version",
)


class Overlay:
    """What an edit inside `overlay` leaves behind: the rows it wrote and its comment."""

    def __init__(self, article, pending, user):
        self.article = article
        self.user = user
        self.pending = pending
        self.captured = None
        self.comment = ""
        self.version = None
        self.after = []  # steps to take once the overlay is rolled back

    def capture(self, article, comment, note):
        self.captured = revisions.serialize(article)
        self.comment = comment
        self.note = note
        self.version = Article.objects.filter(pk=article.pk).values_list("version", flat=True)[0]


def apply_revision(article, revision):
    """Write a revision's content (article, bylines, tags) over the article, keeping its workflow
    fields. Raises RevertError/IntegrityError when the revision cannot be applied."""
    kept = Article.objects.filter(pk=article.pk).values(*WORKFLOW_FIELDS).get()
    revision.revert(delete=True)
    Article.objects.filter(pk=article.pk).update(**kept)


class _RollBack(Exception):
    """Ends the overlay's inner block, undoing what was written in it."""


@contextmanager
def overlay(article, user=None, lock=False):
    with transaction.atomic():
        if lock:
            # Held until the end: nobody can save between the edit and storing its result.
            Article.objects.select_for_update().filter(pk=article.pk).exists()
        pending = PendingRevision.objects.filter(article=article).select_related("revision").first()
        state = Overlay(article, pending, user)
        try:
            # An atomic block (not a bare savepoint): rolling it back also drops the callbacks
            # registered in it, such as the page cache's invalidation.
            with transaction.atomic():
                if pending is not None:
                    apply_revision(article, pending.revision)
                yield state
                raise _RollBack
        except _RollBack:
            pass
        if state.captured is not None:
            Article.objects.filter(pk=article.pk).update(version=state.version)
            _store(article, state)


def propose(article, user, change, comment):
    """Run `change()` on the article's pending text and keep the result as its pending changes."""
    with overlay(article, user, lock=True) as state:
        kept = Article.objects.filter(pk=article.pk).values(*WORKFLOW_FIELDS).get()
        change()
        Article.objects.filter(pk=article.pk).update(**{**kept, "version": kept["version"] + 1})
        state.capture(article, comment, comment)
    return state


def _store(article, state):
    from articles.models import Transition

    user = state.user
    revisions.ensure_baseline(article)
    revision = revisions.store(state.captured, user, state.comment)
    now = timezone.now()
    if state.pending is None:
        live = revisions.history(article).exclude(revision=revision).first()
        PendingRevision.objects.create(
            article=article,
            revision=revision,
            live_revision=live.revision if live else None,
            proposed_by=user,
            proposed_at=now,
            updated_by=user,
            updated_at=now,
        )
    else:
        PendingRevision.objects.filter(article=article).update(
            revision=revision, updated_by=user, updated_at=now
        )
    stored = Article.objects.get(pk=article.pk)
    Transition.objects.create(
        article=stored,
        action=Transition.Action.PROPOSE,
        actor=user,
        from_state=stored.status,
        to_state=stored.status,
        note=state.note,
    )


def sign_off(article):
    """Bring the pending changes live (inside the caller's transaction); return their revision."""
    pending = PendingRevision.objects.select_related("revision").get(article=article)
    try:
        apply_revision(article, pending.revision)
    except (RevertError, IntegrityError) as failure:
        raise ValueError(str(failure)) from failure
    pending.delete()
    return pending.revision


def discard(article):
    PendingRevision.objects.filter(article=article).delete()
