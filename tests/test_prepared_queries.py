"""The front page's fallback read is compiled once per layout (`articles/prepared.py`) and run
again with the moment and the placed articles of each render: it must read what the ORM's own
build of that render reads."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from articles import prepared as prepared_module
from articles.models import Article
from articles.prepared import prepared
from tests.factories import make_article, make_section
from tests.frontpage_factories import home_block, place

pytestmark = pytest.mark.django_db


def newest_but(at, ids):
    return Article.objects.published(at).exclude(pk__in=ids).values_list("pk", "published_at")[:3]


def test_a_prepared_query_is_the_orms_with_the_real_values_in_place():
    now = timezone.now()
    section = make_section()
    articles = [make_article(section, published_at=now - timedelta(hours=n)) for n in range(6)]
    query = prepared(("test", "newest but"), newest_but, (None, "published_at"), 2)
    for at, ids in (
        (now, [articles[0].pk, articles[2].pk]),
        (now - timedelta(minutes=90), [articles[3].pk, articles[4].pk]),
    ):
        sql, params = newest_but(at, ids).query.sql_with_params()
        assert (query.sql, query.params_for(at, ids)) == (sql, list(params))
        assert sorted(query.run(at, ids)) == sorted(newest_but(at, ids))


def shown(client):
    """Every article the home page's blocks show, block by block, rendered now."""
    cache.clear()
    return [item.articles for item in client.get("/").context["blocks"] if item.block.pk]


def test_the_home_page_follows_time_and_entries_with_its_query_built_once(client):
    now = timezone.now()
    section = make_section("要闻", "yaowen")
    old, new = (make_article(section, published_at=now - timedelta(hours=h)) for h in (2, 1))
    later = make_article(section, published_at=now + timedelta(hours=1))
    place(home_block("头条"), old)
    assert shown(client)[:3] == [[old], [], [new]]
    built = len(prepared_module._prepared)
    with time_machine.travel(now + timedelta(hours=2)):
        assert shown(client)[:3] == [[old], [], [later, new]]
    home_block("头条").entries.update(article=new)
    assert shown(client)[:3] == [[new], [], [old]]
    assert len(prepared_module._prepared) == built


def test_the_navigation_is_read_again_at_each_moment(client):
    from articles.models import Section
    from articles.prepared import navigation_sections

    now = timezone.now()
    live, later = make_section("时政", "politics"), make_section("体育", "sports")
    make_article(live, published_at=now - timedelta(hours=1))
    make_article(later, published_at=now + timedelta(hours=1))

    def paths_and_names():
        return list(Section.objects.in_navigation().values_list("path", "name"))

    assert navigation_sections() == paths_and_names() == [("politics", "时政")]
    built = {k: q for k, q in prepared_module._prepared.items() if k[2] == ("navigation",)}
    with time_machine.travel(now + timedelta(hours=2)):
        assert navigation_sections() == paths_and_names()
        assert ("sports", "体育") in navigation_sections()
        cache.clear()
        assert 'href="/sports/"' in client.get("/").content.decode()
    assert {k: prepared_module._prepared[k] for k in built} == built and len(built) == 1


def test_the_article_pages_read_is_the_orms_with_its_bylines_and_tags():
    """`published_article_page` (compiled once, PREPAREd on PostgreSQL) gives what
    `article_page_articles().published()` gives: the article, its joins, annotations, bylines
    in order and tags (by id); and no draft, scheduled or withdrawn article."""
    from articles.models import BylineRole
    from articles.views.public import article_page_articles, published_article_page
    from tests.factories import add_byline, make_contributor

    now = timezone.now()
    section = make_section()
    article = make_article(section)
    role = BylineRole.objects.first() or BylineRole.objects.create(code="r", name_zh="记者")
    for contributor in (make_contributor(), make_contributor(), make_contributor()):
        add_byline(article, contributor, role)
    article.tags.add("甲", "乙", "丙")
    later = make_article(section, published_at=now + timedelta(hours=1))
    draft = make_article(section, status=Article.Status.DRAFT)
    for _ in range(2):  # the second time from the compiled query (and prepared statement)
        (found,) = published_article_page(article.pk)
        (orm,) = article_page_articles().published().filter(pk=article.pk)
        assert [f.value_from_object(found) for f in Article._meta.concrete_fields] == [
            f.value_from_object(orm) for f in Article._meta.concrete_fields
        ]
        assert found.section == orm.section and found.has_topics == orm.has_topics
        assert [b.pk for b in found.bylines.all()] == [b.pk for b in orm.bylines.all()]
        tags = list(found.tags.all())
        assert sorted(t.name for t in tags) == ["丙", "乙", "甲"]
        assert [t.pk for t in tags] == sorted(t.pk for t in tags)
        assert published_article_page(later.pk) == published_article_page(draft.pk) == []
    with time_machine.travel(now + timedelta(hours=2)):
        assert [a.pk for a in published_article_page(later.pk)] == [later.pk]


