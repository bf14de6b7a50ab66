import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from articles import roles, workflow
from articles.admin.forms import ArticleAdminForm
from articles.concurrency import StaleEdit, claim_version
from articles.models import Article, Byline, Transition
from tests.factories import (
    add_byline,
    change_form_data,
    make_article,
    make_contributor,
    make_role,
    make_staff,
)

SQLITE_ONE_WRITER = (
    "needs two connections writing at once; SQLite's shared in-memory test database locks "
    "whole tables, so this runs on PostgreSQL (the conflict through the admin runs on both)"
)


@pytest.fixture
def article():
    story = make_article(status=Article.Status.DRAFT, headline="原标题", summary="原摘要")
    add_byline(story, make_contributor("胡弦"), make_role("记者"))
    story.tags.add("武汉")
    return story


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.mark.django_db
def test_the_second_save_is_refused_naming_who_and_when_and_keeps_what_was_typed(client, article):
    first = make_staff("editor_a", roles.EDITOR, first_name="李编辑")
    second = make_staff("editor_b", roles.EDITOR)
    opened_by_both = change_form_data(article)

    client.force_login(first)
    assert (
        client.post(change_url(article), {**opened_by_both, "headline": "甲改的标题"}).status_code
        == 302
    )

    client.force_login(second)
    typed = {**opened_by_both, "summary": "乙写的新摘要", "new_tags": "乙的标签"}
    response = client.post(change_url(article), typed)

    assert response.status_code == 200
    form = response.context["adminform"].form
    message = " ".join(form.non_field_errors())
    assert "李编辑" in message
    assert "headline" in message or "主题" in message
    assert form["summary"].value() == "乙写的新摘要"
    assert form["new_tags"].value() == "乙的标签"
    assert [c["name"] for c in form.conflict["changes"]] == ["headline"]
    assert "甲改的标题" in response.content.decode()
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.summary, stored.version) == ("甲改的标题", "原摘要", 2)
    assert list(stored.tags.names()) == ["武汉"]


@pytest.mark.django_db
def test_after_seeing_the_conflict_the_second_person_can_save_their_merge(client, article):
    client.force_login(make_staff("editor_a", roles.EDITOR))
    data = change_form_data(article)
    client.post(change_url(article), {**data, "headline": "甲改的标题"})

    client.force_login(make_staff("editor_b", roles.EDITOR))
    refused = client.post(change_url(article), {**data, "summary": "乙的摘要"})
    version_now = refused.context["adminform"].form["expected_version"].value()
    merged = {
        **data,
        "headline": "甲改的标题",
        "summary": "乙的摘要",
        "expected_version": version_now,
    }
    assert client.post(change_url(article), merged).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.summary, stored.version) == ("甲改的标题", "乙的摘要", 3)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_committed_between_the_check_and_the_update_saves_nothing(
    client, article, monkeypatch
):
    """The form's check passes, then another connection commits a save before our UPDATE."""
    if connection.vendor == "sqlite":
        pytest.skip(SQLITE_ONE_WRITER)
    original_clean = ArticleAdminForm.clean

    def someone_saves_in_between(form):
        cleaned = original_clean(form)
        if Article.objects.get(pk=form.instance.pk).version == 1:
            other = threading.Thread(target=save_elsewhere, args=(form.instance.pk,))
            other.start()
            other.join()
        return cleaned

    monkeypatch.setattr(ArticleAdminForm, "clean", someone_saves_in_between)
    client.force_login(make_staff("chief", is_superuser=True))
    data = change_form_data(
        article, summary="我的摘要", new_tags="新标签", **{"bylines-0-DELETE": "on"}
    )
    response = client.post(change_url(article), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.summary, stored.version) == ("第三人的标题", "原摘要", 2)
    assert Byline.objects.filter(article=article).count() == 1
    assert list(stored.tags.names()) == ["武汉"]


def save_elsewhere(pk):
    try:
        with transaction.atomic():
            claim_version(Article.objects.get(pk=pk), 1)
            Article.objects.filter(pk=pk).update(headline="第三人的标题")
    finally:
        connection.close()


@pytest.mark.django_db
def test_claiming_a_version_someone_else_moved_on_is_refused(article):
    claim_version(Article.objects.get(pk=article.pk), 1)
    with pytest.raises(StaleEdit):
        claim_version(Article.objects.get(pk=article.pk), 1)
    assert Article.objects.get(pk=article.pk).version == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_truly_concurrent_saves_one_wins_one_is_refused(article):
    if connection.vendor == "sqlite":
        pytest.skip(SQLITE_ONE_WRITER)
    both_read = threading.Barrier(2, timeout=10)
    outcomes = {}

    def save(headline):
        try:
            with transaction.atomic():
                mine = Article.objects.get(pk=article.pk)
                opened = mine.version
                both_read.wait()
                claim_version(mine, opened)
                mine.headline = headline
                mine.save()
            outcomes[headline] = "saved"
        except StaleEdit:
            outcomes[headline] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(h,)) for h in ("甲的标题", "乙的标题")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(h for h, outcome in outcomes.items() if outcome == "saved")
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.version) == (winner, 2)


def byline_rows(formset):
    """The inline rows as the page shows them (what the browser posts back)."""
    return {key: value for key, value in formset.data.items() if key.startswith("bylines-")}


