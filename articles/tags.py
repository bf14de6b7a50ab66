"""Tags: a slug for every name, links written in few statements, and merging tags."""

import hashlib

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.utils.text import slugify
from taggit.models import Tag


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


def tags_named(items):
    """Tags for `items` (tags, or names of tags that may not exist yet), in order. Missing ones
    are created in one statement, so a save typing many new tags costs a few queries, not a few
    per tag (taggit creates each with its own get_or_create)."""
    names = list(dict.fromkeys(item for item in items if isinstance(item, str)))
    found = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = [name for name in names if name not in found]
    if missing:
        Tag.objects.bulk_create(_with_free_slugs(missing), ignore_conflicts=True)
        found |= {tag.name: tag for tag in Tag.objects.filter(name__in=missing)}
        # A tag whose slug another save took meanwhile: taggit's own save finds it another.
        for name in missing:
            if name not in found:
                found[name] = Tag.objects.get_or_create(name=name)[0]
    return [found[item] if isinstance(item, str) else item for item in items]


def _with_free_slugs(names):
    wanted = {name: tag_slug(name) for name in names}
    clash = Q(slug__in=wanted.values())
    for base in set(wanted.values()):
        clash |= Q(slug__startswith=f"{base}_")
    taken = set(Tag.objects.filter(clash).values_list("slug", flat=True))
    tags = []
    for name, base in wanted.items():
        slug, counter = base, 1
        while slug in taken:
            slug, counter = f"{base}_{counter}", counter + 1
        taken.add(slug)
        tags.append(Tag(name=name, slug=slug))
    return tags


def set_tags(article, tags):
    """Link the article to exactly `tags`: one delete and one insert whatever their number
    (taggit's `set` writes each new link with its own get_or_create)."""
    through = type(article).tags.through
    lookup = through.lookup_kwargs(article)
    links = through.objects.filter(**lookup)
    stored = set(links.values_list("tag_id", flat=True))
    wanted = {tag.pk: tag for tag in tags}
    removed, added = stored - set(wanted), set(wanted) - stored
    if removed:
        links.filter(tag_id__in=removed).delete()
    if added:
        through.objects.bulk_create(
            [through(tag=wanted[pk], **lookup) for pk in added], ignore_conflicts=True
        )
        # What taggit's own add() announces (the page cache listens).
        m2m_changed.send(
            sender=through,
            action="post_add",
            instance=article,
            reverse=False,
            model=Tag,
            pk_set=added,
            using=links.db,
        )


def merge_tags(tags, into_name):
    """Move every article tagged with one of `tags` onto the tag named `into_name` (made if
    missing), then delete `tags`. Each article's links change through `set_tags`, so its pages
    and its search document follow as for an editor's save. Returns the tag merged into."""
    from articles.models import Article

    with transaction.atomic():
        [into] = tags_named([into_name])
        merged = {tag.pk for tag in tags} - {into.pk}
        for article in Article.objects.filter(tags__in=merged).distinct().order_by("pk"):
            kept = [tag for tag in article.tags.all() if tag.pk not in merged]
            set_tags(article, [*kept, into] if into not in kept else kept)
        Tag.objects.filter(pk__in=merged).delete()
    return into
