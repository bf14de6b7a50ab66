"""Review chains (三审): which chain applies, stage by stage, sign-off on record, the desk."""

import importlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from articles import permissions, roles, workflow
from articles.models import Article, Transition
from review import chains
from review.models import ChainSection, ReviewChain, Reviewer, ReviewState, SignOff, Stage
from tests.factories import (
    gallery_form_data,
    make_article,
    make_section,
    make_staff,
    page_text,
    take_step,
)
from tests.review_cases import DESK_HEAD, staff, three_stage_chain

pytestmark = pytest.mark.django_db

S = Article.Status
INDEX = reverse("admin:index")


@pytest.fixture
def newsroom():
    news = make_section(name="新闻", slug="news")
    hubei = make_section(name="湖北", slug="hubei", parent=news)
    wuhan = make_section(name="武汉", slug="wuhan", parent=hubei)
    opinion = make_section(name="评论", slug="opinion")
    chain, stages = three_stage_chain(news)
    people = {
        "intern": make_staff("intern", roles.INTERN),
        "editor": make_staff("editor", roles.EDITOR, first_name="初审编辑"),
        "desk_head": staff("desk_head", DESK_HEAD),
        "chief": make_staff("chief", roles.EDITOR_IN_CHIEF),
    }
    return {
        "news": news,
        "hubei": hubei,
        "wuhan": wuhan,
        "opinion": opinion,
        "chain": chain,
        "stages": stages,
        **people,
    }


def test_the_nearest_configured_ancestors_chain_applies_else_the_default(newsroom):
    short = ReviewChain.objects.create(name="评论两审")
    ChainSection.objects.create(chain=short, section=newsroom["hubei"])
    on = {
        name: ReviewChain.objects.for_section(newsroom[name]).name
        for name in ("news", "hubei", "wuhan", "opinion")
    }
    assert on == {
        "news": "三审",
        "hubei": "评论两审",
        "wuhan": "评论两审",
        "opinion": "默认审核流程",
    }


def test_a_writers_article_passes_three_stages_and_the_sign_off_is_on_record(client, newsroom):
    article = make_article(section=newsroom["wuhan"], status=S.DRAFT, created_by=newsroom["intern"])
    client.force_login(newsroom["intern"])
    take_step(client, article, "submit")
    assert ReviewState.objects.get(article=article).stage.name == "初审"

    for who, expected in (("editor", "复审"), ("desk_head", "终审")):
        client.force_login(newsroom[who])
        take_step(client, Article.objects.get(pk=article.pk), "pass")
        assert ReviewState.objects.get(article=article).stage.name == expected

    client.force_login(newsroom["chief"])
    with_chief = take_step(client, Article.objects.get(pk=article.pk), "publish")
    assert with_chief.status_code == 302
    article.refresh_from_db()
    assert article.is_public()
    assert not ReviewState.objects.filter(article=article).exists()
    # 责编 stays the 初审 editor; the 签发 is the chief's, with the revision signed off.
    assert article.responsible_editor == newsroom["editor"]
    sign_off = SignOff.objects.get(article=article)
    assert (sign_off.signed_by, sign_off.what) == (newsroom["chief"], SignOff.What.PUBLISH)
    assert sign_off.revision.version_set.filter(object_id=str(article.pk)).exists()
    log = list(article.transitions.order_by("at", "pk").values_list("action", "stage", "actor"))
    assert log == [
        ("submit", "", newsroom["intern"].pk),
        ("pass", "初审", newsroom["editor"].pk),
        ("pass", "复审", newsroom["desk_head"].pk),
        ("publish", "终审", newsroom["chief"].pk),
    ]
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "chief" in page_text(page).split("签发")[-1] or "chief" in page_text(page)


def test_no_stage_can_be_skipped_by_a_direct_request(client, newsroom):
    article = make_article(section=newsroom["hubei"], status=S.DRAFT, created_by=newsroom["intern"])
    workflow.perform(article, newsroom["intern"], "submit")
    client.force_login(newsroom["chief"])
    response = take_step(client, article, "publish")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW
    with pytest.raises(workflow.TransitionRefused):
        workflow.perform(article, newsroom["chief"], "publish")
    with pytest.raises(workflow.NotAllowed):
        workflow.perform(article, newsroom["desk_head"], "publish")
    assert ReviewState.objects.get(article=article).stage.name == "初审"


