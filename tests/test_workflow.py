import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from taggit.models import Tag

from articles import roles, workflow
from articles.models import Article, Transition
from tests.factories import (
    add_byline,
    change_form_data,
    make_article,
    make_contributor,
    make_role,
    make_staff,
    page_text,
    take_step,
)

pytestmark = pytest.mark.django_db

S = Article.Status
LIST_URL = reverse("admin:articles_article_changelist")
NOON = datetime.datetime(2019, 7, 29, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def editor():
    return make_staff("editor", roles.EDITOR)


@pytest.fixture
def intern():
    return make_staff("intern", roles.INTERN)


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_each_transition_is_logged_with_who_when_from_to_and_note(client, editor, intern):
    article = make_article(status=S.DRAFT, created_by=intern)
    client.force_login(intern)
    with time_machine.travel(NOON, tick=False):
        take_step(client, article, "submit")
    client.force_login(editor)
    take_step(client, Article.objects.get(pk=article.pk), "return", note="导语太长，请压缩。")

    returned, submitted = Transition.objects.filter(article=article)
    assert (submitted.actor, submitted.at, submitted.from_state, submitted.to_state) == (
        intern,
        NOON,
        S.DRAFT,
        S.IN_REVIEW,
    )
    assert (returned.actor, returned.action, returned.to_state, returned.note) == (
        editor,
        Transition.Action.RETURN,
        S.DRAFT,
        "导语太长，请压缩。",
    )


def test_return_without_a_note_is_refused(editor):
    article = make_article(status=S.IN_REVIEW)
    with pytest.raises(workflow.TransitionRefused):
        workflow.perform(article, editor, "return", note="  ")
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
    assert not Transition.objects.exists()


def test_withdrawal_without_a_reason_is_refused_through_the_admin(client, editor):
    article = make_article()
    client.force_login(editor)
    response = take_step(client, article, "withdraw", note="")
    assert "error" in [level for level, _text in messages_of(response)]
    assert Article.objects.get(pk=article.pk).status == S.PUBLISHED


def test_withdrawal_keeps_its_reason_and_hides_the_article(editor):
    article = make_article()
    workflow.perform(article, editor, "withdraw", note="当事人要求更正后再发")
    assert article.status == S.WITHDRAWN
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert article.transitions.get().note == "当事人要求更正后再发"


def test_the_publishing_editor_becomes_responsible_editor_when_none_is_set(editor):
    article = make_article(status=S.IN_REVIEW)
    workflow.perform(article, editor, "publish")
    assert article.responsible_editor == editor
    assert article.is_public()


def test_publishing_keeps_a_responsible_editor_already_chosen(editor):
    chosen = make_staff("chief", roles.EDITOR)
    article = make_article(status=S.IN_REVIEW, responsible_editor=chosen)
    workflow.perform(article, editor, "publish")
    assert article.responsible_editor == chosen


def test_a_transition_moves_the_version_so_open_forms_see_it(editor):
    article = make_article(status=S.IN_REVIEW)
    workflow.perform(article, editor, "publish")
    assert article.version == 2


def test_republishing_keeps_the_original_publish_time(editor):
    first = timezone.now() - datetime.timedelta(days=3)
    article = make_article(status=S.WITHDRAWN, published_at=first)
    workflow.perform(article, editor, "republish")
    assert (article.status, article.published_at) == (S.PUBLISHED, first)


def test_the_change_page_shows_the_log(client, editor):
    article = make_article(status=S.IN_REVIEW)
    workflow.perform(article, editor, "return", note="请补充信源")
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    log = list(response.context["transitions"])
    assert [(e.action, e.note) for e in log] == [("return", "请补充信源")]
    assert "请补充信源" in response.content.decode()


def test_status_cannot_be_changed_through_the_form(client, editor):
    article = make_article(status=S.DRAFT)
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, change_form_data(article, status=S.PUBLISHED))
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == S.DRAFT


def test_a_writer_cannot_set_the_publish_time_through_the_form(client, intern):
    article = make_article(status=S.DRAFT, created_by=intern)
    client.force_login(intern)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(article, published_at_0="2030-01-01", published_at_1="08:00:00")
    assert client.post(url, data).status_code == 302
    assert Article.objects.get(pk=article.pk).published_at is None


def test_corrections_are_attached_to_live_articles_with_their_time(editor):
    article = make_article(published_at=NOON - datetime.timedelta(days=1))
    with time_machine.travel(NOON, tick=False):
        workflow.add_correction(article, editor, "更正：伍家岗区应为西陵区。")
    correction = article.corrections.get()
    assert (correction.text, correction.created_at, correction.created_by) == (
        "更正：伍家岗区应为西陵区。",
        NOON,
        editor,
    )
    assert article.transitions.get().action == Transition.Action.CORRECT


