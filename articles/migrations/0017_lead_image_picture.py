import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 1 of 3: the library link beside the old file field, which keeps its data for step 2."""

    dependencies = [
        ("articles", "0016_review_actions_and_stage"),
        ("pictures", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="article", old_name="lead_image", new_name="lead_image_file"),
        migrations.AddField(
            model_name="article",
            name="lead_image_picture",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="pictures.image",
                verbose_name="lead image",
            ),
        ),
    ]
