import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """ImportRecord moves here from `articles`: its table and rows stay as they are (the state
    only changes hands here; 0002 renames the table)."""

    initial = True

    dependencies = [
        ("articles", "0019_lead_image_from_library"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "fingerprint",
                            models.CharField(
                                help_text=(
                                    "Hash of outlet, list title and publish time, or of the "
                                    "page's URL."
                                ),
                                max_length=64,
                                unique=True,
                                verbose_name="fingerprint",
                            ),
                        ),
                        (
                            "source_url",
                            models.URLField(
                                blank=True, max_length=500, verbose_name="captured page URL"
                            ),
                        ),
                        (
                            "source_file",
                            models.CharField(
                                blank=True, max_length=500, verbose_name="capture file"
                            ),
                        ),
                        (
                            "content_hash",
                            models.CharField(
                                help_text=(
                                    "Hash of everything parsed from the capture: unchanged "
                                    "captures are skipped."
                                ),
                                max_length=64,
                                verbose_name="content hash",
                            ),
                        ),
                        ("imported_at", models.DateTimeField(auto_now=True, verbose_name="imported")),
                        (
                            "article",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="import_record",
                                to="articles.article",
                                verbose_name="article",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "import record",
                        "verbose_name_plural": "import records",
                        "ordering": ["-imported_at"],
                        "db_table": "articles_importrecord",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
