"""The data migration that moves articles' tag links from taggit's generic table onto the
articles' own through model, revisions included."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("articles", "0022_site_pages"),
    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
]
AFTER = [("articles", "0024_tag_links_onto_articles")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_schema(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate(latest())


def stored_revision(apps, article_type, link_type, article, link):
    """A revision as django-reversion stored it before the migration: the article and its
    generic tag link."""
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")
    revision = Revision.objects.create(date_created=timezone.now(), comment="旧版本")
    fields = {"tag": link.tag_id, "content_type": article_type.pk, "object_id": article.pk}
    data = [{"model": "taggit.taggeditem", "pk": link.pk, "fields": fields}]
    Version.objects.create(
        revision=revision,
        content_type=link_type,
        object_id=str(link.pk),
        db="default",
        format="json",
        serialized_data=json.dumps(data),
        object_repr="武汉",
    )
    article_data = [{"model": "articles.article", "pk": article.pk, "fields": {"headline": "旧"}}]
    Version.objects.create(
        revision=revision,
        content_type=article_type,
        object_id=str(article.pk),
        db="default",
        format="json",
        serialized_data=json.dumps(article_data),
        object_repr="旧",
    )
    return revision.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tag_links_and_their_revisions_move_onto_the_articles_through_model(old_schema):
    apps = old_schema
    ContentType = apps.get_model("contenttypes", "ContentType")
    Section = apps.get_model("articles", "Section")
    Article = apps.get_model("articles", "Article")
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    article_type, _ = ContentType.objects.get_or_create(app_label="articles", model="article")
    section_type, _ = ContentType.objects.get_or_create(app_label="articles", model="section")
    link_type, _ = ContentType.objects.get_or_create(app_label="taggit", model="taggeditem")
    section = Section.objects.create(name="新闻", slug="news", path="news")
    first, second = (
        Article.objects.create(headline=h, section=section, created_at=timezone.now())
        for h in ("一", "二")
    )
    wuhan, flood = Tag.objects.create(name="武汉", slug="武汉"), Tag.objects.create(name="防汛")
    links = {
        (first.pk, wuhan.pk): TaggedItem.objects.create(
            tag=wuhan, content_type=article_type, object_id=first.pk
        ).pk,
        (first.pk, flood.pk): TaggedItem.objects.create(
            tag=flood, content_type=article_type, object_id=first.pk
        ).pk,
        (second.pk, flood.pk): TaggedItem.objects.create(
            tag=flood, content_type=article_type, object_id=second.pk
        ).pk,
    }
    # Not an article's: stays where it is.
    other = TaggedItem.objects.create(tag=wuhan, content_type=section_type, object_id=section.pk)
    revision = stored_revision(
        apps, article_type, link_type, first, TaggedItem.objects.get(pk=links[first.pk, wuhan.pk])
    )

    apps = migrate(AFTER)
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    moved = {(link.content_object_id, link.tag_id): link.pk for link in TaggedArticle.objects.all()}
    assert moved == links
    assert list(TaggedItem.objects.values_list("pk", flat=True)) == [other.pk]
    # New links get fresh ids after the copied ones.
    made = TaggedArticle.objects.create(content_object_id=second.pk, tag_id=wuhan.pk)
    assert made.pk > max(links.values())
    made.delete()

    migrate(latest())
    from reversion.models import Revision

    from articles import revisions
    from articles.models import Article as CurrentArticle

    stored = Revision.objects.get(pk=revision)
    version = stored.version_set.get(content_type__model="article")
    assert revisions.snapshot(version)["tags"] == "武汉"
    article = CurrentArticle.objects.get(pk=first.pk)
    article.tags.clear()
    stored.version_set.get(content_type__model="taggedarticle").revert()
    assert list(article.tags.names()) == ["武汉"]
