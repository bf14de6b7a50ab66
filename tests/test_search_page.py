"""/search/: what readers find, and what they never see (drafts, scheduled, withdrawn)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.factories import make_article, make_outlet, make_section, make_staff, page_text

pytestmark = pytest.mark.django_db

HIDDEN_STATES = {
    "draft": {"status": Article.Status.DRAFT},
    "in review": {"status": Article.Status.IN_REVIEW},
    "withdrawn": {
        "status": Article.Status.WITHDRAWN,
        "published_at": timezone.now() - timedelta(hours=2),
    },
    "scheduled": {
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() + timedelta(hours=2),
    },
}


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def headlines(response):
    return [article.headline for article, _title, _snippet in response.context.get("results", [])]


def test_every_public_page_has_a_labelled_search_box(client):
    article = make_article(make_section("新闻", "news"), headline="稿件")
    for url in ("/", "/news/", article.get_absolute_url(), "/search/?q=稿件"):
        html = client.get(url).content.decode()
        form = re.search(
            r'<form class="site-search" role="search" action="/search/".*?</form>', html, re.S
        )
        assert form, url
        assert '<label class="visually-hidden" for="site-search-q">' in form.group(0)
        assert 'id="site-search-q" type="search" name="q"' in form.group(0)


def test_a_result_shows_highlighted_headline_snippet_section_time_and_source(client):
    section = make_section("湖北", "hubei")
    make_article(
        section,
        headline="武汉优化营商环境",
        body="<p>开头的话。</p><p>全市持续优化营商环境，企业办事更方便。</p>",
        source=make_outlet("荆楚网"),
        published_at=timezone.make_aware(timezone.datetime(2026, 7, 29, 11, 26, 52)),
    )
    response = search(client, q="营商环境")
    html = response.content.decode()
    assert "武汉优化<mark>营商环境</mark>" in html
    assert "全市持续优化<mark>营商环境</mark>，企业办事更方便。" in html
    text = page_text(response)
    assert "2026-07-29 11:26:52 · 湖北 · 来源: 荆楚网" in text
    assert "1 篇稿件" in text or "1 article found" in text


def test_twenty_results_a_page_and_the_pages_keep_the_query(client):
    section = make_section()
    for n in range(23):
        make_article(
            section, headline=f"防汛第{n}号", published_at=timezone.now() - timedelta(hours=n + 1)
        )
    first = search(client, q="防汛", sort="time")
    assert len(headlines(first)) == 20
    assert 'href="?q=%E9%98%B2%E6%B1%9B&amp;sort=time&amp;page=2"' in first.content.decode()
    second = search(client, q="防汛", sort="time", page="2")
    assert headlines(second) == ["防汛第20号", "防汛第21号", "防汛第22号"]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999999999999999999", "1.5", "2\x00", ""])
def test_page_junk_gives_a_page_not_an_error(client, page):
    make_article(headline="防汛")
    assert headlines(search(client, q="防汛", page=page)) == ["防汛"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word"),
        ("   ", "Type a word"),
        ("\x00", "Type a word"),
        ("长" * 101, "longer than 100"),
        ("长江" * 5_000, "longer than 100"),
        ("&|!():*'\\", "punctuation and symbols alone"),
        ("不存在的词语组合", "No article matches"),
    ],
)
def test_queries_that_find_nothing_get_a_friendly_page(client, settings, query, message):
    settings.LANGUAGE_CODE = "en"
    make_article(headline="长江水位上涨")
    response = client.get("/search/", {"q": query}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in page_text(response)
    assert headlines(response) == []


@pytest.mark.parametrize(
    "query", ["长江' --", "长江\\", "长江:*", "(长江", "长江\x00", '"长江"', "长江 &"]
)
def test_syntax_characters_are_searched_as_text(client, query):
    make_article(headline="长江水位上涨")
    assert headlines(search(client, q=query)) == ["长江水位上涨"]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_articles_are_in_no_result_snippet_or_count(client, state):
    make_article(headline="公开的防汛稿件", body="<p>防汛工作有序开展。</p>")
    make_article(
        headline="隐藏的防汛稿件", body="<p>防汛秘密词语尚未公开。</p>", **HIDDEN_STATES[state]
    )
    response = search(client, q="防汛")
    assert headlines(response) == ["公开的防汛稿件"]
    assert response.context["page_obj"].paginator.count == 1
    text = page_text(response)
    assert "隐藏" not in text and "秘密词语" not in text
    assert headlines(search(client, q="秘密词语")) == []
    assert "No article matches" in page_text(
        client.get("/search/", {"q": "秘密词语"}, HTTP_ACCEPT_LANGUAGE="en")
    ) or "没有" in page_text(search(client, q="秘密词语"))


def test_a_withdrawn_article_leaves_the_results_at_once(client):
    editor = make_staff("editor", "编辑")
    article = make_article(headline="即将撤稿的防汛稿件")
    assert headlines(search(client, q="防汛")) == ["即将撤稿的防汛稿件"]
    workflow.perform(article, editor, "withdraw", note="事实有误")
    assert headlines(search(client, q="防汛")) == []


def test_a_scheduled_article_appears_when_its_time_comes(client):
    go_live = timezone.now() + timedelta(minutes=30)
    make_article(headline="定时发布的防汛稿件", published_at=go_live)
    assert headlines(search(client, q="防汛")) == []
    with time_machine.travel(go_live + timedelta(seconds=1)):
        assert headlines(search(client, q="防汛")) == ["定时发布的防汛稿件"]


def test_filters_by_section_subtree_source_and_dates(client):
    news = make_section("新闻", "news")
    hubei = make_section("湖北", "hubei", parent=news)
    sports = make_section("体育", "sports")
    outlet = make_outlet("长江日报")
    day = timezone.make_aware(timezone.datetime(2026, 5, 10, 9, 0))
    make_article(hubei, headline="湖北防汛", source=outlet, published_at=day)
    make_article(news, headline="新闻防汛", published_at=day - timedelta(days=3))
    make_article(sports, headline="体育防汛", published_at=day - timedelta(days=6))
    assert headlines(search(client, q="防汛", section=news.pk, sort="time")) == [
        "湖北防汛",
        "新闻防汛",
    ]
    assert headlines(search(client, q="防汛", source=outlet.pk)) == ["湖北防汛"]
    assert headlines(search(client, q="防汛", start="2026-05-07", end="2026-05-09")) == ["新闻防汛"]
    assert headlines(search(client, q="防汛", end="2026-05-04")) == ["体育防汛"]


@pytest.mark.parametrize(
    "params",
    [
        {"section": "abc"},
        {"source": "\x00"},
        {"start": "99999-01-01"},
        {"end": "0001-01-01"},
        {"sort": "random"},
        {"start": "2026-02-30"},
    ],
)
def test_an_invalid_filter_is_ignored_and_said_so(client, params):
    make_article(headline="防汛")
    response = search(client, q="防汛", **params)
    assert headlines(response) == ["防汛"]
    if "sort" not in params:
        assert "field-error" in response.content.decode()


def test_sort_by_time_puts_the_newest_first(client):
    now = timezone.now()
    make_article(
        headline="防汛要闻", body="<p>防汛防汛防汛。</p>", published_at=now - timedelta(days=30)
    )
    make_article(
        headline="今日消息", body="<p>提到防汛一次。</p>", published_at=now - timedelta(hours=1)
    )
    assert headlines(search(client, q="防汛")) == ["防汛要闻", "今日消息"]
    assert headlines(search(client, q="防汛", sort="time")) == ["今日消息", "防汛要闻"]


def test_the_page_is_never_cached_nor_indexed(client):
    make_article(headline="防汛一")
    first = search(client, q="防汛")
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert first["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex, follow">' in first.content.decode()
    Article.objects.filter(headline="防汛一").update(headline="防汛二")
    make_article(headline="防汛三")
    # Not served from a cache: the new article and the changed headline show at once.
    assert sorted(headlines(search(client, q="防汛"))) == ["防汛三", "防汛二"]


def test_the_page_runs_the_same_queries_for_one_result_or_twenty(client):
    section = make_section()
    make_article(section, headline="防汛")

    def count():
        with CaptureQueriesContext(connection) as queries:
            search(client, q="防汛")
        return len(queries)

    few = count()
    for n in range(30):
        make_article(section, headline=f"防汛{n}")
    assert count() == few <= 8


def test_the_filters_show_what_was_chosen(client):
    section = make_section("湖北", "hubei")
    make_article(section, headline="防汛")
    html = search(client, q="防汛", section=section.pk, sort="time").content.decode()
    assert f'<option value="{section.pk}" selected>湖北</option>' in html
    assert '<option value="time" selected>' in html
    assert '<select name="section" id="id_section">' in html
