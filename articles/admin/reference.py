"""Admins for the newsroom's reference data: sections, outlets, notices, people and roles."""

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.autocomplete import CheckedAutocompletes

from .. import permissions
from ..models import BylineRole, Contributor, CopyrightNotice, Section, SitePage, SourceOutlet
from .constraints import RefusedSavesAsFormErrors
from .forms import StoresInlineImages


@admin.register(Section)
class SectionAdmin(RefusedSavesAsFormErrors, CheckedAutocompletes, admin.ModelAdmin):
    list_display = ("name", "path", "parent", "position", "active")
    list_editable = ("position", "active")
    list_filter = ("active", "depth")
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "path")
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)
    fields = ("name", "slug", "parent", "position", "description", "active", "path")


class CopyrightNoticeInline(admin.StackedInline):
    model = CopyrightNotice
    extra = 0
    fields = ("title", "template")


@admin.register(SourceOutlet)
class SourceOutletAdmin(RefusedSavesAsFormErrors, CheckedAutocompletes, admin.ModelAdmin):
    list_display = ("name", "short_name", "homepage", "approved_for_reposts", "default_notice")
    list_filter = ("approved_for_reposts",)
    list_select_related = ("default_notice__holder",)
    search_fields = ("name", "short_name")
    autocomplete_fields = ("default_notice",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = (CopyrightNoticeInline,)


@admin.register(CopyrightNotice)
class CopyrightNoticeAdmin(RefusedSavesAsFormErrors, CheckedAutocompletes, admin.ModelAdmin):
    list_display = ("title", "holder", "rendered_text")
    list_filter = ("holder",)
    list_select_related = ("holder",)
    search_fields = ("title", "holder__name", "template")
    autocomplete_fields = ("holder",)
    readonly_fields = ("rendered_text",)

    def get_readonly_fields(self, request, obj=None):
        # A saved notice keeps its holder (see CopyrightNotice.clean).
        return ("holder", *self.readonly_fields) if obj else self.readonly_fields

    def get_queryset(self, request):
        # Autocomplete lists notices by __str__, which names the holder.
        return super().get_queryset(request).select_related("holder")

    @admin.display(description=_("text as shown"))
    def rendered_text(self, notice):
        return notice.text if notice.holder_id else ""


@admin.register(Contributor)
class ContributorAdmin(RefusedSavesAsFormErrors, CheckedAutocompletes, admin.ModelAdmin):
    list_display = ("name", "affiliation", "user")
    list_filter = ("affiliation",)
    list_select_related = ("affiliation", "user")
    search_fields = ("name", "affiliation__name")
    autocomplete_fields = ("affiliation", "user")

    def get_readonly_fields(self, request, obj=None):
        # A contributor linked to an account makes that person credited on its articles, able to
        # open them: only editors decide who that is.
        if permissions.is_editor(request.user):
            return self.readonly_fields
        return (*self.readonly_fields, "user")

    def get_queryset(self, request):
        # Autocomplete lists contributors by __str__, which names the affiliation.
        return super().get_queryset(request).select_related("affiliation")


@admin.register(BylineRole)
class BylineRoleAdmin(RefusedSavesAsFormErrors, CheckedAutocompletes, admin.ModelAdmin):
    list_display = ("name_zh", "name_en", "code", "position")
    list_editable = ("position",)
    search_fields = ("name_zh", "name_en", "code")


class SitePageForm(StoresInlineImages, forms.ModelForm):
    class Meta:
        model = SitePage
        fields = ("title", "slug", "body")
        widgets = {"body": CKEditorUploadingWidget()}


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    form = SitePageForm
    list_display = ("title", "slug", "updated_at")
    search_fields = ("title", "slug")
    fields = ("title", "slug", "body")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.uploaded_by = request.user
        return form

    def has_delete_permission(self, request, obj=None):
        # The footer links 关于我们 and 联系我们 by address.
        return super().has_delete_permission(request, obj) and (obj is None or obj.may_be_deleted())
