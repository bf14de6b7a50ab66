import re

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from taggit.models import Tag

from articles.autocomplete import CheckedAutocompleteSelectMultiple

from ..concurrency import describe_conflict
from ..inline_images import with_inline_images_stored
from ..models import Article
from ..names import person_name, staff_label
from ..sanitize import clean_html, same_markup
from ..tags import set_tags, tags_named

# More than any article carries; thousands of names in one save would be a paste gone wrong.
MAX_NEW_TAGS = 50


class HttpsURLField(forms.URLField):
    """A URL field that completes a bare host name with https://, not http://."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class StoresInlineImages:
    """For a form with an HTML `body`: the images pasted into it as `data:` URLs are stored as
    library pictures by the user the admin sets in `uploaded_by` (see articles.inline_images),
    or refused beside the field."""

    uploaded_by = None

    def clean_body(self):
        return self.body_with_inline_images_stored()

    def body_with_inline_images_stored(self):
        typed = self.cleaned_data.get("body", "")
        body, refusals = with_inline_images_stored(typed, self.uploaded_by)
        if "data:" in typed:
            # Shown again after any error, the body names the pictures already stored, so a
            # second save does not store them again.
            self.data = self.data.copy()
            self.data["body"] = body
        if refusals:
            raise ValidationError(
                [
                    _("An image pasted into the body was refused: %(reason)s") % {"reason": r}
                    for r in refusals
                ]
                + [_("Remove it from the body, or upload the file with the image button.")],
                code="inline_image",
            )
        return body


class ArticleAdminForm(StoresInlineImages, forms.ModelForm):
    """The article form: CKEditor for the body, tags chosen by autocomplete or typed new."""

    tags = forms.ModelMultipleChoiceField(
        label=_("tags"),
        queryset=Tag.objects.all(),
        required=False,
        widget=CheckedAutocompleteSelectMultiple(Article._meta.get_field("tags"), admin.site),
    )
    new_tags = TagField(
        label=_("new tags"),
        required=False,
        help_text=_("Tags that do not exist yet, separated by commas."),
    )
    # The version this form was opened at; the save is refused if the article has moved on.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields
        widgets = {"body": CKEditorUploadingWidget()}
        field_classes = {"original_url": HttpsURLField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        publish_time = self.fields.get("published_at")
        if publish_time is not None and hasattr(publish_time.widget, "widgets"):
            # The localized default shows hours and minutes only, so saving a form would
            # silently drop the seconds of a 发布时间 such as 11:26:52.
            publish_time.widget.widgets[1].format = "%H:%M:%S"
            # Django labels the pair as a whole; each box needs a name of its own.
            date, time = publish_time.widget.widgets
            date.attrs["aria-label"] = _("publish date")
            time.attrs["aria-label"] = _("publish time of day")
        editor = self.fields.get("responsible_editor")
        if editor is not None:
            editor.label_from_instance = staff_label
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            self.fields["expected_version"].required = True

    def clean_body(self):
        body = self.body_with_inline_images_stored()
        stored = self.initial.get("body")
        # CKEditor hands back the body it was given reformatted: the stored text stays as it is.
        return stored if stored is not None and same_markup(body, stored) else body

    def clean_published_at(self):
        moment = self.cleaned_data.get("published_at")
        stored = self.initial.get("published_at")
        # The form shows seconds; a time stored with microseconds is kept when left alone.
        if moment and stored and moment == stored.replace(microsecond=0):
            return stored
        return moment

    @cached_property
    def changed_data(self):
        """The fields whose stored value this save changes, which is what the log and the
        revision comment name: a field posted back as it was shown, reformatted or not, is no
        edit."""
        changed = super().changed_data
        if not self.instance.pk or not hasattr(self, "cleaned_data"):
            return changed
        return [name for name in changed if self._changes_stored_value(name)]

    def _changes_stored_value(self, name):
        if name == "expected_version":
            return False
        if name in ("tags", "new_tags"):
            return name == "tags" and self._tag_names_changed()
        if name not in self.cleaned_data:
            return True
        value, stored = self.cleaned_data[name], self.initial.get(name)
        if isinstance(value, models.Model):
            value = value.pk
        return value != stored and not (value in (None, "") and stored in (None, ""))

    def _tag_names_changed(self):
        stored = {tag.name for tag in self.initial.get("tags") or []}
        chosen = {tag if isinstance(tag, str) else tag.name for tag in self.cleaned_data["tags"]}
        return stored != chosen

    def clean_new_tags(self):
        names = self.cleaned_data.get("new_tags") or []
        if len(names) > MAX_NEW_TAGS:
            raise forms.ValidationError(
                _(
                    "At most %(limit)d new tags can be added in one save; this form has "
                    "%(count)d. Keep the ones the article needs."
                )
                % {"limit": MAX_NEW_TAGS, "count": len(names)},
                code="too_many_tags",
            )
        limit = Tag._meta.get_field("name").max_length
        too_long = [name for name in names if len(name) > limit]
        if too_long:
            raise forms.ValidationError(
                _("A tag can be at most %(limit)d characters long: %(names)s")
                % {"limit": limit, "names": "、".join(too_long)}
            )
        return names

    def clean(self):
        cleaned_data = super().clean()
        self._refuse_stale_version(cleaned_data.get("expected_version"))
        chosen = list(cleaned_data.get("tags") or [])
        known = {tag.name for tag in chosen}
        cleaned_data["tags"] = chosen + [
            name for name in cleaned_data.get("new_tags") or [] if name not in known
        ]
        return cleaned_data

    def _save_m2m(self):
        tags = self.cleaned_data.pop("tags", None)
        super()._save_m2m()
        if tags is not None:
            set_tags(self.instance, tags_named(tags))
            self.cleaned_data["tags"] = tags

    def _refuse_stale_version(self, opened):
        current = self.instance.version
        if not self.instance.pk or opened is None or opened == current:
            return
        self.conflict = describe_conflict(self.instance, opened)
        # The next save starts from what is stored now: the editor has seen the changes.
        self.data = self.data.copy()
        self.data["expected_version"] = current
        self.conflict["taken"] = self._take_changes_left_alone(self.conflict["opened"])
        events = [
            _("%(user)s at %(time)s: %(did)s")
            % {"user": _person(event["by"]), "time": _when(event["at"]), "did": event["did"]}
            for event in self.conflict["events"]
        ] or [_("someone at %(time)s") % {"time": _when(self.conflict["at"])}]
        raise ValidationError(
            _(
                "Changed after you opened this article by %(events)s. Nothing of yours was "
                "saved and everything you typed is still below. Changed in between: "
                "%(fields)s. Merge what you need and save again to store your version."
            )
            % {
                "events": "；".join(str(event) for event in events),
                "fields": "、".join(c["field"] for c in self.conflict["changes"]) or "—",
            },
            code="stale",
        )

    def _take_changes_left_alone(self, opened):
        """Where someone else changed a field this editor left as they opened it, show the
        newer value in the form, so saving again keeps their change instead of reverting it.
        Fields both changed keep this editor's text (the conflict table shows the other)."""
        if opened is None:
            return []
        taken = []
        for name, form_field in self.fields.items():
            model_field = self._meta.model._meta.get_field(name) if name in MERGED else None
            if model_field is None or name not in self.data:
                continue
            theirs = getattr(self.instance, model_field.attname)
            before = opened.get(model_field.attname)
            if theirs == before or self._edited(name, form_field, before):
                continue
            self.data[name] = "" if theirs is None else theirs
            taken.append(str(model_field.verbose_name))
        return taken

    def _edited(self, name, form_field, before):
        typed = self.data.get(name)
        if name == "body":
            # CKEditor reformats the markup it was given; only a change in content counts.
            return _squeezed(clean_html(typed or "")) != _squeezed(clean_html(before or ""))
        return form_field.has_changed("" if before is None else before, typed)


