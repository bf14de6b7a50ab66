import django.db.models.deletion
import pictures.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Step 3 of 3: the library link is the lead image; the old file field and credit go."""

    dependencies = [("articles", "0018_lead_images_into_library")]

    operations = [
        migrations.RemoveField(model_name="article", name="lead_image_file"),
        migrations.RemoveField(model_name="article", name="lead_image_credit"),
        migrations.RenameField(
            model_name="article", old_name="lead_image_picture", new_name="lead_image"
        ),
        migrations.AlterField(
            model_name="article",
            name="lead_image",
            field=models.ForeignKey(
                blank=True,
                help_text="From the picture library; its credit is printed under it.",
                null=True,
                on_delete=pictures.deletion.SET_NULL_UNLESS_PUBLISHED,
                related_name="lead_of",
                to="pictures.image",
                verbose_name="lead image",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="lead_image_caption",
            field=models.CharField(
                blank=True,
                help_text="For this article only. Empty: the picture's own caption.",
                max_length=300,
                verbose_name="lead image caption",
            ),
        ),
    ]
