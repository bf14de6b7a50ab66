"""Tag slugs: every tag gets one its address can be made from, whatever its name."""

import hashlib

from django.utils.text import slugify


def tag_slug(name):
    """`武汉` for 武汉 (taggit keeps Unicode slugs, and existing addresses with them). A name of
    punctuation or symbols only (`……`, `、`, `'';!--`) has no letters to keep and no reading to
    spell in pinyin, so it gets `tag-` and a short digest of the name: unique as names are, and
    the same name always gets the same address."""
    return slugify(name, allow_unicode=True) or f"tag-{_digest(name)}"


def _digest(name):
    return hashlib.blake2b(name.encode(), digest_size=4).hexdigest()


def fill_in_slug(sender, instance, **kwargs):
    """Taggit slugifies a new tag's name itself, which leaves punctuation without a slug."""
    if not instance.slug:
        instance.slug = tag_slug(instance.name)
