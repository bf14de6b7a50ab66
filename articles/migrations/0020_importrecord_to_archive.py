from django.db import migrations


class Migration(migrations.Migration):
    """ImportRecord now belongs to the `archive` app: only the state leaves, the table stays."""

    dependencies = [
        ("articles", "0019_lead_image_from_library"),
        ("archive", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportRecord")],
            database_operations=[],
        ),
    ]
