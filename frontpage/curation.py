"""Changing a page's slots: one service that claims the page's version, writes the entries and
records a revision (who, when, what) in one transaction; restoring a revision; a readable
snapshot and diff of an arrangement."""

import difflib

import reversion
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.models import Article

from .models import Block, Page, SlotEntry


class StaleArrangement(Exception):
    """Someone changed the page's slots after this editor opened the curation screen."""


def claim_version(page, expected):
    """Move the page from version `expected` to the next, or refuse (compared inside the UPDATE,
    so of two concurrent saves that opened the same version exactly one passes)."""
    claimed = Page.objects.filter(pk=page.pk, version=expected).update(version=F("version") + 1)
    if not claimed:
        raise StaleArrangement(page.pk)
    page.version = expected + 1


def record(page, user, comment):
    stored = Page.objects.get(pk=page.pk)
    with reversion.create_revision(manage_manually=True):
        reversion.add_to_revision(stored)
        reversion.set_user(user)
        reversion.set_comment(comment)


def ensure_baseline(page):
    """A page made by a migration or fixture gets a revision of its stored state before its first
    change, so that change can be compared and undone."""
    if not Version.objects.get_for_object(page).exists():
        record(page, None, _("State before the first recorded change"))


def save_arrangement(page, user, formset, expected_version):
    """Apply the curation screen's formset; refuse with StaleArrangement when the page changed
    since `expected_version`. Returns what was done, as text."""
    with transaction.atomic():
        ensure_baseline(page)
        claim_version(page, expected_version)
        done = describe_changes(formset)
        for form in formset.deleted_forms:
            if form.instance.pk:
                form.instance.delete()
        for form in formset.forms:
            if form in formset.deleted_forms or not form.has_changed() and form.instance.pk:
                continue
            if not form.cleaned_data.get("article"):
                continue
            entry = form.save(commit=False)
            if entry.pk is None:
                entry.added_by = user
                entry.added_at = timezone.now()
            entry.save()
        record(page, user, "; ".join(done) or _("No change"))
    return done


def describe_changes(formset):
    done = []
    for form in formset.forms:
        article = form.cleaned_data.get("article") if hasattr(form, "cleaned_data") else None
        if article is None:
            continue
        title = str(article)
        block = form.cleaned_data.get("block")
        if form in formset.deleted_forms:
            if form.instance.pk:
                done.append(
                    _("removed “%(title)s” from %(block)s")
                    % {"title": title, "block": form.instance.block}
                )
        elif form.instance.pk is None:
            done.append(_("added “%(title)s” to %(block)s") % {"title": title, "block": block})
        elif "block" in form.changed_data:
            done.append(_("moved “%(title)s” to %(block)s") % {"title": title, "block": block})
        elif "position" in form.changed_data and len(form.changed_data) == 1:
            done.append(_("reordered %(block)s") % {"block": block})
        elif form.changed_data:
            fields = ", ".join(
                str(SlotEntry._meta.get_field(name).verbose_name)
                for name in form.changed_data
                if name != "position"
            )
            done.append(_("changed %(fields)s of “%(title)s”") % {"fields": fields, "title": title})
    return list(dict.fromkeys(done))


def history(page):
    return Version.objects.get_for_object(page).select_related("revision__user")


def restore(page, user, version, expected_version):
    """Bring back the arrangement a revision holds (entries added since are removed); a new
    revision, so the history keeps both."""
    with transaction.atomic():
        claim_version(page, expected_version)
        current = page.version
        version.revision.revert(delete=True)
        Page.objects.filter(pk=page.pk).update(version=current)
        page.version = current
        when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M:%S")
        record(page, user, _("restored the arrangement of %(time)s") % {"time": when})


def snapshot(version):
    """The arrangement a revision holds, block by block, as lines of text."""
    blocks, entries = {}, []
    for stored in version.revision.version_set.all():
        model = stored._model
        if model is Block:
            blocks[int(stored.object_id)] = stored.field_dict
        elif model is SlotEntry:
            entries.append(stored.field_dict)
    titles = dict(
        Article.objects.filter(pk__in=[e["article_id"] for e in entries]).values_list(
            "pk", "headline"
        )
    )
    lines = {}
    for block_id, block in sorted(blocks.items(), key=lambda b: (b[1]["position"], b[0])):
        rows = sorted(
            (e for e in entries if e["block_id"] == block_id),
            key=lambda e: (e["position"], e["id"]),
        )
        lines[block["name"]] = "\n".join(_entry_line(n, e, titles) for n, e in enumerate(rows, 1))
    return lines


def _entry_line(number, entry, titles):
    title = titles.get(entry["article_id"], f"#{entry['article_id']}")
    parts = [f"{number}. {title}"]
    if entry["title"]:
        parts.append(_("title: %(title)s") % {"title": entry["title"]})
    if entry["summary"]:
        parts.append(_("导语: %(text)s") % {"text": entry["summary"]})
    if entry["image_id"]:
        parts.append(_("picture #%(id)s") % {"id": entry["image_id"]})
    window = [
        timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "…"
        for moment in (entry["starts_at"], entry["ends_at"])
    ]
    if window != ["…", "…"]:
        parts.append(" – ".join(window))
    return " · ".join(parts)


def diff(old, new):
    """Blocks whose entries differ between two revisions, each with its lines marked."""
    before, after = snapshot(old), snapshot(new)
    changes = []
    for name in dict.fromkeys([*before, *after]):
        if before.get(name, "") == after.get(name, ""):
            continue
        lines = []
        for line in difflib.ndiff(
            before.get(name, "").splitlines(), after.get(name, "").splitlines()
        ):
            kind = {"- ": "removed", "+ ": "added", "  ": "same"}.get(line[:2])
            if kind:
                lines.append((kind, line[2:]))
        changes.append({"block": name, "lines": lines})
    return changes


def since(page, opened_version):
    """Revisions recorded after the page's `opened_version` (oldest first), and the one holding
    that version (None if it was never recorded)."""
    newer = []
    for version in history(page).iterator(chunk_size=10):
        number = version.field_dict.get("version", 0)
        if number <= opened_version:
            return newer[::-1], version if number == opened_version else None
        newer.append(version)
    return newer[::-1], None