# Plain fields a conflict can merge; the publish time, tags and bylines are left to the editor.
MERGED = {
    "kicker",
    "headline",
    "subheadline",
    "list_title",
    "summary",
    "body",
    "lead_image",
    "lead_image_caption",
    "source",
    "original_title",
    "original_author",
    "original_url",
    "responsible_editor",
    "copyright_notice",
    "section",
}


def _squeezed(html):
    return "".join(html.split())


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _person(user):
    if user is None:
        return _("someone")
    return person_name(user)


def revive_deleted_rows(data, prefix, existing_ids, max_rows):
    """Turn inline rows whose object was deleted since the form was opened into new rows.

    Otherwise the row's hidden id is "not a valid choice" and the form can never be saved again,
    losing what was typed in it. Returns the rewritten data and the revived rows (field → value).
    """
    try:
        total = int(data[f"{prefix}-TOTAL_FORMS"])
        initial = int(data[f"{prefix}-INITIAL_FORMS"])
    except (KeyError, ValueError):
        return data, []
    if not 0 <= initial <= total <= max_rows:
        return data, []  # the formset refuses such a form
    rows = []
    for i in range(total):
        start = f"{prefix}-{i}-"
        rows.append({key[len(start) :]: data.getlist(key) for key in data if key.startswith(start)})
    existing = {str(pk) for pk in existing_ids}
    kept = [row for row in rows[:initial] if row.get("id", [""])[0] in existing]
    revived = [
        {**row, "id": [""]} for row in rows[:initial] if row.get("id", [""])[0] not in existing
    ]
    if not revived:
        return data, []
    row_key = re.compile(rf"^{re.escape(prefix)}-\d+-")
    data = data.copy()
    for key in [key for key in data if row_key.match(key)]:
        del data[key]
    for i, row in enumerate(kept + revived + rows[initial:]):
        for field, values in row.items():
            data.setlist(f"{prefix}-{i}-{field}", values)
    data[f"{prefix}-INITIAL_FORMS"] = str(len(kept))
    return data, [{field: values[0] for field, values in row.items() if values} for row in revived]
