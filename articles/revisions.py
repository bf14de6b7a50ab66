"""Revisions with django-reversion: what each save held, a readable diff, who changed what."""

import difflib
import re

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version
from taggit.models import Tag, TaggedItem

from .models import Article, Byline, BylineRole, Contributor

# Bookkeeping that changes on every save and would only add noise to a diff.
UNCOMPARED_FIELDS = {"id", "version", "updated_at"}
BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|ul|ol|tr|table|blockquote)>)")


def register_models():
    reversion.register(Article, follow=("bylines", "tagged_items"))
    reversion.register(Byline)
    reversion.register(TaggedItem)


def record(article, user, comment):
    """Store a revision of the article with its bylines and tags as they are in the database now."""
    with reversion.create_revision(manage_manually=True):
        reversion.add_to_revision(article)
        reversion.set_user(user)
        reversion.set_comment(comment)


def ensure_baseline(article):
    """Record the stored state of an article that has no revision yet (made by a fixture or import),
    so that the first edit can be compared with what it replaced."""
    if not Version.objects.get_for_object(article).exists():
        record(Article.objects.get(pk=article.pk), None, _("State before the first recorded edit"))


def history(article):
    return Version.objects.get_for_object(article).select_related("revision__user")


def version_at(article, number):
    """The latest revision holding the given version number of the article, if one was recorded."""
    for version in history(article):
        if version.field_dict.get("version") == number:
            return version
    return None


def snapshot(version):
    """The article as stored in a revision: readable label → text, bylines and tags included."""
    data = version.field_dict
    result = {}
    for field in Article._meta.concrete_fields:
        if field.name in UNCOMPARED_FIELDS:
            continue
        result[str(field.verbose_name)] = _display(field, data.get(field.attname))
    related = version.revision.version_set.all()
    by_model = {ct: [] for ct in ("byline", "taggeditem")}
    byline_ct = ContentType.objects.get_for_model(Byline)
    tagged_ct = ContentType.objects.get_for_model(TaggedItem)
    for other in related:
        if other.content_type_id == byline_ct.pk:
            by_model["byline"].append(other.field_dict)
        elif other.content_type_id == tagged_ct.pk:
            by_model["taggeditem"].append(other.field_dict)
    result[str(Byline._meta.verbose_name_plural)] = _bylines_text(by_model["byline"])
    tag_ids = [item["tag_id"] for item in by_model["taggeditem"]]
    tags = Tag.objects.in_bulk(tag_ids)
    names = sorted(tags[pk].name if pk in tags else f"#{pk}" for pk in tag_ids)
    result[str(Article._meta.get_field("tags").verbose_name)] = "\n".join(names)
    return result


def diff(old, new):
    """Fields that differ between two revisions, each with its lines marked removed/added/same."""
    before, after = snapshot(old), snapshot(new)
    changes = []
    for label, new_text in after.items():
        old_text = before.get(label, "")
        if old_text == new_text:
            continue
        lines = []
        for line in difflib.ndiff(old_text.splitlines(), new_text.splitlines()):
            kind = {"- ": "removed", "+ ": "added", "  ": "same"}.get(line[:2])
            if kind:
                lines.append((kind, line[2:]))
        changes.append({"field": label, "lines": lines})
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
    text = str(value)
    return BLOCK_END.sub(r"\1\n", text).strip() if field.name == "body" else text


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