def test_a_return_at_any_stage_sends_the_article_back_with_the_note(newsroom):
    article = make_article(section=newsroom["news"], status=S.DRAFT, created_by=newsroom["intern"])
    workflow.perform(article, newsroom["intern"], "submit")
    workflow.perform(article, newsroom["editor"], "pass")
    entry = workflow.perform(article, newsroom["desk_head"], "return", note="数据请再核实")
    assert (article.status, entry.stage, entry.note) == (S.DRAFT, "复审", "数据请再核实")
    assert not ReviewState.objects.filter(article=article).exists()
    workflow.perform(article, newsroom["intern"], "submit")
    assert ReviewState.objects.get(article=article).stage.name == "初审"


def test_a_section_scoped_reviewer_acts_in_that_section_only(client, newsroom):
    (second,) = [stage for stage in newsroom["stages"] if stage.name == "复审"]
    second.reviewers.all().delete()
    hubei_head = staff("hubei_head", DESK_HEAD)
    opinion_head = staff("opinion_head", DESK_HEAD)
    for person, section in ((hubei_head, "hubei"), (opinion_head, "news")):
        reviewer = Reviewer.objects.create(stage=second, user=person)
        reviewer.sections.add(newsroom[section])
    in_wuhan = make_article(section=newsroom["wuhan"], status=S.DRAFT, headline="武汉稿")
    in_news = make_article(section=newsroom["news"], status=S.DRAFT, headline="新闻稿")
    for article in (in_wuhan, in_news):
        workflow.perform(article, newsroom["editor"], "submit")
        workflow.perform(article, newsroom["editor"], "pass")

    assert permissions.can_transition(hubei_head, in_wuhan, "pass")
    assert not permissions.can_view(hubei_head, in_news)
    client.force_login(hubei_head)
    desk = client.get(INDEX).context["desk"]
    (waiting,) = [entry for entry in desk if entry["key"] == "waiting"]
    assert [(row["article"].headline, row["stage"]) for row in waiting["rows"]] == [
        ("武汉稿", "复审")
    ]
    assert waiting["rows"][0]["since"] is not None
    refused = take_step(client, in_news, "pass")
    assert refused.status_code == 302 and refused.url == INDEX  # not even visible
    assert ReviewState.objects.get(article=in_news).stage == second
    take_step(client, in_wuhan, "pass")
    assert ReviewState.objects.get(article=in_wuhan).stage.name == "终审"


def test_the_desk_shows_stage_and_age_of_what_waits_for_me(client, newsroom):
    article = make_article(section=newsroom["news"], status=S.DRAFT, headline="送审稿")
    workflow.perform(article, newsroom["intern"] if False else newsroom["editor"], "submit")
    ReviewState.objects.filter(article=article).update(since=timezone.now() - timedelta(hours=5))
    client.force_login(newsroom["editor"])
    page = client.get(INDEX)
    (waiting,) = [entry for entry in page.context["desk"] if entry["key"] == "waiting"]
    assert [(row["article"].headline, row["stage"]) for row in waiting["rows"]] == [
        ("送审稿", "初审")
    ]
    assert "5" in page_text(page).split("送审稿", 1)[1][:40]  # waiting 5 hours
    client.force_login(newsroom["chief"])
    (chief_waiting,) = [
        entry for entry in client.get(INDEX).context["desk"] if entry["key"] == "waiting"
    ]
    assert chief_waiting["rows"] == []


def test_an_editor_publishes_their_own_new_article_from_the_add_form(client):
    editor = make_staff("editor", roles.EDITOR)
    section = make_section()
    client.force_login(editor)
    add = reverse("admin:articles_article_add")
    assert 'value="publish"' in client.get(add).content.decode()
    response = client.post(add, _new_article(section, _workflow="publish"))
    assert response.status_code == 302
    article = Article.objects.get(headline="编辑自己的稿件")
    assert article.is_public()
    assert list(article.transitions.values_list("action", flat=True)) == ["publish"]
    assert SignOff.objects.filter(article=article, signed_by=editor).exists()


