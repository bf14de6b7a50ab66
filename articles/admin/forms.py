from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField
from taggit.models import Tag

from ..models import Article


class HttpsURLField(forms.URLField):
    """A URL field that completes a bare host name with https://, not http://."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class ArticleAdminForm(forms.ModelForm):
    """The article form: CKEditor for the body, tags chosen by autocomplete or typed new."""

    tags = forms.ModelMultipleChoiceField(
        label=_("tags"),
        queryset=Tag.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Article._meta.get_field("tags"), admin.site),
    )
    new_tags = TagField(
        label=_("new tags"),
        required=False,
        help_text=_("Tags that do not exist yet, separated by commas."),
    )

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields
        widgets = {"body": CKEditorUploadingWidget()}
        field_classes = {"original_url": HttpsURLField}

    def clean(self):
        cleaned_data = super().clean()
        chosen = list(cleaned_data.get("tags") or [])
        known = {tag.name for tag in chosen}
        cleaned_data["tags"] = chosen + [
            name for name in cleaned_data.get("new_tags") or [] if name not in known
        ]
        return cleaned_data
