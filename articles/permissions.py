"""Who may do what to which article.

The admin's views, forms and bulk actions and the workflow service all ask these functions, so a
direct POST is judged by the same rules as the buttons that are shown. Review chains (三审,
`review.chains`) say who acts at each stage; this module applies them to every step.
"""

from django.db.models import Q

from review import chains

from .models import Article, Transition
from .steps import STAGE_STEPS, STEPS

S = Article.Status
A = Transition.Action


def is_editor(user):
    """Editors see and edit every article; which steps they take depends on the chain's stages."""
    return user.is_active and user.has_perm("articles.publish_article")


def is_credited(user, article):
    # Asked several times per admin page (visibility, editability, buttons, inlines): one query
    # per user and article object. A new request loads a new object, so the answer is never stale.
    known = article.__dict__.setdefault("_credited", {})
    if user.pk not in known:
        known[user.pk] = article.bylines.filter(contributor__user_id=user.pk).exists()
    return known[user.pk]


def _acts(user, stage, article):
    """Whether the user acts at the stage. Where no chain applies at all (the default one was
    deleted), editors review and sign off alone, as before chains existed."""
    if stage is None and not chains.stages_of(article):
        return is_editor(user)
    return chains.acts_at(user, stage, article)


def is_reviewer(user, article):
    """Acts at some stage of the article's chain (for its section)."""
    stages = chains.stages_of(article) or [None]
    return any(_acts(user, stage, article) for stage in stages)


def is_signer(user, article):
    """May sign off (签发): acts at the last stage of the article's chain."""
    return _acts(user, chains.last_stage(article), article)


def acts_at_current_stage(user, article):
    return article.status == S.IN_REVIEW and _acts(user, chains.current_stage(article), article)


def can_view(user, article):
    return (
        is_editor(user)
        or article.created_by_id == user.pk
        or is_credited(user, article)
        or acts_at_current_stage(user, article)
    )


def is_author(user, article):
    """May work on the article as its writer: created it, or is a reporter credited on it."""
    if article.created_by_id == user.pk:
        return True
    return user.has_perm("articles.change_credited_article") and is_credited(user, article)


def is_writer_of(user, article):
    """Edits the article while it is a draft (whatever its state now)."""
    return user.has_perm("articles.change_article") and is_author(user, article)


def can_edit(user, article):
    """Editors edit any article in any state (a published one through pending changes unless
    `edit_goes_live`); a reviewer the article waits for edits it; writers only their drafts."""
    if is_editor(user) or acts_at_current_stage(user, article):
        return True
    return article.status == S.DRAFT and is_writer_of(user, article)


def edit_goes_live(user, article, pending=None):
    """Whether a save reaches readers at once. A published (or scheduled, or withdrawn) article's
    edits wait for sign-off, unless whoever may sign off makes a fast fix (the chain allows it
    and no changes are pending already)."""
    if not article.has_been_published():
        return True
    chain, _stages = chains.chain_of(article)
    if chain is None:
        return is_editor(user)
    if pending is None:
        pending = has_pending_changes(article)
    return chain.allow_fast_fix and not pending and is_signer(user, article)


def has_pending_changes(article):
    known = article.__dict__.get("_pending")
    if known is None:
        known = article.__dict__["_pending"] = article.pk is not None and (
            type(article).objects.filter(pk=article.pk, pending_revision__isnull=False).exists()
        )
    return known


def may_publish_own_draft(user, article):
    """An article its author could pass through every stage alone (an editor's own new article
    on a one-stage chain) is signed off directly: nobody submits to themselves."""
    stages = chains.stages_of(article) or [None]
    return is_author(user, article) and all(_acts(user, stage, article) for stage in stages)


def may_attempt(user, article, action):
    """Whether the user's role allows the action on this article at all, whatever its state."""
    action = A(action)
    if action == A.SUBMIT:
        return is_editor(user) or is_writer_of(user, article)
    if action in STAGE_STEPS:
        return is_reviewer(user, article)
    if action in (A.PUBLISH, A.SCHEDULE):
        return is_signer(user, article) or may_publish_own_draft(user, article)
    return is_signer(user, article)  # SIGNER_STEPS


def in_starting_state(user, article, action):
    """Whether the article's state (and the stage it waits at) lets this user take the step."""
    action = A(action)
    step = STEPS[action]
    if article.status not in step.sources:
        return False
    if action in STAGE_STEPS:
        stage = chains.current_stage(article)
        if not _acts(user, stage, article):
            return False
        return action == A.RETURN or (
            stage is not None and chains.next_stage(article, stage) is not None
        )
    if action in (A.PUBLISH, A.SCHEDULE):
        if article.status == S.DRAFT:
            return may_publish_own_draft(user, article)
        if article.status == S.IN_REVIEW:
            stage = chains.current_stage(article)
            return stage == chains.last_stage(article) and _acts(user, stage, article)
        return action == A.PUBLISH and not article.is_public()  # publish a scheduled one now
    if action == A.RESCHEDULE:
        return not article.is_public()
    if action in (A.APPROVE_CHANGES, A.DISCARD_CHANGES):
        return has_pending_changes(article)
    return True


def can_transition(user, article, action):
    return may_attempt(user, article, action) and in_starting_state(user, article, action)


def can_correct(user, article):
    return is_signer(user, article) and article.is_public()


def visible_articles(user, queryset):
    """Editors see everything; others what they wrote or are credited on, and what waits at a
    stage where they act."""
    if is_editor(user):
        return queryset
    waiting = chains.waiting_for(user) & Q(status=S.IN_REVIEW)
    return queryset.filter(Article.objects.author_condition(user) | waiting)