def test_bulk_publish_reports_each_article(client, editor):
    ready = make_article(status=S.IN_REVIEW, headline="待发稿件")
    draft = make_article(status=S.DRAFT, headline="草稿稿件")
    client.force_login(editor)
    response = client.post(
        LIST_URL,
        {"action": "publish_selected", "_selected_action": [ready.pk, draft.pk]},
        follow=True,
    )
    reported = messages_of(response)
    published = gettext("“%(article)s”: %(action)s.") % {
        "article": "待发稿件",
        "action": Transition.Action.PUBLISH.label,
    }
    assert ("success", published) in reported
    assert any(level == "error" and "草稿稿件" in text for level, text in reported)
    assert Article.objects.get(pk=ready.pk).is_public()
    assert Article.objects.get(pk=draft.pk).status == S.DRAFT
    assert Transition.objects.get().article == ready


def test_bulk_withdraw_asks_for_a_reason_then_logs_it(client, editor):
    articles = [make_article(), make_article()]
    ids = [a.pk for a in articles]
    client.force_login(editor)
    asked = client.post(LIST_URL, {"action": "withdraw_selected", "_selected_action": ids})
    assert asked.status_code == 200
    assert Article.objects.withdrawn().count() == 0

    client.post(
        LIST_URL,
        {
            "action": "withdraw_selected",
            "_selected_action": ids,
            "reason": "重复稿件",
            "apply": "1",
        },
    )
    assert Article.objects.withdrawn().count() == 2
    assert set(Transition.objects.values_list("note", flat=True)) == {"重复稿件"}


def test_writers_have_no_bulk_publish(client, intern):
    article = make_article(status=S.IN_REVIEW, created_by=intern)
    client.force_login(intern)
    response = client.get(LIST_URL)
    assert "publish_selected" not in response.content.decode()
    client.post(LIST_URL, {"action": "publish_selected", "_selected_action": [article.pk]})
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
    assert not Transition.objects.exists()


def test_a_scheduled_article_goes_live_at_its_time_without_any_job(editor):
    article = make_article(status=S.IN_REVIEW)
    go_live = NOON + datetime.timedelta(hours=2)
    with time_machine.travel(NOON, tick=False):
        workflow.perform(article, editor, "schedule", publish_at=go_live)
        assert list(Article.objects.scheduled()) == [article]
        assert not Article.objects.live().exists()
    with time_machine.travel(go_live, tick=False):
        assert list(Article.objects.published()) == [article]
        assert not Article.objects.scheduled().exists()


def test_scheduling_needs_a_future_time(editor):
    article = make_article(status=S.IN_REVIEW)
    with pytest.raises(workflow.TransitionRefused):
        workflow.perform(article, editor, "schedule", publish_at=timezone.now())
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_editors_list_scheduled_articles_with_their_go_live_time(client, editor):
    go_live = timezone.now() + datetime.timedelta(days=1)
    scheduled = make_article(published_at=go_live, headline="明日发布")
    make_article(headline="已经发布")
    client.force_login(editor)
    response = client.get(LIST_URL, {"state": "scheduled"})
    assert [a.headline for a in response.context["cl"].result_list] == ["明日发布"]
    assert timezone.localtime(scheduled.published_at).strftime("%H:%M") in (
        response.content.decode()
    )


def test_the_change_page_shows_a_scheduled_go_live_in_local_time(client, editor):
    article = make_article(
        status=S.PUBLISHED,
        published_at=datetime.datetime(2030, 1, 1, 0, 0, tzinfo=datetime.UTC),
    )
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "2030-01-01 08:00:00" in response.content.decode()


@pytest.mark.parametrize(
    ("published_at", "moved_to"),
    [
        (timezone.now() - datetime.timedelta(hours=1), "2099-01-01"),  # live → future: hidden
        (timezone.now() + datetime.timedelta(days=1), "2001-01-01"),  # scheduled → past: live
    ],
    ids=["live", "scheduled"],
)
def test_the_form_cannot_move_the_publish_time_of_a_published_article(
    client, editor, published_at, moved_to
):
    article = make_article(published_at=published_at)
    was_public = article.is_public()
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(article, published_at_0=moved_to, published_at_1="08:00:00")
    client.post(url, data)
    stored = Article.objects.get(pk=article.pk)
    assert stored.published_at == article.published_at
    assert stored.is_public() == was_public
    assert "published_at" in client.get(url).context["adminform"].readonly_fields


def test_rescheduling_moves_the_go_live_time_and_logs_both_times(editor):
    go_live = NOON + datetime.timedelta(hours=2)
    article = make_article(published_at=go_live)
    later = NOON + datetime.timedelta(days=1)
    with time_machine.travel(NOON, tick=False):
        entry = workflow.perform(article, editor, "reschedule", publish_at=later)
        assert not article.is_public()
    assert (entry.action, entry.from_state, entry.to_state) == (
        "reschedule",
        S.PUBLISHED,
        S.PUBLISHED,
    )
    assert article.published_at == later
    assert "2019-07-29 22:00" in entry.note and "2019-07-30 20:00" in entry.note


