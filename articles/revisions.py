"""Revisions with django-reversion: what each save held, a readable diff, who changed what."""

import difflib
import re
from collections import defaultdict

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db.models import BooleanField, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Revision, Version
from taggit.models import Tag

from pictures.models import GalleryPicture, Image

from .models import Article, Byline, BylineRole, Contributor, TaggedArticle
from .sanitize import without_layout

# Bookkeeping that changes on every save and would only add noise to a diff.
UNCOMPARED_FIELDS = {"id", "version", "updated_at"}
BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|ul|ol|tr|table|blockquote)>)")


def register_models():
    reversion.register(Article, follow=("bylines", "tagged_items", "gallery"))
    reversion.register(Byline)
    reversion.register(GalleryPicture)
    reversion.register(TaggedArticle)


def _stored(article):
    """The article as stored, with what a revision follows read in a fixed number of queries
    (each followed row is named by its `__str__`, which would read its relations one by one)."""
    return Article.objects.prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("contributor", "role")),
        Prefetch(
            "tagged_items",
            queryset=TaggedArticle.objects.select_related("tag", "content_object"),
        ),
        Prefetch("gallery", queryset=GalleryPicture.objects.select_related("image")),
    ).get(pk=article.pk)


def record(article, user, comment):
    """Store a revision of the article with its bylines and tags as they are in the database now."""
    stored = _stored(article)  # not the caller's copy, whose bylines may be prefetched
    with reversion.create_revision(manage_manually=True):
        reversion.add_to_revision(stored)
        reversion.set_user(user)
        reversion.set_comment(comment)
    return Version.objects.get_for_object(stored).select_related("revision").first().revision


def serialize(article):
    """The article, its bylines and its tag links as stored now, serialized as reversion stores
    them: what a revision made later from these rows would hold."""
    stored = _stored(article)
    rows = [stored, *stored.bylines.all(), *stored.tagged_items.all()]
    return [
        {
            "content_type": ContentType.objects.get_for_model(row),
            "object_id": str(row.pk),
            "serialized_data": serializers.serialize("json", [row]),
            "object_repr": str(row),
        }
        for row in rows
    ]


def store(serialized, user, comment):
    """A revision holding rows serialized earlier (see `serialize`)."""
    revision = Revision.objects.create(date_created=timezone.now(), user=user, comment=comment)
    Version.objects.bulk_create(
        Version(revision=revision, db="default", format="json", **row) for row in serialized
    )
    return revision


def version_in(revision, article):
    """The article's own entry in a revision (what `diff` and `snapshot` compare)."""
    return Version.objects.get_for_object(article).filter(revision=revision).first()


def ensure_baseline(article):
    """Record the stored state of an article that has no revision yet (made by a fixture or import),
    so that the first edit can be compared with what it replaced."""
    if not Version.objects.get_for_object(article).exists():
        record(article, None, _("State before the first recorded edit"))


def history(article):
    return Version.objects.get_for_object(article).select_related("revision__user")


def since(article, number):
    """The revisions recorded after the article's version `number` (oldest first), and the one
    holding that version (None if it was never recorded).

    Versions only grow, so the walk from the newest stops at the first older one: only the
    revisions since `number` are read and deserialized, however long the history.
    """
    newer = []
    for version in history(article).iterator(chunk_size=10):
        if version.field_dict.get("version", 0) <= number:
            base = version if version.field_dict.get("version") == number else None
            return newer[::-1], base
        newer.append(version)
    return newer[::-1], None


def missing_references(version):
    """What the revision's article, bylines and tag links point to that has since been deleted,
    as "verbose name #id" texts; reverting such a revision would write dangling references."""
    wanted = defaultdict(set)
    for stored in version.revision.version_set.all():
        data = stored.field_dict
        model = ContentType.objects.get_for_id(stored.content_type_id).model_class()
        for field in model._meta.concrete_fields:
            if field.many_to_one and data.get(field.attname) is not None:
                wanted[field.related_model].add(data[field.attname])
    missing = []
    for model, ids in wanted.items():
        found = set(model._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
        missing += [f"{model._meta.verbose_name} #{pk}" for pk in sorted(ids - found)]
    return missing


def snapshot(version):
    """The article as stored in a revision, field name → text, bylines and tags included."""
    data = version.field_dict
    result = {
        field.name: _display(field, data.get(field.attname))
        for field in Article._meta.concrete_fields
        if field.name not in UNCOMPARED_FIELDS
    }
    related = {Byline: [], TaggedArticle: [], GalleryPicture: []}
    types = ContentType.objects.get_for_models(*related)
    model_of = {content_type.pk: model for model, content_type in types.items()}
    for other in version.revision.version_set.all():
        if other.content_type_id in model_of:
            related[model_of[other.content_type_id]].append(other.field_dict)
    result["bylines"] = _bylines_text(related[Byline])
    tag_ids = [item["tag_id"] for item in related[TaggedArticle]]
    tags = Tag.objects.in_bulk(tag_ids)
    result["tags"] = "\n".join(sorted(tags[pk].name if pk in tags else f"#{pk}" for pk in tag_ids))
    result["gallery"] = _gallery_text(related[GalleryPicture])
    return result


def label(name):
    if name == "bylines":
        return str(Byline._meta.verbose_name_plural)
    if name == "gallery":
        return str(GalleryPicture._meta.verbose_name_plural)
    return str(Article._meta.get_field(name).verbose_name)


def diff(old, new):
    """Fields that differ between two revisions, each with its lines marked removed/added/same."""
    before, after = snapshot(old), snapshot(new)
    changes = []
    for name, new_text in after.items():
        old_text = before.get(name, "")
        if old_text == new_text:
            continue
        lines = []
        for line in difflib.ndiff(old_text.splitlines(), new_text.splitlines()):
            kind = {"- ": "removed", "+ ": "added", "  ": "same"}.get(line[:2])
            if kind:
                lines.append((kind, line[2:]))
        changes.append({"name": name, "field": label(name), "lines": lines})
    return changes


def _display(field, value):
    if value is None or value == "":
        return ""
    if field.is_relation:
        target = field.related_model._base_manager.filter(pk=value).first()
        return str(target) if target else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, BooleanField):
        return _("yes") if value else _("no")
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if field.name == "body":
        return BLOCK_END.sub(r"\1\n", without_layout(value)).strip()
    return str(value)


def _bylines_text(rows):
    contributors = Contributor.objects.in_bulk([row["contributor_id"] for row in rows])
    roles = BylineRole.objects.in_bulk([row["role_id"] for row in rows])
    lines = []
    for row in sorted(rows, key=lambda r: r["position"]):
        person = contributors.get(row["contributor_id"])
        role = roles.get(row["role_id"])
        lines.append(
            f"{role.label if role else '?'} {person.name if person else '#' + str(row['contributor_id'])}"
        )
    return "\n".join(lines)


def _gallery_text(rows):
    images = Image.objects.in_bulk([row["image_id"] for row in rows])
    lines = []
    for row in sorted(rows, key=lambda r: (r["position"], r["id"])):
        image = images.get(row["image_id"])
        name = image.title if image else f"#{row['image_id']}"
        lines.append(f"{name}: {row['caption']}" if row["caption"] else name)
    return "\n".join(lines)