def test_a_writer_saves_and_submits_from_the_add_form(client):
    intern = make_staff("intern", roles.INTERN)
    section = make_section()
    client.force_login(intern)
    add = reverse("admin:articles_article_add")
    form = client.get(add).content.decode()
    assert 'name="_workflow" value="submit"' in form
    assert 'value="publish"' not in form
    client.post(add, _new_article(section, _workflow="submit"))
    article = Article.objects.get(headline="编辑自己的稿件")
    assert article.status == S.IN_REVIEW
    forged = client.post(add, _new_article(section, _workflow="publish", headline="伪造"))
    assert forged.status_code == 403
    assert not Article.objects.filter(headline="伪造").exists()


def _new_article(section, **fields):
    return {
        "headline": "编辑自己的稿件",
        "kicker": "",
        "subheadline": "",
        "list_title": "",
        "summary": "",
        "body": "<p>正文</p>",
        "section": section.pk,
        "new_tags": "",
        "published_at_0": "",
        "published_at_1": "",
        "_workflow_publish_at_schedule": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        **gallery_form_data(),
        **fields,
    }


def test_a_scheduled_article_reads_scheduled_with_its_time_on_every_page(client):
    editor = make_staff("editor", roles.EDITOR)
    go_live = timezone.now() + timedelta(days=1)
    article = make_article(published_at=go_live, headline="明天的稿件")
    shown = timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M:%S")
    client.force_login(editor)
    change = page_text(client.get(reverse("admin:articles_article_change", args=[article.pk])))
    listing = page_text(client.get(reverse("admin:articles_article_changelist")))
    desk = page_text(client.get(INDEX))
    for text in (change, listing, desk):
        assert f"定时发布 {shown}" in text


def test_the_data_migration_puts_waiting_articles_at_the_default_stage():
    migration = importlib.import_module("review.migrations.0002_default_chain_and_chief_editors")
    ReviewChain.objects.all().delete()
    Group.objects.filter(name=roles.EDITOR_IN_CHIEF).delete()
    waiting = make_article(status=S.IN_REVIEW, published_at=None)
    submitted_at = timezone.now() - timedelta(days=2)
    Transition.objects.create(
        article=waiting, action="submit", from_state=S.DRAFT, to_state=S.IN_REVIEW, at=submitted_at
    )
    make_article(status=S.DRAFT)
    # The articles table as it is now (its latest migration), which the rows above were written to.
    state = MigrationExecutor(connection).loader.project_state(
        [("review", "0001_initial"), ("articles", "0019_lead_image_from_library")]
    )
    migration.forwards(state.apps, None)

    chain = ReviewChain.objects.get(is_default=True)
    (stage,) = Stage.objects.filter(chain=chain)
    (row,) = ReviewState.objects.all()
    assert (row.article_id, row.stage, row.since) == (waiting.pk, stage, submitted_at)
    editors = Group.objects.get(name=roles.EDITOR)
    chief = Group.objects.get(name=roles.EDITOR_IN_CHIEF)
    assert set(chief.permissions.all()) >= set(editors.permissions.all())
    # Today's editors sign off alone, as before the chains existed.
    editor = make_staff("editor", roles.EDITOR)
    article = Article.objects.get(pk=waiting.pk)
    assert chains.current_stage(article) == stage
    assert permissions.can_transition(editor, article, "publish")


def test_the_article_page_prints_the_sign_off_only_when_the_site_says_so(client, settings):
    chief = make_staff("chief", roles.EDITOR_IN_CHIEF, first_name="总编")
    article = make_article(status=S.IN_REVIEW, published_at=None, headline="一篇稿件")
    workflow.perform(article, chief, "publish")
    settings.PRINT_SIGN_OFF = False
    assert "(签发:" not in page_text(client.get(article.get_absolute_url()))
    settings.PRINT_SIGN_OFF = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    text = page_text(client.get(article.get_absolute_url()))
    assert "(签发: 总编)" in text
    assert "(责编: 总编)" in text


def test_without_any_chain_editors_review_and_sign_off_as_before_chains():
    ReviewChain.objects.all().delete()
    intern, editor = make_staff("intern", roles.INTERN), make_staff("editor", roles.EDITOR)
    article = make_article(status=S.DRAFT, created_by=intern)
    workflow.perform(article, intern, "submit")
    assert not permissions.can_transition(editor, article, "pass")
    assert not permissions.can_transition(intern, article, "publish")
    workflow.perform(article, editor, "publish")
    assert article.is_public()