def test_a_live_article_cannot_be_rescheduled_into_the_future(editor):
    article = make_article()
    with pytest.raises(workflow.TransitionRefused):
        workflow.perform(
            article, editor, "reschedule", publish_at=timezone.now() + datetime.timedelta(days=1)
        )
    assert Article.objects.get(pk=article.pk).is_public()


def test_rescheduling_needs_a_future_time(editor):
    article = make_article(published_at=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(workflow.TransitionRefused):
        workflow.perform(
            article, editor, "reschedule", publish_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    assert not Article.objects.get(pk=article.pk).is_public()


def test_a_writer_whose_draft_was_submitted_meanwhile_gets_their_text_back(client, intern):
    reporter = make_staff("reporter", roles.REPORTER)
    article = make_article(status=S.DRAFT, created_by=intern, summary="原摘要")
    add_byline(article, make_contributor("胡弦", user=reporter), make_role("记者"))
    opened = change_form_data(article)
    workflow.perform(article, intern, "submit")

    client.force_login(reporter)
    url = reverse("admin:articles_article_change", args=[article.pk])
    photographer = make_contributor("吴佳怡")
    typed = {
        **opened,
        "summary": "记者刚写的摘要",
        "body": "<p>记者刚写的第二段</p>",
        "tags": [Tag.objects.create(name="口袋公园", slug="koudai").pk],
        "bylines-TOTAL_FORMS": "2",
        "bylines-1-position": "2",
        "bylines-1-role": make_role("摄影").pk,
        "bylines-1-contributor": photographer.pk,
    }
    response = client.post(url, typed)

    assert response.status_code == 409
    text = page_text(response)
    assert "记者刚写的摘要" in text and "记者刚写的第二段" in text
    assert "口袋公园" in text and "记者 胡弦；摄影 吴佳怡" in text
    assert str(S.IN_REVIEW.label) in text and "intern" in text
    stored = Article.objects.get(pk=article.pk)
    assert (stored.summary, stored.version) == ("原摘要", article.version)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_a_step_taken_from_the_change_form_saves_what_was_typed_first(client, editor):
    article = make_article(status=S.IN_REVIEW, published_at=None, headline="原标题")
    client.force_login(editor)
    data = change_form_data(article, headline="改过的标题", _workflow="publish")
    response = client.post(change_url(article), data)
    assert response.status_code == 302 and response.url == change_url(article)
    article.refresh_from_db()
    assert (article.headline, article.status) == ("改过的标题", S.PUBLISHED)
    assert article.is_public()
    assert list(article.transitions.values_list("action", flat=True)) == ["publish"]


def test_a_refused_step_keeps_the_saved_edits_and_says_why(client, editor):
    article = make_article(headline="原标题")
    client.force_login(editor)
    data = change_form_data(article, headline="改过的标题", _workflow="withdraw")
    response = client.post(change_url(article), data)
    article.refresh_from_db()
    assert (article.headline, article.status) == ("改过的标题", S.PUBLISHED)
    levels = [m.level_tag for m in get_messages(response.wsgi_request)]
    assert levels == ["success", "error"]


def test_a_step_from_a_form_with_errors_is_not_taken_and_nothing_is_saved(client, editor):
    article = make_article(status=S.IN_REVIEW, published_at=None, headline="原标题")
    client.force_login(editor)
    data = change_form_data(article, headline="", summary="新摘要", _workflow="publish")
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.headline, article.summary, article.status) == ("原标题", "", S.IN_REVIEW)


def test_the_change_form_carries_the_withdraw_reason_and_the_schedule_time(client, editor):
    article = make_article(status=S.IN_REVIEW, published_at=None)
    client.force_login(editor)
    later = timezone.localtime() + datetime.timedelta(days=1)
    data = change_form_data(
        article,
        _workflow="schedule",
        _workflow_publish_at_schedule=later.strftime("%Y-%m-%dT%H:%M"),
    )
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M") == later.strftime(
        "%Y-%m-%d %H:%M"
    )
    data = change_form_data(article, _workflow="withdraw", _workflow_note_withdraw="重复稿件")
    client.post(change_url(article), data)
    assert article.transitions.first().note == "重复稿件"


def test_a_correction_typed_on_the_change_form_is_attached_with_the_edits(client, editor):
    article = make_article(headline="原标题")
    client.force_login(editor)
    data = change_form_data(
        article, headline="新标题", _workflow="correct", _workflow_correction="时间应为7月29日。"
    )
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.headline == "新标题"
    assert article.corrections.get().text == "时间应为7月29日。"
