from django.db import migrations


def move_content_type(apps, schema_editor):
    """Permissions granted on import records follow them to the new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="archive", model="importrecord").exists():
        ContentType.objects.filter(app_label="articles", model="importrecord").update(
            app_label="archive"
        )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="articles", model="importrecord").exists():
        ContentType.objects.filter(app_label="archive", model="importrecord").update(
            app_label="articles"
        )


class Migration(migrations.Migration):
    """The table takes the app's name; its rows stay (a rename, not a copy)."""

    dependencies = [
        ("archive", "0001_initial"),
        ("articles", "0020_importrecord_to_archive"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="importrecord", table=None),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
