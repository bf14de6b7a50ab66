from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from articles.autocomplete import CheckedAutocompletes

from .models import ChainSection, ReviewChain, Reviewer, SensitiveWord, Stage
from .wordlist import ImportError as WordImportError
from .wordlist import import_words


class ChainSectionInline(CheckedAutocompletes, admin.TabularInline):
    model = ChainSection
    extra = 1
    autocomplete_fields = ("section",)


class StageInline(admin.TabularInline):
    model = Stage
    extra = 1
    fields = ("position", "name", "reviewer_list")
    readonly_fields = ("reviewer_list",)
    show_change_link = True

    @admin.display(description=_("reviewers"))
    def reviewer_list(self, stage):
        if stage.pk is None:
            return _("Save the chain, then open the stage to name its reviewers.")
        return "、".join(str(reviewer) for reviewer in stage.reviewers.all()) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("reviewers__group", "reviewers__user")


@admin.register(ReviewChain)
class ReviewChainAdmin(admin.ModelAdmin):
    list_display = ("name", "is_default", "allow_fast_fix", "stage_names", "section_names")
    inlines = (StageInline, ChainSectionInline)
    search_fields = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("stages", "links__section")

    @admin.display(description=_("stages"))
    def stage_names(self, chain):
        return " → ".join(stage.name for stage in chain.stages.all())

    @admin.display(description=_("sections"))
    def section_names(self, chain):
        return "、".join(str(link.section) for link in chain.links.all()) or "—"


class ReviewerInline(CheckedAutocompletes, admin.TabularInline):
    model = Reviewer
    extra = 1
    autocomplete_fields = ("user", "sections")
    fields = ("group", "user", "sections")


@admin.register(Stage)
class StageAdmin(CheckedAutocompletes, admin.ModelAdmin):
    list_display = ("name", "chain", "position")
    list_select_related = ("chain",)
    list_filter = ("chain",)
    inlines = (ReviewerInline,)
    search_fields = ("name", "chain__name")
    autocomplete_fields = ("chain",)

    def has_module_permission(self, request):
        return False  # reached from its chain


class WordImportForm(forms.Form):
    file = forms.FileField(
        label=_("text file"),
        help_text=_(
            "UTF-8, one word a line: word, then optionally level (block, review or note; "
            "default review), category and replacement hint, separated by tabs or commas."
        ),
    )


@admin.register(SensitiveWord)
class SensitiveWordAdmin(VersionAdmin):
    list_display = ("word", "normalized", "level", "category", "replacement", "updated_at")
    fields = ("word", "normalized", "level", "category", "replacement")
    readonly_fields = ("normalized",)
    list_filter = ("level", "category")
    search_fields = ("word", "normalized", "category")
    change_list_template = "admin/review/sensitiveword/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="review_sensitiveword_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied(_("You may not add sensitive words."))
        form = WordImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = import_words(form.cleaned_data["file"].read(), request.user)
            except WordImportError as failure:
                form.add_error("file", str(failure))
            else:
                messages.success(
                    request,
                    _("Imported: %(added)d added, %(updated)d updated, %(unchanged)d unchanged.")
                    % result,
                )
                return redirect(reverse("admin:review_sensitiveword_changelist"))
        return TemplateResponse(
            request,
            "admin/review/sensitiveword/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "form": form,
                "title": _("Import sensitive words"),
            },
        )
