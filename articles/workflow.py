"""The one place where an article changes state.

A transition checks the rules in `permissions`, writes the article (bumping its version, so an
editor's open form sees the change), records a log entry and a revision, in one transaction.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, router, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from reversion.errors import RevertError

from review import chains, pending, wordcheck
from review.models import Acknowledgement, ReviewState, SignOff

from . import permissions, revisions
from .concurrency import claim_version
from .models import Article, Correction, Transition
from .steps import STEPS

A = Transition.Action
S = Article.Status

# Restoring a revision brings back content, never these.
WORKFLOW_FIELDS = pending.WORKFLOW_FIELDS


class TransitionRefused(Exception):
    """The action is not possible on the article in its current state (or lacks a note)."""


class NotAllowed(TransitionRefused):
    """The user's role does not allow the action on this article."""


def perform(article, user, action, note="", publish_at=None, acknowledged=()):
    """Carry out a workflow action; return the log entry. `article` is refreshed afterwards.

    `acknowledged`: the review-level word hits (`FieldHit.key`) the user has looked at and lets
    pass; a step at a stage needs every such hit acknowledged, and each is logged.
    """
    action = A(action)
    step = STEPS[action]
    note = note.strip()
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        _check(user, current, action, note)
        revisions.ensure_baseline(current)
        stage = chains.current_stage(current) if current.status == S.IN_REVIEW else None
        first_stage = (chains.stages_of(current) or [None])[0]
        if action == A.APPROVE_CHANGES:
            _apply_pending(current)
        acknowledgements = _checked_words(current, step, acknowledged)
        from_state = current.status
        target = step.target or current.status
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
        # The 责编 is whoever reviewed at the first stage, unless someone chose one.
        first_review = (action == A.PASS and stage == first_stage) or (
            step.signs_off and stage in (None, first_stage) and from_state != S.PUBLISHED
        )
        if current.responsible_editor_id is None and (
            first_review or target == S.PUBLISHED and action != A.APPROVE_CHANGES
        ):
            current.responsible_editor = user
        claim_version(current, current.version)
        current.save()
        _move_stage(current, action, stage, now)
        entry = Transition.objects.create(
            article=current,
            action=action,
            actor=user,
            at=now,
            from_state=from_state,
            to_state=target,
            note=_stage_note(action, stage, current, note),
            stage=stage.name if stage else "",
        )
        Acknowledgement.objects.bulk_create(
            Acknowledgement(
                transition=entry,
                word=hit.hit.word,
                category=hit.hit.category,
                field=hit.field,
                context=strip_tags(hit.context)[:200],
            )
            for hit in acknowledgements
        )
        revision = revisions.record(current, user, entry.get_action_display())
        if action == A.DISCARD_CHANGES:
            pending.discard(current)
        if step.signs_off:
            SignOff.objects.create(
                article=current,
                what=SIGN_OFF_KIND[action],
                signed_by=user,
                signed_at=now,
                revision=revision,
                transition=entry,
            )
    article.refresh_from_db()
    chains.forget(article)
    article.__dict__.pop("_pending", None)
    return entry


SIGN_OFF_KIND = {
    A.PUBLISH: SignOff.What.PUBLISH,
    A.SCHEDULE: SignOff.What.SCHEDULE,
    A.APPROVE_CHANGES: SignOff.What.CHANGES,
}


def _apply_pending(article):
    try:
        pending.sign_off(article)
    except ValueError as failure:
        raise TransitionRefused(
            _("The pending changes cannot be applied: %(reason)s. Nothing was changed.")
            % {"reason": failure}
        ) from failure
    article.refresh_from_db()


def _checked_words(article, step, acknowledged):
    """The word check at a review step: block-level hits refuse 签发, review-level hits must each be
    acknowledged. Returns the acknowledged hits, for the log."""
    if not (step.signs_off or step.action == A.PASS):
        return []
    hits = wordcheck.check(article)
    blocked = wordcheck.blocking(hits)
    if step.signs_off and blocked:
        raise TransitionRefused(
            _("Words that may not be published: %(hits)s. Change them before signing off.")
            % {"hits": wordcheck.describe(blocked)}
        )
    to_acknowledge = wordcheck.needing_acknowledgement(hits)
    missing = [hit for hit in to_acknowledge if hit.key not in set(acknowledged)]
    if missing:
        raise TransitionRefused(
            _("Look at each of these words and tick it to let it pass: %(hits)s.")
            % {"hits": wordcheck.describe(missing)}
        )
    return to_acknowledge


