"""Every role x action x state, by direct requests to the admin's URLs.

Each cell says what must happen: `done` (the action took effect), `forbidden` (403, nothing
changed), `kept` (a writer's save after their draft moved on: 409, nothing changed, what they typed
shown again), `refused` (the role may, the state may not: back to the article with an error, nothing
changed) or `hidden` (the article does not exist for this user: 404, or the admin's redirect home).
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles import permissions, revisions, roles
from articles.models import Article, Correction, Transition
from tests.factories import (
    add_byline,
    change_form_data,
    make_article,
    make_contributor,
    make_role,
    make_staff,
)

pytestmark = pytest.mark.django_db

ACTIONS = (
    "edit",
    "submit",
    "return",
    "publish",
    "schedule",
    "reschedule",
    "withdraw",
    "republish",
    "correct",
    "restore",
    "delete",
)
WRITER_DRAFT = (
    "done done forbidden forbidden forbidden forbidden forbidden forbidden forbidden done forbidden"
)
WRITER_LATER = (
    "kept refused forbidden forbidden forbidden forbidden forbidden forbidden forbidden forbidden "
    "forbidden"
)
READER_ONLY = " ".join(["forbidden"] * len(ACTIONS))
# Django refuses a delete to whoever lacks the permission before looking the article up.
NOT_SEEN = " ".join(["hidden"] * (len(ACTIONS) - 1) + ["forbidden"])
# Deleting is for what readers never saw; a published article is withdrawn instead.
EDITOR = {
    "draft": "done done refused refused refused refused refused refused refused done done",
    "in_review": "done refused done done done refused refused refused refused done done",
    "scheduled": "done refused refused done refused done done refused refused done forbidden",
    "published": "done refused refused refused refused refused done refused done done forbidden",
    "withdrawn": "done refused refused refused refused refused refused done refused done forbidden",
}
STATES = tuple(EDITOR)
EXPECTED = {
    "intern_author": {s: WRITER_DRAFT if s == "draft" else WRITER_LATER for s in STATES},
    "reporter_credited": {s: WRITER_DRAFT if s == "draft" else WRITER_LATER for s in STATES},
    "intern_credited": dict.fromkeys(STATES, READER_ONLY),
    "reporter_other": dict.fromkeys(STATES, NOT_SEEN),
    "intern_other": dict.fromkeys(STATES, NOT_SEEN),
    "editor": EDITOR,
    "superuser": EDITOR,
}
CELLS = [
    (role, state, action, outcome)
    for role, by_state in EXPECTED.items()
    for state, row in by_state.items()
    for action, outcome in zip(ACTIONS, row.split(), strict=True)
]
TARGET = {
    "submit": Article.Status.IN_REVIEW,
    "return": Article.Status.DRAFT,
    "publish": Article.Status.PUBLISHED,
    "schedule": Article.Status.PUBLISHED,
    "reschedule": Article.Status.PUBLISHED,
    "withdraw": Article.Status.WITHDRAWN,
    "republish": Article.Status.PUBLISHED,
}


def make_case(role, state):
    author = make_staff("intern_author", roles.INTERN)
    users = {"intern_author": author}
    users["reporter_credited"] = make_staff("reporter_credited", roles.REPORTER)
    users["intern_credited"] = make_staff("intern_credited", roles.INTERN)
    if role == "reporter_other":
        users[role] = make_staff(role, roles.REPORTER)
    elif role == "intern_other":
        users[role] = make_staff(role, roles.INTERN)
    elif role == "editor":
        users[role] = make_staff(role, roles.EDITOR)
    elif role == "superuser":
        users[role] = make_staff(role, is_superuser=True)
    now = timezone.now()
    status, published_at = {
        "draft": (Article.Status.DRAFT, None),
        "in_review": (Article.Status.IN_REVIEW, None),
        "scheduled": (Article.Status.PUBLISHED, now + timedelta(days=1)),
        "published": (Article.Status.PUBLISHED, now - timedelta(hours=1)),
        "withdrawn": (Article.Status.WITHDRAWN, now - timedelta(days=1)),
    }[state]
    article = make_article(
        status=status, published_at=published_at, created_by=author, headline="最初的标题"
    )
    role_reporter, role_intern = make_role("记者"), make_role("实习生")
    add_byline(article, make_contributor("胡弦", user=users["reporter_credited"]), role_reporter)
    add_byline(article, make_contributor("吴佳怡", user=users["intern_credited"]), role_intern)
    # A revision to restore: the headline as it was before a later change.
    revisions.record(article, author, "first version")
    Article.objects.filter(pk=article.pk).update(headline="后来的标题")
    article.refresh_from_db()
    article.headline_before = "最初的标题"
    return users[role], article


def request(client, article, action):
    if action == "edit":
        url = reverse("admin:articles_article_change", args=[article.pk])
        return client.post(url, change_form_data(article, headline="改过的标题"))
    if action == "correct":
        url = reverse("admin:articles_article_correct", args=[article.pk])
        return client.post(url, {"text": "更正：时间应为7月29日。"})
    if action == "delete":
        url = reverse("admin:articles_article_delete", args=[article.pk])
        return client.post(url, {"post": "yes"})
    if action == "restore":
        version = revisions.history(article).get()
        url = reverse("admin:articles_article_revision_restore", args=[article.pk, version.pk])
        return client.post(url)
    url = reverse("admin:articles_article_transition", args=[article.pk, action])
    return client.post(url, {"note": "说明", "publish_at": LATER.strftime("%Y-%m-%dT%H:%M")})


LATER = timezone.localtime() + timedelta(days=2)


def stored(article):
    fresh = Article.objects.get(pk=article.pk)
    return (
        fresh.status,
        fresh.headline,
        fresh.published_at,
        fresh.version,
        Transition.objects.filter(article=article).count(),
        Correction.objects.filter(article=article).count(),
    )


@pytest.mark.parametrize(("role", "state", "action", "outcome"), CELLS)
def test_role_action_state(client, role, state, action, outcome):
    user, article = make_case(role, state)
    before = stored(article)
    client.force_login(user)
    response = request(client, article, action)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    fresh = Article.objects.filter(pk=article.pk).first()

    if outcome == "done":
        assert response.status_code == 302
        if action == "delete":
            assert fresh is None
            assert response.url == reverse("admin:articles_article_changelist")
        elif action == "edit":
            assert fresh.headline == "改过的标题"
            assert fresh.version == article.version + 1
        elif action == "correct":
            assert fresh.corrections.get().text == "更正：时间应为7月29日。"
        elif action == "restore":
            assert (fresh.headline, fresh.status) == (article.headline_before, article.status)
            assert fresh.published_at == article.published_at
            assert fresh.transitions.get().action == "restore"
        else:
            assert response.url == change_url
            assert fresh.status == TARGET[action]
            assert fresh.transitions.get().action == action
            assert fresh.is_public() == (action in ("publish", "republish"))
            if action in ("schedule", "reschedule"):
                assert timezone.localtime(fresh.published_at).strftime("%Y-%m-%d %H:%M") == (
                    LATER.strftime("%Y-%m-%d %H:%M")
                )
        return

    assert stored(article) == before
    if outcome == "forbidden":
        assert response.status_code == 403
    elif outcome == "kept":
        assert response.status_code == 409
        assert "改过的标题" in response.content.decode()
    elif outcome == "refused":
        assert response.status_code == 302
        assert response.url == change_url
        assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    elif action == "edit":
        assert response.status_code == 302
        assert response.url == reverse("admin:index")
    else:
        assert response.status_code == 404


def test_the_matrix_covers_every_role_state_and_action():
    assert len(CELLS) == 7 * 5 * 11


@pytest.mark.parametrize("state", STATES)
def test_intern_reaches_no_page_of_someone_elses_article(client, state):
    intern, article = make_case("intern_other", state)
    client.force_login(intern)
    for view in ("change", "history", "revisions"):
        response = client.get(reverse(f"admin:articles_article_{view}", args=[article.pk]))
        assert response.status_code in (302, 403, 404), view
        if response.status_code == 302:
            assert response.url == reverse("admin:index"), view
    assert client.get(f"/preview/{article.pk}/").status_code == 404
    if state != "published":  # a published article is everyone's to read
        assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("state", ("in_review", "published", "withdrawn"))
@pytest.mark.parametrize(
    "role", ("intern_author", "intern_other", "reporter_credited", "reporter_other")
)
def test_writers_bulk_actions_by_post_change_nothing(client, state, role):
    writer, article = make_case(role, state)
    before = stored(article)
    client.force_login(writer)
    changelist = reverse("admin:articles_article_changelist")
    selected = {"_selected_action": [article.pk], "reason": "重复稿件", "apply": "1"}
    for action in ("publish_selected", "withdraw_selected", "delete_selected"):
        client.post(changelist, {"action": action, "post": "yes", **selected})
    assert stored(article) == before


def test_credit_is_looked_up_once_per_user_and_article(django_assert_num_queries):
    reporter, article = make_case("reporter_credited", "draft")
    reporter = type(reporter).objects.get(pk=reporter.pk)
    reporter.get_all_permissions()  # the permission cache is not what is measured
    with django_assert_num_queries(1):
        for _ in range(3):
            assert permissions.can_edit(reporter, article)
            assert permissions.can_view(reporter, article)


def test_bulk_delete_refuses_a_selection_holding_a_published_article_and_deletes_nothing(client):
    editor, draft = make_case("editor", "draft")
    live = make_article(headline="已发布的稿件")
    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")
    selected = {"_selected_action": [draft.pk, live.pk], "action": "delete_selected"}
    response = client.post(changelist, {**selected, "post": "yes"}, follow=True)
    assert Article.objects.filter(pk__in=[draft.pk, live.pk]).count() == 2
    (message,) = [m for m in get_messages(response.wsgi_request)]
    assert message.level_tag == "error"
    assert "1" in str(message)


def test_bulk_delete_of_drafts_asks_for_confirmation_then_deletes_them(client):
    editor, draft = make_case("editor", "draft")
    in_review = make_article(status=Article.Status.IN_REVIEW, published_at=None)
    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")
    selected = {"_selected_action": [draft.pk, in_review.pk], "action": "delete_selected"}
    confirmation = client.post(changelist, selected)
    assert confirmation.status_code == 200 and Article.objects.filter(pk=draft.pk).exists()
    client.post(changelist, {**selected, "post": "yes"})
    assert not Article.objects.filter(pk__in=[draft.pk, in_review.pk]).exists()
