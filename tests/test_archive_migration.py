"""The migration that moves ImportRecord from `articles` into `archive` keeps every row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# Unapplying `archive` unapplies what depends on it: articles' 0020, which hands the model over.
BEFORE = [("archive", None)]
OLD_STATE = [
    ("articles", "0019_lead_image_from_library"),
    ("contenttypes", "0002_remove_content_type_name"),
]


def migrate(targets, state=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(state or targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_schema(transactional_db):
    apps = migrate(BEFORE, OLD_STATE)
    yield apps
    migrate(latest())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_records_keep_their_rows_and_permissions_when_moved_to_archive(old_schema):
    Section = old_schema.get_model("articles", "Section")
    Article = old_schema.get_model("articles", "Article")
    OldRecord = old_schema.get_model("articles", "ImportRecord")
    ContentType = old_schema.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="articles", model="importrecord")
    section = Section.objects.create(name="新闻", slug="news", path="news")
    article = Article.objects.create(headline="暴雨", section=section, created_at=timezone.now())
    OldRecord.objects.create(
        article=article, fingerprint="f" * 64, content_hash="c" * 64, source_file="a.txt"
    )

    apps = migrate(latest())
    Record = apps.get_model("archive", "ImportRecord")

    assert Record._meta.db_table == "archive_importrecord"
    assert list(Record.objects.values_list("article_id", "fingerprint", "source_file")) == [
        (article.pk, "f" * 64, "a.txt")
    ]
    assert "articles_importrecord" not in connection.introspection.table_names()
    content_type = apps.get_model("contenttypes", "ContentType")
    assert content_type.objects.filter(app_label="archive", model="importrecord").exists()
    assert not content_type.objects.filter(app_label="articles", model="importrecord").exists()
