from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version
from taggit.models import Tag

from articles import revisions, roles, workflow
from articles.models import Article, Contributor, Transition
from tests.factories import (
    add_byline,
    change_form_data,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_staff,
    take_step,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_staff("editor", roles.EDITOR)


@pytest.fixture
def story():
    outlet = make_outlet("湖北日报")
    article = make_article(
        status=Article.Status.DRAFT, headline="原来的标题", body="<p>第一段</p>", source=outlet
    )
    reporter = make_role("全媒记者")
    add_byline(article, make_contributor("胡弦", outlet), reporter)
    article.tags.add("武汉")
    return {"article": article, "outlet": outlet, "reporter": reporter}


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save_in_admin(client, article, **overrides):
    response = client.post(change_url(article), change_form_data(article, **overrides))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.get(pk=article.pk)


def edit_credits_and_tags(client, story):
    """Add a second byline and a tag, and change the headline."""
    article = story["article"]
    intern = make_role("实习生")
    wu = make_contributor("吴佳怡", story["outlet"])
    data = {
        "headline": "新的标题",
        "new_tags": "主题教育",
        "bylines-TOTAL_FORMS": "2",
        "bylines-1-position": "2",
        "bylines-1-role": intern.pk,
        "bylines-1-contributor": wu.pk,
    }
    return save_in_admin(client, article, **data)


def test_every_admin_save_keeps_a_revision_with_user_and_comment(client, editor, story):
    client.force_login(editor)
    article = edit_credits_and_tags(client, story)
    latest, baseline = revisions.history(article)
    assert latest.revision.user == editor
    assert latest.revision.get_comment()
    assert baseline.revision.user is None
    assert latest.field_dict["version"] == article.version


def test_a_revision_holds_bylines_tags_source_notice_and_status(client, editor, story):
    client.force_login(editor)
    article = edit_credits_and_tags(client, story)
    shown = revisions.snapshot(revisions.history(article).first())
    assert shown["bylines"].splitlines() == ["全媒记者 胡弦", "实习生 吴佳怡"]
    assert shown["tags"].splitlines() == ["主题教育", "武汉"]
    assert shown["source"] == "湖北日报"
    assert shown["copyright_notice"] == str(story["outlet"].default_notice)
    assert shown["status"] == Article.Status.DRAFT.label


def test_the_diff_shows_headline_byline_and_tag_changes(client, editor, story):
    client.force_login(editor)
    article = edit_credits_and_tags(client, story)
    new, old = revisions.history(article)
    response = client.get(
        reverse("admin:articles_article_revision_diff", args=[article.pk]),
        {"old": old.pk, "new": new.pk},
    )
    changes = {c["name"]: c["lines"] for c in response.context["changes"]}
    assert set(changes) == {"headline", "bylines", "tags"}
    assert ("removed", "原来的标题") in changes["headline"]
    assert ("added", "新的标题") in changes["headline"]
    assert ("added", "实习生 吴佳怡") in changes["bylines"]
    assert ("added", "主题教育") in changes["tags"]
    assert "吴佳怡" in response.content.decode()


def test_revisions_of_another_article_cannot_be_compared(client, editor, story):
    client.force_login(editor)
    article = edit_credits_and_tags(client, story)
    other = make_article()
    revisions.record(other, editor, "x")
    foreign = Version.objects.get_for_object(other).get()
    mine = revisions.history(article).first()
    response = client.get(
        reverse("admin:articles_article_revision_diff", args=[article.pk]),
        {"old": foreign.pk, "new": mine.pk},
    )
    assert response.status_code == 404


def test_restore_brings_back_text_bylines_and_tags_as_a_new_logged_revision(client, editor, story):
    client.force_login(editor)
    article = edit_credits_and_tags(client, story)
    workflow.perform(article, editor, "submit")
    baseline = revisions.history(article).last()
    versions_before = revisions.history(article).count()

    response = client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, baseline.pk])
    )

    assert response.status_code == 302
    restored = Article.objects.get(pk=article.pk)
    assert restored.headline == "原来的标题"
    assert [b.contributor.name for b in restored.bylines.all()] == ["胡弦"]
    assert list(restored.tags.names()) == ["武汉"]
    assert restored.status == Article.Status.IN_REVIEW
    assert restored.version == article.version + 1
    assert revisions.history(article).count() == versions_before + 1
    assert restored.transitions.first().action == Transition.Action.RESTORE


def test_a_writer_cannot_restore_an_article_they_may_not_edit(client, story):
    intern = make_staff("intern", roles.INTERN)
    article = story["article"]
    article.created_by = intern
    article.status = Article.Status.IN_REVIEW
    article.save()
    revisions.record(article, intern, "first")
    version = revisions.history(article).get()
    client.force_login(intern)
    response = client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, version.pk])
    )
    assert response.status_code == 403


def test_the_history_page_lists_revisions_with_who_and_comment(client, editor, story):
    client.force_login(editor)
    article = edit_credits_and_tags(client, story)
    response = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
    assert response.status_code == 200
    assert len(response.context["versions"]) == 2
    assert "editor" in response.content.decode()


def test_transitions_keep_a_revision_too(editor, story):
    article = story["article"]
    workflow.perform(article, editor, "submit")
    shown = revisions.snapshot(revisions.history(article).first())
    assert shown["status"] == Article.Status.IN_REVIEW.label


def restore_url(article, version):
    return reverse("admin:articles_article_revision_restore", args=[article.pk, version.pk])


def stored_state(article):
    fresh = Article.objects.get(pk=article.pk)
    return (
        fresh.headline,
        fresh.version,
        [b.contributor_id for b in fresh.bylines.all()],
        sorted(fresh.tags.names()),
        fresh.transitions.count(),
        revisions.history(fresh).count(),
    )


