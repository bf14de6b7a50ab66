"""The one place where an article changes state.

A transition checks the rules in `permissions`, writes the article (bumping its version, so an
editor's open form sees the change), records a log entry and a revision, in one transaction.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.errors import RevertError

from . import permissions, revisions
from .concurrency import claim_version
from .models import Article, Correction, Transition

A = Transition.Action
NOTE_REQUIRED = {
    A.RETURN: gettext_lazy("Say what the author should change."),
    A.WITHDRAW: gettext_lazy("Give the reason for the withdrawal."),
}


# Restoring a revision brings back content, never these.
WORKFLOW_FIELDS = (
    "status",
    "published_at",
    "responsible_editor_id",
    "created_at",
    "created_by_id",
    "version",
)


class TransitionRefused(Exception):
    """The action is not possible on the article in its current state (or lacks a note)."""


class NotAllowed(TransitionRefused):
    """The user's role does not allow the action on this article."""


def perform(article, user, action, note="", publish_at=None):
    """Carry out a workflow action; return the log entry. `article` is refreshed afterwards."""
    action = A(action)
    note = note.strip()
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        _check(user, current, action, note)
        revisions.ensure_baseline(current)
        target = permissions.TRANSITIONS[action][1]
        from_state = current.status
        current.status = target
        now = timezone.now()
        if action == A.PUBLISH:
            current.published_at = now
        elif action in (A.SCHEDULE, A.RESCHEDULE):
            if publish_at is None or publish_at <= now:
                raise TransitionRefused(_("Choose a publish time in the future."))
            if action == A.RESCHEDULE:
                note = _moved_note(current.published_at, publish_at, note)
            current.published_at = publish_at
        elif action == A.REPUBLISH:
            current.published_at = current.published_at or now
        if target == Article.Status.PUBLISHED and current.responsible_editor_id is None:
            current.responsible_editor = user
        claim_version(current, current.version)
        current.save()
        entry = Transition.objects.create(
            article=current,
            action=action,
            actor=user,
            at=now,
            from_state=from_state,
            to_state=target,
            note=note,
        )
        revisions.record(current, user, entry.get_action_display())
    article.refresh_from_db()
    return entry


def publish_imported(article, note):
    """Publish a draft an import brought in, at its captured time.

    The system acts here, not a user: no permission check and no actor, but the same log entry.
    Runs inside the import's transaction; the caller has saved the article and bumped its version.
    """
    if article.status != Article.Status.DRAFT:
        raise TransitionRefused(
            _("the article is %(state)s; it was updated, not published")
            % {"state": article.get_status_display()}
        )
    from_state = article.status
    article.status = Article.Status.PUBLISHED
    Article.objects.filter(pk=article.pk).update(status=article.status)
    return Transition.objects.create(
        article=article,
        action=A.PUBLISH,
        actor=None,
        at=article.published_at,
        from_state=from_state,
        to_state=article.status,
        note=note,
    )


def log_imported_time_change(article, before, note):
    """Log that a re-import moved a published article's time (readers see it move). The system
    acts here, as in publish_imported: no actor. Runs inside the import's transaction."""
    return _log(article, None, A.RESCHEDULE, _moved_note(before, article.published_at, note))


def add_correction(article, user, text):
    text = text.strip()
    if not permissions.is_editor(user):
        raise NotAllowed(_("Only editors attach corrections."))
    if not article.is_public():
        raise TransitionRefused(_("Corrections are attached to published articles only."))
    if not text:
        raise TransitionRefused(_("Write the correction."))
    with transaction.atomic():
        revisions.ensure_baseline(article)
        correction = Correction.objects.create(article=article, text=text, created_by=user)
        entry = _log(article, user, A.CORRECT, text)
        revisions.record(article, user, f"{entry.get_action_display()}: {text}")
    return correction


def restore(article, user, version):
    """Bring back the content of an older revision (bylines and tags too) as a new revision.

    The workflow state is kept: restoring text never publishes or unpublishes anything.
    """
    if not permissions.can_edit(user, article):
        raise NotAllowed(_("You may not edit this article."))
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        revisions.ensure_baseline(current)
        kept = {field: getattr(current, field) for field in WORKFLOW_FIELDS}
        missing = revisions.missing_references(version)
        if missing:
            raise TransitionRefused(
                _(
                    "This revision cannot be restored: it refers to %(missing)s, deleted since. "
                    "Nothing was changed."
                )
                % {"missing": "、".join(missing)}
            )
        try:
            version.revision.revert(delete=True)
        except (RevertError, IntegrityError, ObjectDoesNotExist) as failure:
            raise TransitionRefused(
                _("This revision cannot be restored: %(reason)s. Nothing was changed.")
                % {"reason": failure}
            ) from failure
        Article.objects.filter(pk=current.pk).update(**kept)
        claim_version(current, current.version)
        current.refresh_from_db()
        when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
        note = _("Restored the revision of %(when)s.") % {"when": when}
        _log(current, user, A.RESTORE, note)
        revisions.record(current, user, note)
    article.refresh_from_db()


def _check(user, article, action, note):
    if not permissions.may_attempt(user, article, action):
        raise NotAllowed(_("You may not do this to this article."))
    if not permissions.in_starting_state(article, action):
        raise TransitionRefused(
            _("“%(article)s” is %(state)s, so it cannot be %(action)s.")
            % {
                "article": article,
                "action": action.label,
                "state": article.state_label(),
            }
        )
    if action in NOTE_REQUIRED and not note:
        raise TransitionRefused(NOTE_REQUIRED[action])


def _moved_note(old, new, note):
    moved = _("Publish time moved from %(old)s to %(new)s.") % {
        "old": timezone.localtime(old).strftime("%Y-%m-%d %H:%M"),
        "new": timezone.localtime(new).strftime("%Y-%m-%d %H:%M"),
    }
    return f"{moved}\n{note}" if note else moved


def _log(article, user, action, note):
    return Transition.objects.create(
        article=article,
        action=action,
        actor=user,
        from_state=article.status,
        to_state=article.status,
        note=note,
    )
