"""Step 2 of 3: every article's lead image becomes a library picture, nothing lost.

The picture keeps the file where it is (no copy), with the article's caption and credit (as free
text: a name typed on an article is not proof of which contributor it was). Articles that shared
one file and one credit share one picture; an article whose caption differs from its picture's
keeps its own as the article's caption. Renditions are made afterwards by `manage.py
make_renditions` (pages show the original until then), not inside a migration's transaction.
"""

from django.db import migrations
from PIL import Image as PillowImage


def dimensions(storage, name):
    try:
        with storage.open(name, "rb") as stored, PillowImage.open(stored) as picture:
            return picture.size
    except Exception:  # a missing or unreadable file still keeps its reference
        return (0, 0)


def into_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("pictures", "Image")
    storage = Image._meta.get_field("file").storage
    made = {}
    for article in Article.objects.exclude(lead_image_file="").order_by("pk").iterator():
        name = article.lead_image_file.name
        key = (name, article.lead_image_credit)
        picture = made.get(key)
        if picture is None:
            width, height = dimensions(storage, name)
            picture = Image(
                file=name,
                title=article.headline[:200],
                caption=article.lead_image_caption,
                credit_text=article.lead_image_credit,
                width=width,
                height=height,
                created_at=article.created_at,
                created_by_id=article.created_by_id,
            )
            picture.save()
            made[key] = picture
        caption = "" if article.lead_image_caption == picture.caption else article.lead_image_caption
        Article.objects.filter(pk=article.pk).update(
            lead_image_picture=picture, lead_image_caption=caption
        )


def out_of_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    articles = Article.objects.filter(lead_image_picture__isnull=False).select_related(
        "lead_image_picture__credit_contributor"
    )
    for article in articles.iterator():
        picture = article.lead_image_picture
        credit = picture.credit_text or (
            picture.credit_contributor.name if picture.credit_contributor_id else ""
        )
        Article.objects.filter(pk=article.pk).update(
            lead_image_file=picture.file.name,
            lead_image_caption=article.lead_image_caption or picture.caption[:300],
            lead_image_credit=credit[:100],
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_lead_image_picture")]

    operations = [migrations.RunPython(into_library, out_of_library)]
