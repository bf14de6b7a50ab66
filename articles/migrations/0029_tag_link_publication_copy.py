from django.db import migrations, models

from articles import link_copies


def copy_and_install(apps, schema_editor):
    link_copies.backfill(schema_editor.connection)
    link_copies.install(schema_editor.connection)


def drop(apps, schema_editor):
    link_copies.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0028_editor_in_chief_edits_site_pages"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="taggedarticle",
            name="published_at",
            field=models.DateTimeField(
                editable=False, null=True, verbose_name="article's publish time"
            ),
        ),
        migrations.AddField(
            model_name="taggedarticle",
            name="status",
            field=models.CharField(
                default="draft", editable=False, max_length=20, verbose_name="article's status"
            ),
        ),
        migrations.RunPython(copy_and_install, drop, elidable=False),
        migrations.AddIndex(
            model_name="taggedarticle",
            index=models.Index(
                fields=["tag", "status", "-published_at", "-content_object"],
                name="tagged_article_newest",
            ),
        ),
    ]
