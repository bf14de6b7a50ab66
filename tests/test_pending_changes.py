"""Edits to a published article are reviewed: readers keep the signed-off text until the
pending changes are signed off."""

import pytest
from django.urls import reverse

from articles import roles, workflow
from articles.models import Article, Transition
from pagecache.models import Invalidation
from review.models import PendingRevision, SignOff
from tests.factories import (
    change_form_data,
    make_article,
    make_section,
    make_staff,
    page_text,
    take_step,
)
from tests.review_cases import three_stage_chain

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def desk():
    section = make_section(name="新闻", slug="news")
    three_stage_chain(section)
    article = make_article(section=section, headline="已签发的标题", body="<p>已签发的正文</p>")
    return {
        "article": article,
        "editor": make_staff("editor", roles.EDITOR),
        "other_editor": make_staff("other_editor", roles.EDITOR),
        "chief": make_staff("chief", roles.EDITOR_IN_CHIEF),
    }


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save(client, article, **fields):
    return client.post(change_url(article), change_form_data(article, **fields))


def public_text(client, article):
    return page_text(client.get(Article.objects.get(pk=article.pk).get_absolute_url()))


def test_readers_keep_the_signed_off_text_until_the_changes_are_signed_off(
    client, desk, django_capture_on_commit_callbacks
):
    article = desk["article"]
    client.force_login(desk["editor"])
    assert save(client, article, headline="改过的标题").status_code == 302

    client.logout()
    assert "已签发的标题" in public_text(client, article)
    assert "改过的标题" not in public_text(client, article)
    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "已签发的标题"
    assert PendingRevision.objects.get(article=article).proposed_by == desk["editor"]

    client.force_login(desk["chief"])
    page = client.get(change_url(article))
    form = page.context["adminform"].form
    assert form["headline"].value() == "改过的标题"  # the form works on the pending text
    diff = page_text(page).split("待签发的修改", 1)[-1]
    assert "已签发的标题" in diff and "改过的标题" in diff
    assert 'value="approve_changes"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        take_step(
            client, Article.objects.get(pk=article.pk), "approve_changes", headline="改过的标题"
        )
    client.logout()
    assert "改过的标题" in public_text(client, article)
    assert not PendingRevision.objects.filter(article=article).exists()
    sign_off = SignOff.objects.get(article=article)
    assert (sign_off.what, sign_off.signed_by) == (SignOff.What.CHANGES, desk["chief"])
    actions = list(Transition.objects.filter(article=article).values_list("action", flat=True))
    assert sorted(actions) == ["approve_changes", "propose"]


def test_a_pending_save_leaves_cached_pages_alone_and_a_sign_off_refreshes_them(
    client, desk, django_capture_on_commit_callbacks
):
    article = desk["article"]
    client.force_login(desk["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        save(client, article, headline="改过的标题")
    assert not Invalidation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(Article.objects.get(pk=article.pk), desk["chief"], "approve_changes")
    assert f"article-{article.pk}" in Invalidation.objects.get().key_list()


def test_two_editors_on_one_pending_revision_do_not_overwrite_each_other(client, desk):
    article = desk["article"]
    opened = Article.objects.get(pk=article.pk)  # both open the form at this version
    client.force_login(desk["editor"])
    save(client, opened, headline="甲改的标题")
    client.force_login(desk["other_editor"])
    late = save(client, opened, headline="乙改的标题")
    assert late.status_code == 200  # the conflict page, nothing saved
    assert "甲改的标题" in late.content.decode()
    pending = PendingRevision.objects.get(article=article)
    assert (
        "甲改的标题" in pending.revision.version_set.get(object_id=str(article.pk)).serialized_data
    )
    assert Article.objects.get(pk=article.pk).headline == "已签发的标题"
    again = Article.objects.get(pk=article.pk)
    save(client, again, headline="乙改的标题")
    pending = PendingRevision.objects.get(article=article)
    assert pending.updated_by == desk["other_editor"]
    assert (
        "乙改的标题" in pending.revision.version_set.get(object_id=str(article.pk)).serialized_data
    )


def test_a_withdrawal_while_changes_are_pending_keeps_them_for_later(
    client, desk, django_capture_on_commit_callbacks
):
    article = desk["article"]
    client.force_login(desk["editor"])
    save(client, article, headline="改过的标题")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(article, desk["chief"], "withdraw", note="核实中")
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert PendingRevision.objects.filter(article=article).exists()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(article, desk["chief"], "republish")
    assert "已签发的标题" in public_text(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(article, desk["chief"], "approve_changes")
    assert "改过的标题" in public_text(client, article)


def test_returned_changes_are_dropped_with_a_note_and_the_live_text_stays(desk):
    article = desk["article"]
    with pytest.raises(workflow.TransitionRefused):
        workflow.perform(article, desk["chief"], "discard_changes", note="无待签发的修改")
    from review import pending

    pending.propose(
        article,
        desk["editor"],
        lambda: Article.objects.filter(pk=article.pk).update(headline="改过的标题"),
        "试改",
    )
    with pytest.raises(workflow.TransitionRefused):
        workflow.perform(article, desk["chief"], "discard_changes", note="")
    entry = workflow.perform(article, desk["chief"], "discard_changes", note="标题不准确")
    assert entry.note == "标题不准确"
    assert not PendingRevision.objects.filter(article=article).exists()
    assert Article.objects.get(pk=article.pk).headline == "已签发的标题"


def test_the_last_stage_fast_fixes_a_typo_live_and_it_is_logged(client, desk):
    article = desk["article"]
    client.force_login(desk["chief"])
    save(client, article, headline="已签发的标题（改错字）")
    assert Article.objects.get(pk=article.pk).headline == "已签发的标题（改错字）"
    assert not PendingRevision.objects.exists()
    (entry,) = Transition.objects.filter(article=article)
    assert (entry.action, entry.actor) == ("fast_fix", desk["chief"])


def test_without_fast_fixes_even_the_last_stage_waits_for_sign_off(client, desk):
    article = desk["article"]
    from review.models import ReviewChain

    ReviewChain.objects.filter(name="三审").update(allow_fast_fix=False)
    client.force_login(desk["chief"])
    save(client, article, headline="总编辑改的标题")
    assert Article.objects.get(pk=article.pk).headline == "已签发的标题"
    assert PendingRevision.objects.filter(article=article).exists()


def test_a_non_signer_cannot_sign_off_pending_changes(client, desk):
    article = desk["article"]
    client.force_login(desk["editor"])
    save(client, article, headline="改过的标题")
    response = take_step(client, Article.objects.get(pk=article.pk), "approve_changes")
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).headline == "已签发的标题"
