"""Every role x action x state, through the change form's buttons, as editors use them.

For each cell the change page is opened (is the button shown?) and its button is clicked (the
form posted with `_workflow=<action>`), whether or not it was shown: a forged POST is judged
like a click. Each cell says what must happen: `done` (the step took effect), `pending` (an edit
of a published article waits for sign-off; readers keep the live text), `forbidden` (403,
nothing changed), `kept` (a writer's save after their draft moved on: 409, nothing changed, what
they typed shown again), `refused` (the role may, the state or stage may not: back to the
article with an error, nothing changed) or `hidden` (the article does not exist for this user:
404, or the admin's redirect home). A step's button is shown exactly where the cell is `done`.

Two chains: the default one the migration made (one stage, today's editors sign off) and a
three-stage 三审 chain (初审 editors, 复审 desk heads, 终审/签发 editors-in-chief), whose 复审 is also
given to a desk head for the article's section only, and to one for another section only.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import permissions, revisions, roles
from articles.models import Article, Correction, Transition
from review.models import PendingRevision, Reviewer, ReviewState
from tests.factories import (
    add_byline,
    change_form_data,
    make_article,
    make_contributor,
    make_role,
    make_staff,
    step_data,
)
from tests.review_cases import DESK_HEAD, article_in_state, new_section, staff, three_stage_chain

pytestmark = pytest.mark.django_db

STEPS = (
    "submit",
    "pass",
    "return",
    "publish",
    "schedule",
    "reschedule",
    "withdraw",
    "republish",
    "correct",
)
ACTIONS = ("edit", *STEPS, "restore", "delete")


def row(*outcomes):
    assert len(outcomes) == len(ACTIONS)
    return dict(zip(ACTIONS, outcomes, strict=True))


def same(outcome, **exceptions):
    return row(*(exceptions.get(action, outcome) for action in ACTIONS))


F, R, D, K, H, P = "forbidden", "refused", "done", "kept", "hidden", "pending"

# The default chain: one stage, where today's editors review and sign off.
WRITER_DRAFT = same(F, edit=D, submit=D, restore=D)
WRITER_LATER = same(K, restore=F, delete=F)
READER_ONLY = same(F)
# Django refuses a delete to whoever lacks the permission before looking the article up.
NOT_SEEN = same(H, delete=F)
# Deleting is for what readers never saw; a published article is withdrawn instead.
#            edit submit pass return publish schedule reschedule withdraw republish correct restore delete
EDITOR = {
    "draft": row(D, D, R, R, R, R, R, R, R, R, D, D),
    "in_review": row(D, R, R, D, D, D, R, R, R, R, D, D),
    "scheduled": row(D, R, R, R, D, R, D, D, R, R, D, F),
    "published": row(D, R, R, R, R, R, R, D, R, D, D, F),
    "withdrawn": row(D, R, R, R, R, R, R, R, D, R, D, F),
}
ONE_STAGE_STATES = tuple(EDITOR)
ONE_STAGE = {
    "intern_author": {s: WRITER_DRAFT if s == "draft" else WRITER_LATER for s in ONE_STAGE_STATES},
    "reporter_credited": {
        s: WRITER_DRAFT if s == "draft" else WRITER_LATER for s in ONE_STAGE_STATES
    },
    "intern_credited": dict.fromkeys(ONE_STAGE_STATES, READER_ONLY),
    "reporter_other": dict.fromkeys(ONE_STAGE_STATES, NOT_SEEN),
    "intern_other": dict.fromkeys(ONE_STAGE_STATES, NOT_SEEN),
    "editor": EDITOR,
    "superuser": EDITOR,
}

# The three-stage chain. "first", "second", "last": in review at 初审, 复审, 终审.
#            edit submit pass return publish schedule reschedule withdraw republish correct restore delete
CHIEF = {
    "draft": row(D, D, R, R, R, R, R, R, R, R, D, D),
    "first": row(D, R, R, R, R, R, R, R, R, R, D, D),
    "second": row(D, R, R, R, R, R, R, R, R, R, D, D),
    "last": row(D, R, R, D, D, D, R, R, R, R, D, D),
    "scheduled": row(D, R, R, R, D, R, D, D, R, R, D, F),
    "published": row(D, R, R, R, R, R, R, D, R, D, D, F),
    "withdrawn": row(D, R, R, R, R, R, R, R, D, R, D, F),
}
SUPERUSER = {
    **CHIEF,
    "first": row(D, R, D, D, R, R, R, R, R, R, D, D),
    "second": row(D, R, D, D, R, R, R, R, R, R, D, D),
}
FIRST_STAGE_EDITOR = {
    "draft": row(D, D, R, R, F, F, F, F, F, F, D, D),
    "first": row(D, R, D, D, F, F, F, F, F, F, D, D),
    "second": row(D, R, R, R, F, F, F, F, F, F, D, D),
    "last": row(D, R, R, R, F, F, F, F, F, F, D, D),
    # Their edits of a published article wait for the 终审's sign-off.
    "scheduled": row(P, R, R, R, F, F, F, F, F, F, P, F),
    "published": row(P, R, R, R, F, F, F, F, F, F, P, F),
    "withdrawn": row(P, R, R, R, F, F, F, F, F, F, P, F),
}
THREE_STAGE_STATES = tuple(CHIEF)
DESK_HEAD_ROWS = {
    state: NOT_SEEN if state != "second" else row(D, F, D, D, F, F, F, F, F, F, D, F)
    for state in THREE_STAGE_STATES
}
THREE_STAGE = {
    "intern_author": {
        s: WRITER_DRAFT if s == "draft" else WRITER_LATER for s in THREE_STAGE_STATES
    },
    "editor": FIRST_STAGE_EDITOR,
    "desk_head": DESK_HEAD_ROWS,
    # 复审 by a desk head for the article's section, and one for another section only.
    "scoped_head_here": DESK_HEAD_ROWS,
    "scoped_head_elsewhere": dict.fromkeys(THREE_STAGE_STATES, NOT_SEEN),
    "chief": CHIEF,
    "superuser": SUPERUSER,
}


def cells(chain, expected):
    return [
        (chain, role, state, action, outcome)
        for role, by_state in expected.items()
        for state, outcomes in by_state.items()
        for action, outcome in outcomes.items()
    ]


CELLS = cells("one-stage", ONE_STAGE) + cells("three-stage", THREE_STAGE)
TARGET = {
    "submit": Article.Status.IN_REVIEW,
    "pass": Article.Status.IN_REVIEW,
    "return": Article.Status.DRAFT,
    "publish": Article.Status.PUBLISHED,
    "schedule": Article.Status.PUBLISHED,
    "reschedule": Article.Status.PUBLISHED,
    "withdraw": Article.Status.WITHDRAWN,
    "republish": Article.Status.PUBLISHED,
}
LATER = timezone.localtime() + timedelta(days=2)


def make_case(role, state, chain="one-stage"):
    author = make_staff("intern_author", roles.INTERN)
    users = {"intern_author": author}
    users["reporter_credited"] = make_staff("reporter_credited", roles.REPORTER)
    users["intern_credited"] = make_staff("intern_credited", roles.INTERN)
    group = {
        "reporter_other": roles.REPORTER,
        "intern_other": roles.INTERN,
        "editor": roles.EDITOR,
        "chief": roles.EDITOR_IN_CHIEF,
    }.get(role)
    section, stages = new_section(), None
    if chain == "three-stage":
        _chain, stages = three_stage_chain(section)
        if role == "desk_head":
            users[role] = staff(role, DESK_HEAD)
        elif role.startswith("scoped_head"):
            users[role] = staff(role, DESK_HEAD)
            second = stages[1]
            second.reviewers.all().delete()
            scope = section if role == "scoped_head_here" else new_section()
            Reviewer.objects.create(stage=second, user=users[role]).sections.add(scope)
    if group:
        users[role] = make_staff(role, group)
    elif role == "superuser":
        users[role] = make_staff(role, is_superuser=True)
    article = article_in_state(state, section, author, stages)
    role_reporter, role_intern = make_role("记者"), make_role("实习生")
    add_byline(article, make_contributor("胡弦", user=users["reporter_credited"]), role_reporter)
    add_byline(article, make_contributor("吴佳怡", user=users["intern_credited"]), role_intern)
    # A revision to restore: the headline as it was before a later change.
    revisions.record(article, author, "with bylines")
    Article.objects.filter(pk=article.pk).update(headline="后来的标题")
    article.refresh_from_db()
    article.headline_before = "最初的标题"
    state_row = ReviewState.objects.filter(article=article).select_related("stage").first()
    article.stage_position = state_row.stage.position if state_row else None
    return users[role], article


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def button_shown(client, article, action):
    page = client.get(change_url(article))
    if page.status_code != 200:
        return False
    html = page.content.decode()
    if action == "edit":
        return 'name="_save"' in html
    return f'name="_workflow" value="{action}"' in html


def request(client, article, action):
    if action == "delete":
        url = reverse("admin:articles_article_delete", args=[article.pk])
        return client.post(url, {"post": "yes"})
    if action == "restore":
        version = revisions.history(article).last()
        url = reverse("admin:articles_article_revision_restore", args=[article.pk, version.pk])
        return client.post(url)
    if action == "edit":
        return client.post(change_url(article), change_form_data(article, headline="改过的标题"))
    data = step_data(
        article,
        action,
        note="说明",
        publish_at=LATER.strftime("%Y-%m-%dT%H:%M"),
        correction="更正：时间应为7月29日。",
    )
    return client.post(change_url(article), data)


def stored(article):
    fresh = Article.objects.get(pk=article.pk)
    return (
        fresh.status,
        fresh.headline,
        fresh.published_at,
        fresh.version,
        Transition.objects.filter(article=article)
        .exclude(action__in=("fast_fix", "propose"))
        .count(),
        Correction.objects.filter(article=article).count(),
        ReviewState.objects.filter(article=article).values_list("stage", flat=True).first(),
        PendingRevision.objects.filter(article=article).exists(),
    )


ROWS = sorted({(chain, role, state) for chain, role, state, _action, _outcome in CELLS})
EXPECTED = {(chain, role, state, action): outcome for chain, role, state, action, outcome in CELLS}


class Undo(Exception):
    """Rolls a cell back, so that every action of a row starts from the same article."""


@pytest.mark.parametrize(("chain", "role", "state"), ROWS)
def test_role_action_state(client, chain, role, state):
    user, article = make_case(role, state, chain)
    client.force_login(user)
    page = client.get(change_url(article))
    html = page.content.decode() if page.status_code == 200 else ""
    for action in ACTIONS:
        outcome = EXPECTED[chain, role, state, action]
        if action not in ("restore", "delete"):
            marker = 'name="_save"' if action == "edit" else f'name="_workflow" value="{action}"'
            assert (marker in html) == (outcome in (D, P)), (action, outcome)
        try:
            with transaction.atomic():
                check_cell(client, article, action, outcome)
                raise Undo
        except Undo:
            pass


def check_cell(client, article, action, outcome):
    before = stored(article)
    response = request(client, article, action)
    fresh = Article.objects.filter(pk=article.pk).first()
    where = (action, outcome, response.status_code)

    if outcome == D:
        assert response.status_code == 302, where
        _assert_done(article, fresh, action, response)
        return
    if outcome == P:
        assert response.status_code == 302, where
        assert (fresh.headline, fresh.status) == ("后来的标题", article.status), where
        assert PendingRevision.objects.filter(article=article).exists(), where
        assert fresh.version == article.version + 1, where
        return

    if outcome == R:
        # The form's own save went through (what was typed is never lost); nothing else did.
        assert _without_version(stored(article)) == _without_version(before), where
    else:
        assert stored(article) == before, where
    if outcome == F:
        assert response.status_code == 403, where
    elif outcome == K:
        assert response.status_code == 409, where
    elif outcome == R:
        assert response.status_code == 302, where
        assert response.url == change_url(article), where
        levels = [m.level_tag for m in get_messages(response.wsgi_request)]
        assert "error" in levels, where
    elif action in ("edit", *STEPS):
        assert response.status_code == 302, where
        assert response.url == reverse("admin:index"), where
    else:
        assert response.status_code == 404, where


def _without_version(state):
    """What a refused step must leave as it was; the form's save itself may have moved the
    version, logged a fast fix or stored pending changes."""
    return state[:3] + state[4:7]


def _assert_done(article, fresh, action, response):
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
        assert fresh.transitions.exclude(action="fast_fix").get().action == "restore"
    else:
        assert response.url == change_url(article)
        assert fresh.status == TARGET[action]
        assert fresh.transitions.exclude(action="fast_fix").get().action == action
        assert fresh.is_public() == (action in ("publish", "republish"))
        if action in ("schedule", "reschedule"):
            assert timezone.localtime(fresh.published_at).strftime("%Y-%m-%d %H:%M") == (
                LATER.strftime("%Y-%m-%d %H:%M")
            )
        if action == "pass":
            moved_to = ReviewState.objects.get(article=article).stage
            assert moved_to.position == article.stage_position + 1


def test_the_matrix_covers_every_role_state_and_action_of_both_chains():
    assert len(CELLS) == 7 * 5 * 12 + 7 * 7 * 12


@pytest.mark.parametrize("state", ONE_STAGE_STATES)
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