@pytest.mark.django_db
def test_a_byline_deleted_by_someone_else_comes_back_as_a_new_row_and_the_merge_saves(
    client, article
):
    opened_by_both = change_form_data(article)
    client.force_login(make_staff("editor_a", roles.EDITOR))
    removed = {**opened_by_both, "bylines-0-DELETE": "on"}
    assert client.post(change_url(article), removed).status_code == 302
    assert not Byline.objects.filter(article=article).exists()

    client.force_login(make_staff("editor_b", roles.EDITOR))
    typed = {**opened_by_both, "summary": "乙的摘要"}
    refused = client.post(change_url(article), typed)

    assert refused.status_code == 200
    formset = refused.context["inline_admin_formsets"][0].formset
    assert not any(formset.errors) and not formset.non_form_errors()
    assert formset.forms[0]["contributor"].value() == str(opened_by_both["bylines-0-contributor"])
    notes = [str(m) for m in refused.context["messages"]]
    assert any("胡弦" in note for note in notes)
    assert Article.objects.get(pk=article.pk).summary == "原摘要"

    version_now = refused.context["adminform"].form["expected_version"].value()
    again = {**typed, **byline_rows(formset), "expected_version": version_now}
    assert client.post(change_url(article), again).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.summary == "乙的摘要"
    assert [b.contributor.name for b in stored.bylines.all()] == ["胡弦"]


@pytest.mark.django_db
def test_a_byline_deleted_by_someone_else_stays_deleted_when_the_merge_drops_it(client, article):
    opened_by_both = change_form_data(article)
    client.force_login(make_staff("editor_a", roles.EDITOR))
    client.post(change_url(article), {**opened_by_both, "bylines-0-DELETE": "on"})

    client.force_login(make_staff("editor_b", roles.EDITOR))
    refused = client.post(change_url(article), {**opened_by_both, "summary": "乙的摘要"})
    rows = byline_rows(refused.context["inline_admin_formsets"][0].formset)
    version_now = refused.context["adminform"].form["expected_version"].value()
    merged = {
        **opened_by_both,
        **rows,
        "summary": "乙的摘要",
        "bylines-0-DELETE": "on",
        "expected_version": version_now,
    }
    assert client.post(change_url(article), merged).status_code == 302
    assert not Byline.objects.filter(article=article).exists()


@pytest.mark.django_db
def test_the_conflict_names_everyone_who_changed_it_since_and_what_they_did(client):
    story = make_article(status=Article.Status.IN_REVIEW, headline="原标题")
    opened = change_form_data(story)
    client.force_login(make_staff("editor_a", roles.EDITOR, first_name="李编辑"))
    client.post(change_url(story), {**opened, "headline": "甲改的标题"})
    workflow.perform(story, make_staff("editor_c", roles.EDITOR, first_name="王主任"), "publish")

    client.force_login(make_staff("editor_b", roles.EDITOR))
    response = client.post(change_url(story), {**opened, "summary": "乙的摘要"})

    message = " ".join(response.context["adminform"].form.non_field_errors())
    assert "李编辑" in message and "王主任" in message
    assert str(Transition.Action.PUBLISH.label) in message
    assert "主题" in message
    assert message.index("李编辑") < message.index("王主任")


@pytest.mark.django_db
def test_saving_again_after_a_conflict_keeps_what_the_other_editor_changed(client, article):
    client.force_login(make_staff("editor_a", roles.EDITOR))
    opened_by_both = change_form_data(article)
    client.post(
        change_url(article),
        {**opened_by_both, "headline": "甲改的标题", "body": "<p>甲改的正文。</p>", "kicker": "甲"},
    )

    client.force_login(make_staff("editor_b", roles.EDITOR))
    # CKEditor sends the body back reformatted, though the editor did not touch it.
    reformatted = opened_by_both["body"].replace("><", ">\n\n<") + "\n"
    typed = {**opened_by_both, "body": reformatted, "summary": "乙的摘要", "kicker": "乙"}
    refused = client.post(change_url(article), typed, headers={"accept-language": "en"})
    form = refused.context["adminform"].form
    assert form["headline"].value() == "甲改的标题"
    assert form["body"].value() == "<p>甲改的正文。</p>"
    assert (form["summary"].value(), form["kicker"].value()) == ("乙的摘要", "乙")
    assert "You had not changed these" in refused.content.decode()

    resaved = {key: form[key].value() for key in ("headline", "body", "summary", "kicker")}
    resaved["expected_version"] = form["expected_version"].value()
    assert client.post(change_url(article), {**typed, **resaved}).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.body, stored.summary, stored.kicker) == (
        "甲改的标题",
        "<p>甲改的正文。</p>",
        "乙的摘要",
        "乙",
    )


@pytest.mark.django_db
def test_the_change_page_says_who_saved_last_and_when_also_after_a_refused_save(client, article):
    opened = change_form_data(article)
    client.force_login(make_staff("wangfang", roles.EDITOR, first_name="芳", last_name="王"))
    assert client.post(change_url(article), {**opened, "headline": "甲改的标题"}).status_code == 302

    client.force_login(make_staff("editor_b", roles.EDITOR))
    shown = client.get(change_url(article)).content.decode()
    refused = client.post(change_url(article), {**opened, "summary": "乙的摘要"})
    assert refused.status_code == 200
    for page in (shown, refused.content.decode()):
        last_saved = page[page.index('id="last-saved"') :].split("</p>")[0]
        assert "王芳 (wangfang)" in last_saved and "主题" in last_saved