def test_an_article_pages_next_go_live_is_the_orms_with_its_query_built_once():
    """The next time a scheduled article goes live in the article page's own section (its
    neighbours), read by a query compiled once (`page_cache.next_go_live`)."""
    from articles.page_cache import next_go_live, scheduled_for
    from articles.page_keys import article_key, within_key

    now = timezone.now()
    parent = make_section()
    child = make_section(parent=parent)
    article = make_article(child)
    keys = (article_key(article.pk), within_key(parent.path), within_key(child.path))
    assert next_go_live(keys) is None
    make_article(parent, published_at=now + timedelta(minutes=10))  # another section
    make_article(child, status=Article.Status.DRAFT, published_at=now + timedelta(minutes=20))
    soon = make_article(child, published_at=now + timedelta(minutes=30))
    make_article(child, published_at=now + timedelta(minutes=40))
    for _ in range(2):
        assert next_go_live(keys) == soon.published_at
        assert next_go_live(keys) == scheduled_for(keys).values_list("published_at").first()[0]
    with time_machine.travel(now + timedelta(minutes=35)):
        assert next_go_live(keys) == now + timedelta(minutes=40)


def test_a_sections_ancestors_are_the_orms_at_every_depth():
    from articles.models import Section
    from articles.prepared import section_ancestors

    root = make_section()
    child = make_section(parent=root)
    grandchild = make_section(parent=child)
    make_section(parent=child)  # a sibling, not an ancestor
    for _ in range(2):  # the second time from the compiled query (and prepared statement)
        for section in (root, child, grandchild):
            assert section_ancestors(section) == list(Section.objects.ancestors_of(section))
    assert section_ancestors(grandchild) == [root, child, grandchild]


def test_the_front_pages_entries_are_the_orms_at_each_moment():
    from frontpage.models import SlotEntry
    from frontpage.slots import ARTICLE_FIELDS, _live_entries

    now = timezone.now()
    section = make_section("要闻", "yaowen")
    articles = [make_article(section, published_at=now - timedelta(hours=n)) for n in range(4)]
    blocks = [home_block("头条"), home_block("要闻")]
    place(blocks[0], articles[0], title="今日头条")
    place(blocks[1], articles[1], ends_at=now + timedelta(hours=1))
    place(blocks[1], articles[2], starts_at=now + timedelta(hours=1))
    place(blocks[1], articles[3])
    ids = [block.pk for block in blocks]

    def orms(at):
        return [
            (entry.pk, entry.shown_title, entry.article.section.name, entry.article.lead_image)
            for entry in SlotEntry.objects.filter(block__in=ids)
            .live(at)
            .select_related(*ARTICLE_FIELDS, "image")
            .order_by("block", "position", "pk")
        ]

    for at in (now, now + timedelta(hours=2)):
        read = [
            (entry.pk, entry.shown_title, entry.article.section.name, entry.article.lead_image)
            for entry in _live_entries(ids, at)
        ]
        assert read == orms(at)
        assert len(read) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PREPARE is PostgreSQL's")
def test_a_prepared_statement_takes_only_the_moment_and_ids_its_constants_written_in():
    now = timezone.now()
    articles = [make_article(published_at=now - timedelta(hours=n)) for n in range(4)]

    def build(at, ids):
        newest = Article.objects.published(at).filter(headline__startswith="标题")
        return newest.exclude(pk__in=ids).values_list("pk", "published_at")[:3]

    query = prepared(("test", "constants"), build, (None, "published_at"), 2, name="test_consts")
    assert query.server_sql.count("$") == 3 and "'标题%'" in query.server_sql
    for at, ids in ((now, [articles[0].pk, 0]), (now - timedelta(minutes=90), [0, 0])):
        assert sorted(query.run(at, ids)) == sorted(build(at, ids))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PREPARE is PostgreSQL's")
def test_postgresql_plans_a_prepared_statement_once_whatever_its_moment():
    """Left to choose, PostgreSQL planned the article page's go-live read again on every run."""
    from articles.page_cache import next_go_live
    from articles.page_keys import article_key, within_key

    section = make_section()
    article = make_article(section)
    keys = (article_key(article.pk), within_key(section.path))

    with connection.cursor() as cursor:
        # Prepared afresh: PostgreSQL's own choice plans a new statement's first five runs anew.
        cursor.execute("DEALLOCATE ALL")
    connection.newsroom_prepared = None
    for minutes in range(8):
        with time_machine.travel(timezone.now() + timedelta(minutes=minutes)):
            next_go_live(keys)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = %s",
            ["next_go_live_in_section"],
        )
        assert cursor.fetchone() == (8, 0)
