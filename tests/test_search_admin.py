"""The admin's change list searches with the site's engine: body text, drafts, ids, and never
more than the user may see."""

import pytest
from django.urls import reverse

from articles import roles
from articles.models import Article
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:articles_article_changelist")


def listed(client, term):
    response = client.get(LIST_URL, {"q": term})
    assert response.status_code == 200
    return sorted(a.headline for a in response.context["cl"].result_list)


@pytest.fixture
def editor(client):
    client.force_login(make_staff("editor", roles.EDITOR))
    return client


def test_editors_find_drafts_and_published_articles_by_body_text(editor):
    make_article(headline="草稿", status=Article.Status.DRAFT, body="<p>全省优化营商环境。</p>")
    make_article(headline="已发", body="<p>营商环境持续改善。</p>")
    make_article(headline="无关", body="<p>今天天气晴朗。</p>")
    assert listed(editor, "营商环境") == ["已发", "草稿"]


def test_editors_find_an_article_by_its_id(editor):
    wanted = make_article(headline="要找的稿件", status=Article.Status.IN_REVIEW)
    make_article(headline="别的稿件")
    assert listed(editor, str(wanted.pk)) == ["要找的稿件"]
    assert listed(editor, f" {wanted.pk} ") == ["要找的稿件"]


@pytest.mark.parametrize("term", ["&|!():*'\\", "长" * 300, "9" * 40])
def test_junk_terms_list_nothing_and_raise_nothing(editor, term):
    make_article(headline="长江水位上涨")
    assert listed(editor, term) == []


def test_a_nul_in_the_term_is_dropped(editor):
    make_article(headline="长江水位上涨")
    assert listed(editor, "长江\x00水位") == ["长江水位上涨"]


def test_a_writer_finds_only_the_articles_they_may_see(client):
    intern = make_staff("intern", roles.INTERN)
    make_article(headline="自己的防汛稿", status=Article.Status.DRAFT, created_by=intern)
    make_article(headline="别人的防汛稿", status=Article.Status.DRAFT)
    client.force_login(intern)
    assert listed(client, "防汛") == ["自己的防汛稿"]
