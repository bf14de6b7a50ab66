import json

from django.core.management.color import no_style
from django.db import migrations

BATCH = 2000


def content_types(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    article, _ = ContentType.objects.get_or_create(app_label="articles", model="article")
    generic, _ = ContentType.objects.get_or_create(app_label="taggit", model="taggeditem")
    own, _ = ContentType.objects.get_or_create(app_label="articles", model="taggedarticle")
    return article.pk, generic.pk, own.pk


def names_article(content_type, article_type):
    return content_type == article_type or content_type == ["articles", "article"]


def copy_links(schema_editor, sql, params):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql, params)


def onto_articles(apps, schema_editor):
    """Each article's tag links move, with their ids, from taggit's generic table to the articles'
    own; the revisions that stored them are rewritten to the new model, so old revisions still
    show and restore their tags."""
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    Article = apps.get_model("articles", "Article")
    article_type, generic_type, own_type = content_types(apps)
    copy_links(
        schema_editor,
        f"INSERT INTO {TaggedArticle._meta.db_table} (id, content_object_id, tag_id) "
        f"SELECT id, object_id, tag_id FROM {TaggedItem._meta.db_table} "
        f"WHERE content_type_id = %s AND object_id IN (SELECT id FROM {Article._meta.db_table})",
        [article_type],
    )
    TaggedItem.objects.filter(content_type_id=article_type).delete()
    reset_ids(schema_editor, TaggedArticle)
    rewrite_versions(apps, generic_type, own_type, lambda data: to_own(data, article_type))


def back_to_generic(apps, schema_editor):
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    article_type, generic_type, own_type = content_types(apps)
    copy_links(
        schema_editor,
        f"INSERT INTO {TaggedItem._meta.db_table} (id, content_type_id, object_id, tag_id) "
        f"SELECT id, %s, content_object_id, tag_id FROM {TaggedArticle._meta.db_table}",
        [article_type],
    )
    TaggedArticle.objects.all().delete()
    reset_ids(schema_editor, TaggedItem)
    rewrite_versions(apps, own_type, generic_type, lambda data: to_generic(data, article_type))


def to_own(data, article_type):
    fields = data["fields"]
    if not names_article(fields.get("content_type"), article_type):
        return None
    return {
        "model": "articles.taggedarticle",
        "pk": data["pk"],
        "fields": {"tag": fields["tag"], "content_object": int(fields["object_id"])},
    }


def to_generic(data, article_type):
    fields = data["fields"]
    return {
        "model": "taggit.taggeditem",
        "pk": data["pk"],
        "fields": {
            "tag": fields["tag"],
            "content_type": article_type,
            "object_id": fields["content_object"],
        },
    }


def rewrite_versions(apps, old_type, new_type, convert):
    Version = apps.get_model("reversion", "Version")
    changed = []
    for version in Version.objects.filter(content_type_id=old_type, format="json").iterator():
        rows = json.loads(version.serialized_data)
        converted = [convert(row) for row in rows]
        if not rows or None in converted:
            continue
        version.serialized_data = json.dumps(converted, ensure_ascii=False)
        version.content_type_id = new_type
        changed.append(version)
        if len(changed) == BATCH:
            Version.objects.bulk_update(changed, ["serialized_data", "content_type"])
            changed = []
    Version.objects.bulk_update(changed, ["serialized_data", "content_type"])


def reset_ids(schema_editor, model):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0023_tagged_article"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(onto_articles, back_to_generic)]
