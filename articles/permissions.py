"""Who may do what to which article.

The admin's views, forms and bulk actions and the workflow service all ask these functions, so a
direct POST is judged by the same rules as the buttons that are shown.
"""

from .models import Article, Transition

S = Article.Status
A = Transition.Action

# action: (states it starts from, state it leads to)
TRANSITIONS = {
    A.SUBMIT: ((S.DRAFT,), S.IN_REVIEW),
    A.RETURN: ((S.IN_REVIEW,), S.DRAFT),
    # From published only while scheduled: "publish now" instead of waiting for the time.
    A.PUBLISH: ((S.IN_REVIEW, S.PUBLISHED), S.PUBLISHED),
    A.SCHEDULE: ((S.IN_REVIEW,), S.PUBLISHED),
    # Only while still scheduled: moving a live article's time would hide it from readers.
    A.RESCHEDULE: ((S.PUBLISHED,), S.PUBLISHED),
    A.WITHDRAW: ((S.PUBLISHED,), S.WITHDRAWN),
    A.REPUBLISH: ((S.WITHDRAWN,), S.PUBLISHED),
}
WRITER_ACTIONS = {A.SUBMIT}


def is_editor(user):
    return user.is_active and user.has_perm("articles.publish_article")


def is_credited(user, article):
    # Asked several times per admin page (visibility, editability, buttons, inlines): one query
    # per user and article object. A new request loads a new object, so the answer is never stale.
    known = article.__dict__.setdefault("_credited", {})
    if user.pk not in known:
        known[user.pk] = article.bylines.filter(contributor__user_id=user.pk).exists()
    return known[user.pk]


def can_view(user, article):
    return is_editor(user) or article.created_by_id == user.pk or is_credited(user, article)


def is_author(user, article):
    """May work on the article as its writer: created it, or is a reporter credited on it."""
    if article.created_by_id == user.pk:
        return True
    return user.has_perm("articles.change_credited_article") and is_credited(user, article)


def is_writer_of(user, article):
    """Edits the article while it is a draft (whatever its state now)."""
    return user.has_perm("articles.change_article") and is_author(user, article)


def can_edit(user, article):
    """Editors edit any article in any state; writers only their own drafts."""
    if is_editor(user):
        return True
    return article.status == S.DRAFT and is_writer_of(user, article)


def may_attempt(user, article, action):
    """Whether the user's role allows the action on this article at all, whatever its state."""
    if action in WRITER_ACTIONS:
        return is_editor(user) or is_writer_of(user, article)
    return is_editor(user)


def in_starting_state(article, action):
    sources, _target = TRANSITIONS[action]
    if action in (A.PUBLISH, A.RESCHEDULE) and article.is_public():
        return False
    return article.status in sources


def can_transition(user, article, action):
    return in_starting_state(article, action) and may_attempt(user, article, action)


def can_correct(user, article):
    return is_editor(user) and article.is_public()


def visible_articles(user, queryset):
    if is_editor(user):
        return queryset
    return queryset.by_author(user)
