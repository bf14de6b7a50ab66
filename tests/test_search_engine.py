"""Article.objects.search(): Chinese words found inside longer text, the same on SQLite (FTS5)
and PostgreSQL (tsvector), ranked, and kept in step with every save."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from search import engine, index
from search.models import SearchDocument
from search.query import parse
from tests.factories import add_byline, make_article, make_contributor, make_outlet, make_role

pytestmark = pytest.mark.django_db


def found(query, queryset=None):
    queryset = Article.objects.published() if queryset is None else queryset
    return [article.headline for article in queryset.search(query)]


@pytest.mark.parametrize(
    ("query", "body"),
    [
        ("营商环境", "全省上下持续优化营商环境，企业办事更方便。"),
        ("武汉", "武汉市今年新增就业岗位十万个。"),
        ("5G", "全市新建5G基站三千座。"),
        ("GDP", "一季度全省GDP同比增长百分之六。"),
        ("iPhone 11", "苹果公司发布iPhone11手机。"),
        ("基站", "全市新建5G基站三千座。"),
        ("人民银行", "中国人民银行湖北省分行召开会议。"),
    ],
)
def test_words_are_found_inside_longer_text(query, body):
    make_article(headline="正文命中", body=f"<p>{body}</p>")
    make_article(headline="无关稿件", body="<p>今天天气晴朗，气温二十度。</p>")
    assert found(query) == ["正文命中"]


def test_a_name_is_found_in_the_byline():
    article = make_article(headline="署名稿件", body="<p>记者从会上获悉。</p>")
    add_byline(article, make_contributor("胡弦"), make_role("记者"))
    make_article(headline="无署名", body="<p>记者从会上获悉。</p>")
    assert found("胡弦") == ["署名稿件"]


def test_tags_and_source_outlet_are_searchable():
    article = make_article(headline="带标签", source=make_outlet("长江日报"))
    article.tags.add("防汛抗旱")
    make_article(headline="不带标签")
    assert found("防汛抗旱") == ["带标签"]
    assert found("长江日报") == ["带标签"]


def test_markup_is_not_searched():
    make_article(headline="有链接", body='<p><a href="https://example.com/strong">链接</a></p>')
    assert found("strong") == []
    assert found("example") == []


def test_every_query_word_must_be_found():
    make_article(headline="两个词", body="<p>长江大桥今日通车，市民踊跃参观。</p>")
    make_article(headline="一个词", body="<p>长江水位持续上涨。</p>")
    assert found("长江 通车") == ["两个词"]


def test_one_character_queries_find_titles_and_one_character_words():
    make_article(headline="鄂州机场开通货运航线")
    make_article(headline="其他新闻", body="<p>省委书记到鄂调研。</p>")
    make_article(headline="无关", body="<p>今天天气晴朗。</p>")
    assert sorted(found("鄂")) == ["其他新闻", "鄂州机场开通货运航线"]


def test_two_character_queries_find_words_in_the_body_and_text_in_titles():
    make_article(headline="正文", body="<p>武汉市今年新增就业岗位十万个。</p>")
    make_article(headline="鄂州机场开通货运航线")
    assert found("武汉") == ["正文"]
    assert found("州机") == ["鄂州机场开通货运航线"]


def test_a_title_match_ranks_above_a_body_match():
    when = timezone.now() - timedelta(days=1)
    make_article(headline="今日要闻", body="<p>长江水位上涨。</p>", published_at=when)
    make_article(headline="长江水位上涨", body="<p>今日要闻。</p>", published_at=when)
    assert found("长江") == ["长江水位上涨", "今日要闻"]


def test_the_whole_document_counts_so_a_tag_alone_ranks_below_body_and_subheading():
    now = timezone.now()
    tagged = make_article(
        headline="今日要闻", body="<p>今天天气晴朗。</p>", published_at=now - timedelta(hours=1)
    )
    tagged.tags.add("营商环境")
    make_article(
        headline="全省经济工作会议召开",
        body="<p>会议要求优化营商环境。</p><h3>营商环境持续改善</h3>"
        "<p>各地营商环境评价结果公布。</p>",
        published_at=now - timedelta(days=200),
    )
    assert found("营商环境") == ["全省经济工作会议召开", "今日要闻"]


def test_a_newer_article_ranks_above_an_equally_relevant_older_one():
    now = timezone.now()
    make_article(
        headline="旧稿", body="<p>长江水位上涨。</p>", published_at=now - timedelta(days=400)
    )
    make_article(
        headline="新稿", body="<p>长江水位上涨。</p>", published_at=now - timedelta(hours=2)
    )
    assert found("长江") == ["新稿", "旧稿"]
    by_time = Article.objects.published().search("长江").order_by("-published_at")
    assert [a.headline for a in by_time] == ["新稿", "旧稿"]


def test_a_common_word_is_ranked_among_its_newest_published_matches(monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    now = timezone.now()
    for days in (2000, 0, 400, 45, 20, 100):
        make_article(headline=f"防汛{days}天", published_at=now - timedelta(days=days, hours=1))
    make_article(headline="防汛定时", published_at=now + timedelta(days=1))
    make_article(headline="防汛草稿", status=Article.Status.DRAFT)
    assert sorted(found("防汛")) == ["防汛0天", "防汛20天", "防汛45天"]
    assert found("防汛", Article.objects.published().filter(headline__in=["防汛0天"])) == [
        "防汛0天"
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's read of a few matches")
def test_on_sqlite_a_word_few_documents_hold_is_read_by_id_not_window_by_window():
    make_article(headline="防汛", body="<p>长江</p>")
    make_article(headline="定时防汛", published_at=timezone.now() + timedelta(days=1))
    with CaptureQueriesContext(connection) as captured:
        assert found("防汛") == ["防汛"]
        assert found("抗旱") == []
    assert not any("UNION ALL" in query["sql"] for query in captured.captured_queries)


def test_matches_older_than_every_window_are_found():
    now = timezone.now()
    make_article(headline="旧闻防汛", published_at=now - timedelta(days=3000))
    make_article(headline="更旧防汛", published_at=now - timedelta(days=5000))
    assert found("防汛") == ["旧闻防汛", "更旧防汛"]


@pytest.mark.parametrize(
    "query",
    [
        "&|!():*'\\",
        "长江 & | ! ( ) : * ' \\",
        "'; DROP TABLE articles_article; --",
        '"长江" OR NEAR(a b)',
        "长江\x00水位",
        "长\\'江",
        "*",
        "长江:*",
        "a" * 10_000,
        "。，！？",
        "",
    ],
)
def test_hostile_input_is_searched_as_text_or_refused(query):
    make_article(headline="长江水位上涨", body="<p>长江水位持续上涨。</p>")
    results = found(query)
    assert results in ([], ["长江水位上涨"])
    assert Article.objects.count() == 1


def test_queries_that_cannot_be_searched_say_why():
    assert parse("").problem == "empty"
    assert parse("   \x00 ").problem == "empty"
    assert parse("长" * 101).problem == "too_long"
    assert parse("!!!***").problem == "no_words"
    assert not parse("长" * 100).problem


def test_the_document_follows_edits_bylines_tags_and_names():
    article = make_article(headline="原标题", body="<p>第一版正文。</p>")
    assert found("原标题") == ["原标题"]
    article.headline = "新标题"
    article.body = "<p>修订后的防汛内容。</p>"
    article.save()
    assert found("原标题") == []
    assert found("防汛") == ["新标题"]

    contributor = make_contributor("吴佳怡")
    add_byline(article, contributor, make_role("实习生"))
    assert found("吴佳怡") == ["新标题"]
    contributor.name = "吴佳"
    contributor.save()
    assert found("吴佳怡") == []
    article.bylines.all().delete()
    assert found("吴佳") == []

    article.tags.add("抗洪")
    assert found("抗洪") == ["新标题"]
    article.tags.remove("抗洪")
    assert found("抗洪") == []


def test_a_deleted_article_takes_its_document_along():
    article = make_article(headline="将删除", status=Article.Status.DRAFT)
    add_byline(article, make_contributor(), make_role())
    article.tags.add("临时")
    article.delete()
    assert not SearchDocument.objects.exists()


def test_the_rebuild_command_indexes_articles_written_in_bulk():
    section = make_article().section
    Article.objects.bulk_create(
        [
            Article(
                headline=f"批量{n}",
                body="<p>批量导入的防汛稿件。</p>",
                section=section,
                status=Article.Status.PUBLISHED,
                published_at=timezone.now(),
            )
            for n in range(3)
        ]
    )
    assert found("防汛") == []
    call_command("rebuild_search_index", jobs=1, verbosity=0)
    assert len(found("防汛")) == 3
    assert SearchDocument.objects.count() == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL rebuilds a fresh table")
def test_a_rebuild_swaps_in_a_table_like_the_live_one_and_keeps_edits_made_meanwhile(
    monkeypatch,
):
    article = make_article(headline="原来的标题", body="<p>防汛</p>")
    real = index.documents_for
    edited = []

    def read_then_edit(queryset):
        documents = real(queryset)
        if not edited:
            # An editor saves while the rebuild holds the article's old text.
            edited.append(True)
            article.headline = "改过的标题"
            article.save()
        return documents

    def shape():
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, SearchDocument._meta.db_table)
        return sorted(
            (name, info["primary_key"], info["foreign_key"], info.get("type"), info["columns"])
            for name, info in found.items()
        )

    before = shape()
    monkeypatch.setattr(index, "documents_for", read_then_edit)
    call_command("rebuild_search_index", jobs=1, verbosity=0)
    assert found("改过的标题") == ["改过的标题"]
    assert found("原来的标题") == []
    assert shape() == before
    assert {name for name, *_rest in before} >= {"search_document_gin", "search_newest_first"}


def test_editors_search_drafts_too_without_ranking():
    make_article(headline="草稿长江", status=Article.Status.DRAFT)
    make_article(headline="已发长江")
    assert found("长江") == ["已发长江"]
    assert sorted(a.headline for a in Article.objects.search("长江", ranked=False)) == [
        "已发长江",
        "草稿长江",
    ]
