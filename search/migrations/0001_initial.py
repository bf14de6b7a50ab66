import django.db.models.deletion
from django.db import migrations, models

import search.models

FTS = "search_fts"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_document_gin ON search_searchdocument USING gin (document)"
        )
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(a, b, c, d, tokenize = 'unicode61 remove_diacritics 0')"
        )
        schema_editor.execute(
            f"CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument "
            f"BEGIN DELETE FROM {FTS} WHERE rowid = old.article_id; END"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_gin")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_fts_delete")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0019_lead_image_from_library"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "titles",
                    models.TextField(
                        help_text="Headlines and summary, normalised: for one- and two-character queries.",
                        verbose_name="titles",
                    ),
                ),
                (
                    "document",
                    search.models.DocumentField(blank=True, verbose_name="document"),
                ),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
            },
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
