"""Tampered or oversized article forms are refused with a message, never a 500 or a worker
busy for minutes."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from articles import roles
from articles.models import Article
from tests.factories import (
    add_byline,
    change_form_data,
    make_article,
    make_contributor,
    make_role,
    make_staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    story = make_article(status=Article.Status.DRAFT, headline="原标题", summary="原摘要")
    add_byline(story, make_contributor("胡弦"), make_role("记者"))
    story.tags.add("武汉")
    return story


@pytest.fixture
def editor(client):
    user = make_staff("editor", roles.EDITOR)
    client.force_login(user)
    return user


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def post(client, article, **overrides):
    return client.post(change_url(article), change_form_data(article, **overrides))


def unchanged(article):
    stored = Article.objects.get(pk=article.pk)
    return stored.summary == "原摘要" and stored.version == article.version


@pytest.mark.parametrize("prefix", ["bylines", "gallery"])
def test_a_form_claiming_a_hundred_thousand_rows_is_refused_at_once(
    client, editor, article, prefix
):
    started = time.monotonic()
    response = post(client, article, summary="新摘要", **{f"{prefix}-TOTAL_FORMS": "100000"})
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert formsets[prefix].non_form_errors()
    assert len(formsets[prefix].forms) <= 200
    assert response.context["adminform"].form["summary"].value() == "新摘要"
    assert unchanged(article)


TAMPERED_CHOICES = [
    {"source": "abc"},
    {"source": "1\x00"},
    {"source": "99999999999999999999"},
    {"section": "abc"},
    {"responsible_editor": "abc"},
    {"copyright_notice": "-1"},
    {"lead_image": "abc"},
    {"lead_image": "99999999999999999999"},
    {"bylines-0-contributor": "abc"},
    {"bylines-0-role": "1\x00"},
    {"bylines-0-contributor": "99999999999999999999"},
    {"tags": ["1\x00"]},
    {"tags": ["abc", "99999999999999999999"]},
    {"gallery-TOTAL_FORMS": "1", "gallery-0-image": "abc", "gallery-0-position": "1"},
]


@pytest.mark.parametrize("tampered", TAMPERED_CHOICES, ids=lambda d: repr(d)[:40])
def test_an_autocomplete_field_with_an_invalid_value_is_a_form_error(
    client, editor, article, tampered
):
    response = post(client, article, summary="新摘要", **tampered)
    assert response.status_code == 200
    assert response.context["adminform"].form["summary"].value() == "新摘要"
    assert unchanged(article)


def test_thousands_of_new_tag_names_are_refused_with_a_message(client, editor, article):
    names = ",".join(f"标签{i}" for i in range(3000))
    response = post(client, article, summary="新摘要", new_tags=names)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "50" in str(form.errors["new_tags"])
    assert form["summary"].value() == "新摘要"
    assert unchanged(article)
    assert Tag.objects.count() == 1


def queries_to_save_with_new_tags(client, article, count):
    names = ",".join(f"新{count}标签{i}" for i in range(count))
    with CaptureQueriesContext(connection) as queries:
        response = post(client, Article.objects.get(pk=article.pk), new_tags=names)
    assert response.status_code == 302
    return len(queries)


def test_new_tags_are_created_in_one_step_whatever_their_number(client, editor, article):
    queries_to_save_with_new_tags(client, article, 1)  # the first save records a baseline too
    assert queries_to_save_with_new_tags(client, article, 2) == queries_to_save_with_new_tags(
        client, article, 50
    )
    names = set(Article.objects.get(pk=article.pk).tags.names())
    assert {f"新50标签{i}" for i in range(50)} <= names
    assert all(Tag.objects.values_list("slug", flat=True))


def test_a_new_tag_whose_slug_is_taken_gets_another(client, editor, article):
    Tag.objects.create(name="Wuhan News", slug="wuhan-news")
    post(client, article, new_tags='"wuhan news", "……"')
    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs["wuhan news"] == "wuhan-news_1"
    assert slugs["……"].startswith("tag-")
