import hashlib
import re

from django.db import migrations
from django.utils.text import slugify

# What the tag address cannot hold (see TagSlugConverter): a slash or a control character.
UNUSABLE = re.compile(r"[/\x00-\x1f\x7f]")


def usable_slug(name):
    # articles.tags.tag_slug as it was written with this migration.
    digest = hashlib.blake2b(name.encode(), digest_size=4).hexdigest()
    return slugify(name, allow_unicode=True) or f"tag-{digest}"


def mend_empty_slugs(apps, schema_editor):
    """Tags made of punctuation were stored with an empty slug, and every page naming one
    failed; each gets a slug its address can be made from."""
    Tag = apps.get_model("taggit", "Tag")
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.order_by("pk").only("name", "slug").iterator():
        if tag.slug and not UNUSABLE.search(tag.slug):
            continue
        slug = base = usable_slug(tag.name)
        counter = 1
        while slug in taken:
            slug, counter = f"{base}_{counter}", counter + 1
        taken.add(slug)
        Tag.objects.filter(pk=tag.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_importrecord_to_archive"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(mend_empty_slugs, migrations.RunPython.noop)]