def test_restoring_a_revision_whose_tag_was_deleted_is_refused_naming_it(client, editor, story):
    client.force_login(editor)
    article = edit_credits_and_tags(client, story)
    baseline = revisions.history(article).last()
    Tag.objects.get(name="武汉").delete()
    before = stored_state(article)

    response = client.post(restore_url(article, baseline), follow=True)

    assert response.status_code == 200
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert "武汉" in errors[0] or str(Tag._meta.verbose_name) in errors[0]
    assert stored_state(article) == before


def test_restoring_a_revision_whose_contributor_was_deleted_is_refused_naming_it(
    client, editor, story
):
    client.force_login(editor)
    article = story["article"]
    baseline_version = article.version
    revisions.ensure_baseline(article)
    article = save_in_admin(client, article, **{"bylines-0-DELETE": "on", "headline": "改"})
    assert article.version == baseline_version + 1
    Contributor.objects.get(name="胡弦").delete()
    baseline = revisions.history(article).last()
    before = stored_state(article)

    with pytest.raises(workflow.TransitionRefused, match="胡弦|#"):
        workflow.restore(article, editor, baseline)
    assert stored_state(article) == before


def test_a_first_transition_keeps_the_state_before_it_as_a_baseline(editor, story):
    article = story["article"]  # made outside the admin: no revision yet
    workflow.perform(article, editor, "submit")
    after, before = revisions.history(article)
    assert revisions.snapshot(before)["status"] == Article.Status.DRAFT.label
    assert revisions.snapshot(after)["status"] == Article.Status.IN_REVIEW.label
    assert before.revision.user is None


def test_a_correction_keeps_a_baseline_and_a_revision_of_its_own(editor):
    article = make_article(headline="已发布的稿件")
    workflow.add_correction(article, editor, "更正：时间应为7月29日。")
    correction, baseline = revisions.history(article)
    assert baseline.revision.user is None
    assert correction.revision.user == editor
    assert "更正：时间应为7月29日。" in correction.revision.get_comment()


def test_a_save_s_revision_comment_names_the_fields_in_the_reader_s_language(client, editor, story):
    client.force_login(editor)
    article = save_in_admin(client, story["article"], headline="新的标题", kicker="新的引题")
    comment = revisions.history(article).first().revision.get_comment()
    assert "主题" in comment and "引题" in comment
    assert "headline" not in comment.lower() and "kicker" not in comment.lower()
    with translation.override("en"):
        english = revisions.history(article).first().revision.get_comment()
    assert "headline" in english.lower()


STORED_BODY = "<p>第一段“引号”</p><p>第二段</p><ul><li>一</li><li>二</li></ul>"
# What CKEditor 4 sends back for STORED_BODY untouched: blocks on lines of their own, list items
# indented, quotation marks as entities.
CKEDITOR_BODY = "<p>第一段&ldquo;引号&rdquo;</p>\n\n<p>第二段</p>\n\n<ul>\n\t<li>一</li>\n\t<li>二</li>\n</ul>\n"


@pytest.fixture
def stored_body(story):
    Article.objects.filter(pk=story["article"].pk).update(body=STORED_BODY)
    article = Article.objects.get(pk=story["article"].pk)
    revisions.ensure_baseline(article)
    return article


def comments(article, newest):
    return [v.revision.get_comment() for v in revisions.history(article)[:newest]]


def test_ckeditor_reformatting_the_body_is_not_an_edit(client, editor, stored_body):
    client.force_login(editor)
    article = save_in_admin(client, stored_body, body=CKEDITOR_BODY, headline="新的标题")
    assert article.body == STORED_BODY
    (comment,) = comments(article, 1)
    assert "主题" in comment and "正文" not in comment
    new, old = revisions.history(article)[:2]
    assert [change["name"] for change in revisions.diff(old, new)] == ["headline"]


def test_a_real_body_edit_is_still_named(client, editor, stored_body):
    client.force_login(editor)
    body = CKEDITOR_BODY.replace("第二段", "第二段改")
    article = save_in_admin(client, stored_body, body=body)
    assert "第二段改" in article.body
    assert "正文" in comments(article, 1)[0]


def test_a_workflow_button_adds_no_edit_to_the_history(client, editor, stored_body):
    client.force_login(editor)
    before = revisions.history(stored_body).count()
    response = take_step(client, stored_body, "submit", body=CKEDITOR_BODY)
    assert response.status_code == 302
    article = Article.objects.get(pk=stored_body.pk)
    assert article.status == Article.Status.IN_REVIEW
    assert article.body == STORED_BODY
    assert revisions.history(article).count() == before + 1
    assert not any("正文" in comment for comment in comments(article, 5))


def test_a_diff_does_not_show_reformatting_stored_before_as_a_change(editor, stored_body):
    Article.objects.filter(pk=stored_body.pk).update(body=CKEDITOR_BODY, headline="新的标题")
    revisions.record(stored_body, editor, "imported")
    new, old = revisions.history(stored_body)[:2]
    assert [change["name"] for change in revisions.diff(old, new)] == ["headline"]


def test_saving_a_publish_time_stored_with_microseconds_does_not_change_it(client, editor, story):
    article = story["article"]
    moment = timezone.now().replace(microsecond=123456) + timedelta(days=1)
    Article.objects.filter(pk=article.pk).update(published_at=moment)
    client.force_login(editor)
    article = save_in_admin(client, Article.objects.get(pk=article.pk), headline="新的标题")
    assert article.published_at == moment
    assert "发布时间" not in comments(article, 1)[0]
