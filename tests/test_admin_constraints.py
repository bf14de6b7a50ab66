"""A constraint the database enforces is a form error in the admin, never a 500, and nothing
typed is lost."""

import pytest
from django.urls import reverse

from articles import roles
from articles.models import Article, Byline, CopyrightNotice, SourceOutlet
from tests.factories import (
    add_byline,
    change_form_data,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_staff,
)


def make_superuser():
    return make_staff("chief", is_superuser=True)


pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    story = make_article(status=Article.Status.DRAFT, headline="原标题", summary="原摘要")
    add_byline(story, make_contributor("胡弦"), make_role("记者"))
    return story


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def byline_rows(formset):
    return {key: value for key, value in formset.data.items() if key.startswith("bylines-")}


def stored_credits(article):
    return [(b.contributor.name, b.role.name_zh) for b in Byline.objects.filter(article=article)]


def test_a_credit_deleted_and_added_again_by_someone_else_is_a_form_error_on_resave(
    client, article
):
    opened_by_both = change_form_data(article)
    byline = article.bylines.get()
    # The other editor deletes the byline and credits the same person in the same role again.
    client.force_login(make_staff("editor_a", roles.EDITOR))
    redone = {
        **opened_by_both,
        "bylines-0-DELETE": "on",
        "bylines-TOTAL_FORMS": "2",
        "bylines-1-position": "1",
        "bylines-1-role": byline.role_id,
        "bylines-1-contributor": byline.contributor_id,
    }
    assert client.post(change_url(article), redone).status_code == 302

    client.force_login(make_staff("editor_b", roles.EDITOR))
    typed = {**opened_by_both, "summary": "乙的摘要"}
    refused = client.post(change_url(article), typed)
    assert refused.status_code == 200
    formset = refused.context["inline_admin_formsets"][0].formset
    version_now = refused.context["adminform"].form["expected_version"].value()

    again = {**typed, **byline_rows(formset), "expected_version": version_now}
    response = client.post(change_url(article), again)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    errors = str(formset.errors) + str(formset.non_form_errors())
    assert "胡弦" in errors or "已存在" in errors or "already" in errors
    assert response.context["adminform"].form["summary"].value() == "乙的摘要"
    assert Article.objects.get(pk=article.pk).summary == "原摘要"
    assert stored_credits(article) == [("胡弦", "记者")]


def test_a_byline_id_of_another_article_is_a_form_error(client, article):
    other = make_article(headline="别的稿件")
    foreign = add_byline(other, make_contributor("张三"), make_role("编辑"))
    client.force_login(make_staff("editor", roles.EDITOR))
    data = change_form_data(article, summary="新摘要", **{"bylines-0-id": foreign.pk})
    response = client.post(change_url(article), data)
    assert response.status_code in (200, 302)
    assert stored_credits(other) == [("张三", "编辑")]
    if response.status_code == 200:
        assert response.context["adminform"].form["summary"].value() == "新摘要"


@pytest.mark.parametrize("tampered", ["abc", "-1", "99999999999999999999", "1\x00"])
def test_a_tampered_byline_id_is_a_form_error(client, article, tampered):
    client.force_login(make_staff("editor", roles.EDITOR))
    data = change_form_data(article, summary="新摘要", **{"bylines-0-id": tampered})
    response = client.post(change_url(article), data)
    assert response.status_code in (200, 302)
    assert stored_credits(article) == [("胡弦", "记者")]


def test_two_rows_with_the_same_credit_are_a_form_error(client, article):
    byline = article.bylines.get()
    client.force_login(make_staff("editor", roles.EDITOR))
    data = change_form_data(
        article,
        summary="新摘要",
        **{
            "bylines-TOTAL_FORMS": "2",
            "bylines-1-position": "2",
            "bylines-1-role": byline.role_id,
            "bylines-1-contributor": byline.contributor_id,
        },
    )
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert response.context["adminform"].form["summary"].value() == "新摘要"
    assert stored_credits(article) == [("胡弦", "记者")]


def test_a_clash_only_the_database_sees_is_a_form_error_and_saves_nothing(client, article):
    # Two rows swapping their credits pass every form check; the first UPDATE then clashes
    # with the second row, still stored as it was.
    reporter = article.bylines.get()
    intern = add_byline(article, make_contributor("吴佳怡"), reporter.role)
    client.force_login(make_staff("editor", roles.EDITOR))
    data = change_form_data(
        article,
        summary="新摘要",
        **{
            "bylines-0-contributor": intern.contributor_id,
            "bylines-1-contributor": reporter.contributor_id,
        },
    )
    response = client.post(change_url(article), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert any("database" in e or "数据库" in e for e in form.non_field_errors())
    assert form["summary"].value() == "新摘要"
    stored = Article.objects.get(pk=article.pk)
    assert (stored.summary, stored.version) == ("原摘要", article.version)
    assert stored_credits(article) == [("胡弦", "记者"), ("吴佳怡", "记者")]


def test_an_outlet_s_notices_swapping_titles_is_a_form_error(client):
    outlet = make_outlet("荆楚网", with_notice=False)
    first = CopyrightNotice.objects.create(holder=outlet, title="甲", template="甲{holder}")
    second = CopyrightNotice.objects.create(holder=outlet, title="乙", template="乙{holder}")
    client.force_login(make_superuser())
    data = {
        "name": "荆楚网改",
        "short_name": "",
        "homepage": "",
        "default_notice": "",
        "notices-TOTAL_FORMS": "2",
        "notices-INITIAL_FORMS": "2",
        "notices-MIN_NUM_FORMS": "0",
        "notices-MAX_NUM_FORMS": "1000",
    }
    for i, (notice, title) in enumerate([(first, "乙"), (second, "甲")]):
        data.update(
            {
                f"notices-{i}-id": notice.pk,
                f"notices-{i}-holder": outlet.pk,
                f"notices-{i}-title": title,
                f"notices-{i}-template": notice.template,
            }
        )
    url = reverse("admin:articles_sourceoutlet_change", args=[outlet.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form["name"].value() == "荆楚网改"
    assert SourceOutlet.objects.get(pk=outlet.pk).name == "荆楚网"
