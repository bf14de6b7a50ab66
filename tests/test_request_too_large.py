"""A form larger than Django reads (a long body with pasted images) gets a page saying what was
too large, in the editor's language, not a bare "Bad Request (400)"."""

import pytest
from django.urls import reverse

from articles import roles
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff("editor", roles.EDITOR))
    return client


def post_a_large_body(client, language):
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    body = "<p>" + "很长的正文" * 850_000 + "</p>"  # 12.2 MB in UTF-8
    return client.post(url, {"body": body}, headers={"accept-language": language})


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", "最多"), ("en", "a form can carry at most 11 MB")]
)
def test_a_form_over_the_limit_gets_a_page_saying_what_was_too_large(
    editor_client, language, words
):
    response = post_a_large_body(editor_client, language)
    assert response.status_code == 413
    html = response.content.decode()
    assert words in html and "Bad Request" not in html
    assert 'id="site-name"' in html  # the admin's page


def test_too_many_fields_get_a_page_too(editor_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {f"field{i}": "x" for i in range(20)}
    response = editor_client.post(url, data, headers={"accept-language": "en"})
    assert response.status_code == 413
    assert "more than 10 fields" in response.content.decode()