def _move_stage(article, action, stage, now):
    if action == A.SUBMIT:
        first = (chains.stages_of(article) or [None])[0]
        ReviewState.objects.update_or_create(
            article=article, defaults={"stage": first, "since": now}
        )
    elif action == A.PASS:
        following = chains.next_stage(article, stage)
        ReviewState.objects.update_or_create(
            article=article, defaults={"stage": following, "since": now}
        )
    elif article.status != S.IN_REVIEW:
        ReviewState.objects.filter(article=article).delete()
    chains.forget(article)


def _stage_note(action, stage, article, note):
    if action != A.PASS:
        return note
    following = chains.next_stage(article, stage) if stage else None
    moved = _("%(from)s → %(to)s") % {"from": stage.name, "to": following.name} if following else ""
    return f"{moved}\n{note}" if note and moved else moved or note


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
    # No person signs an import off, so words no reviewer may let through keep it a draft.
    blocked = wordcheck.blocking(wordcheck.check(article))
    if blocked:
        raise TransitionRefused(
            _("Words that may not be published: %(hits)s. It was left a draft.")
            % {"hits": wordcheck.describe(blocked)}
        )
    from_state = article.status
    article.status = Article.Status.PUBLISHED
    Article.objects.filter(pk=article.pk).update(status=article.status)
    # Written without a save, announced as one: the pages showing it (page cache, front pages)
    # and its search document follow as for an editor's publish.
    post_save.send(
        Article,
        instance=article,
        created=False,
        update_fields={"status"},
        raw=False,
        using=router.db_for_write(Article),
    )
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


def log_fast_fix(article, user, note):
    """A save that reached readers at once, by whoever may sign off: on record as such."""
    return _log(article, user, A.FAST_FIX, note)


def add_correction(article, user, text):
    text = text.strip()
    if not permissions.is_signer(user, article):
        raise NotAllowed(_("Only whoever may sign off attaches corrections."))
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
    missing = revisions.missing_references(version)
    if missing:
        raise TransitionRefused(
            _(
                "This revision cannot be restored: it refers to %(missing)s, deleted since. "
                "Nothing was changed."
            )
            % {"missing": "、".join(missing)}
        )
    when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M:%S")
    note = _("Restored the revision of %(when)s.") % {"when": when}
    if not permissions.edit_goes_live(user, article):
        # Readers keep the signed-off text: the restored one waits for sign-off.
        pending.propose(article, user, lambda: _revert(version), note)
        article.refresh_from_db()
        return
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        revisions.ensure_baseline(current)
        kept = {field: getattr(current, field) for field in WORKFLOW_FIELDS}
        _revert(version)
        Article.objects.filter(pk=current.pk).update(**kept)
        claim_version(current, current.version)
        current.refresh_from_db()
        _log(current, user, A.RESTORE, note)
        revisions.record(current, user, note)
    article.refresh_from_db()


def _revert(version):
    try:
        version.revision.revert(delete=True)
    except (RevertError, IntegrityError, ObjectDoesNotExist) as failure:
        raise TransitionRefused(
            _("This revision cannot be restored: %(reason)s. Nothing was changed.")
            % {"reason": failure}
        ) from failure


def _check(user, article, action, note):
    if not permissions.may_attempt(user, article, action):
        raise NotAllowed(_("You may not do this to this article."))
    if not permissions.in_starting_state(user, article, action):
        stage = chains.current_stage(article) if article.status == S.IN_REVIEW else None
        if stage is not None and not chains.acts_at(user, stage, article):
            raise TransitionRefused(
                _("“%(article)s” waits at %(stage)s, where you do not act.")
                % {"article": article, "stage": stage.name}
            )
        raise TransitionRefused(
            _("“%(article)s” is %(state)s, so it cannot be %(action)s.")
            % {"article": article, "action": action.label, "state": article.state_label()}
        )
    required = STEPS[action].note_required
    if required and not note:
        raise TransitionRefused(required)


def _moved_note(old, new, note):
    moved = _("Publish time moved from %(old)s to %(new)s.") % {
        "old": timezone.localtime(old).strftime("%Y-%m-%d %H:%M:%S"),
        "new": timezone.localtime(new).strftime("%Y-%m-%d %H:%M:%S"),
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
