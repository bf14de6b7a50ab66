"""Pending changes of a published article are not searchable until they are signed off: the
edit is rolled back, and its search document with it."""

import pytest
from django.urls import reverse

from articles import roles
from articles.models import Article
from tests.factories import change_form_data, make_article, make_section, make_staff, take_step
from tests.review_cases import three_stage_chain

pytestmark = pytest.mark.django_db


def found(client, query):
    response = client.get("/search/", {"q": query})
    return [article.headline for article, _t, _s in response.context.get("results", [])]


def test_pending_words_are_found_only_once_signed_off(client):
    section = make_section(name="新闻", slug="news")
    three_stage_chain(section)
    article = make_article(section=section, headline="已签发的标题", body="<p>原来的正文。</p>")
    client.force_login(make_staff("editor", roles.EDITOR))
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(
        article, headline="待签发的防汛标题", body="<p>尚未签发的抗洪正文。</p>"
    )
    assert client.post(url, data).status_code == 302
    assert found(client, "防汛") == []
    assert found(client, "抗洪") == []
    assert found(client, "原来") == ["已签发的标题"]

    client.force_login(make_staff("chief", roles.EDITOR_IN_CHIEF))
    take_step(
        client,
        Article.objects.get(pk=article.pk),
        "approve_changes",
        headline="待签发的防汛标题",
        body="<p>尚未签发的抗洪正文。</p>",
    )
    assert found(client, "抗洪") == ["待签发的防汛标题"]
    assert found(client, "原来") == []
