"""The admin's change list searches with the site's engine: body text, drafts, ids, and never
more than the user may see."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import roles
from articles.admin import article as article_admin
from articles.models import Article
from search import engine
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


@pytest.fixture
def many_listed(monkeypatch):
    """As if the change list held more articles than are searched one by one."""
    monkeypatch.setattr(article_admin, "FEW_VISIBLE", 0)


def test_past_the_bound_the_newest_matches_of_each_state_are_listed(
    editor, monkeypatch, many_listed
):
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    now = timezone.now()
    for days in range(1, 6):
        make_article(
            headline=f"发布{days}", body="<p>防汛</p>", published_at=now - timedelta(days=days)
        )
    make_article(headline="旧草稿", status=Article.Status.DRAFT, body="<p>防汛</p>")
    make_article(headline="定时", body="<p>防汛</p>", published_at=now + timedelta(days=40))
    make_article(headline="更远的定时", body="<p>防汛</p>", published_at=now + timedelta(days=900))
    response = editor.get(LIST_URL, {"q": "防汛"})
    listed_now = sorted(a.headline for a in response.context["cl"].result_list)
    assert listed_now == sorted(["发布1", "发布2", "发布3", "旧草稿", "定时", "更远的定时"])
    assert "6+" in response.text


def test_an_old_draft_is_found_past_many_newer_published_matches(editor, monkeypatch, many_listed):
    monkeypatch.setattr(engine, "CANDIDATES", 2)
    make_article(headline="旧草稿", status=Article.Status.DRAFT, body="<p>防汛</p>")
    for n in range(3):
        make_article(headline=f"发布{n}", body="<p>防汛</p>")
    assert "旧草稿" in listed(editor, "防汛")


def test_below_the_bound_the_count_is_exact(editor):
    make_article(headline="发布", body="<p>防汛</p>")
    make_article(headline="草稿", status=Article.Status.DRAFT, body="<p>防汛</p>")
    response = editor.get(LIST_URL, {"q": "防汛"})
    assert response.context["cl"].result_count == 2
    assert "2+" not in response.text


def test_a_writer_finds_their_old_article_past_the_sites_newer_matches(client, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", 2)
    intern = make_staff("intern", roles.INTERN)
    make_article(
        headline="自己的旧稿",
        body="<p>防汛</p>",
        created_by=intern,
        published_at=timezone.now() - timedelta(days=900),
    )
    for n in range(3):
        make_article(headline=f"别人的新稿{n}", body="<p>防汛</p>")
    client.force_login(intern)
    response = client.get(LIST_URL, {"q": "防汛"})
    assert [a.headline for a in response.context["cl"].result_list] == ["自己的旧稿"]
    assert not response.context["cl"].search_capped


def test_a_few_listed_articles_are_each_searched_past_the_bound(editor, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", 1)
    for n in range(3):
        make_article(headline=f"发布{n}", body="<p>防汛</p>")
    assert len(listed(editor, "防汛")) == 3


def test_the_change_list_without_a_search_reads_nothing_for_it(editor, monkeypatch):
    monkeypatch.setattr(article_admin, "FEW_VISIBLE", 4321)
    make_article(headline="防汛")
    with CaptureQueriesContext(connection) as captured:
        assert editor.get(LIST_URL).status_code == 200
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "LIMIT 4322" not in sql
    assert "search_" not in sql
