from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.autocomplete import CheckedAutocompletes

from . import layouts
from .models import Block, Page, Topic, TopicArticle


class BlockInline(CheckedAutocompletes, admin.TabularInline):
    model = Block
    extra = 0
    fields = ("position", "name", "style", "size", "fallback", "fallback_section")
    autocomplete_fields = ("fallback_section",)


@admin.register(Page)
class PageAdmin(CheckedAutocompletes, admin.ModelAdmin):
    list_display = ("__str__", "kind", "block_count", "curate_link")
    list_filter = ("kind",)
    list_select_related = ("section", "topic")
    search_fields = ("section__name", "topic__title")
    autocomplete_fields = ("section", "topic")
    fields = ("kind", "section", "topic")
    inlines = (BlockInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(blocks_count=Count("blocks"))

    @admin.display(description=_("blocks"), ordering="blocks_count")
    def block_count(self, page):
        return page.blocks_count

    @admin.display(description=_("curation"))
    def curate_link(self, page):
        url = reverse("admin:frontpage_page_curate", args=[page.pk])
        return format_html('<a href="{}">{}</a>', url, _("curate"))

    def get_urls(self):
        from .curation_admin import curation_urls

        return curation_urls(self) + super().get_urls()

    def get_readonly_fields(self, request, obj=None):
        return ("kind", "section", "topic") if obj else ()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not form.instance.blocks.exists():
            layouts.add_default_blocks(form.instance)


class TopicArticleInline(CheckedAutocompletes, admin.TabularInline):
    model = TopicArticle
    extra = 1
    fields = ("article",)
    autocomplete_fields = ("article",)


@admin.register(Topic)
class TopicAdmin(CheckedAutocompletes, admin.ModelAdmin):
    list_display = ("title", "slug", "selection", "is_closed", "created_at", "curate_link")
    list_select_related = ("front_page",)
    list_filter = ("is_closed", "selection")
    list_editable = ("is_closed",)
    search_fields = ("title", "slug")
    autocomplete_fields = ("banner", "tag")
    fields = ("title", "slug", "introduction", "banner", "selection", "tag", "is_closed")

    @admin.display(description=_("curation"))
    def curate_link(self, topic):
        page = getattr(topic, "front_page", None)
        if page is None:
            return "—"
        url = reverse("admin:frontpage_page_curate", args=[page.pk])
        return format_html('<a href="{}">{}</a>', url, _("curate"))

    inlines = (TopicArticleInline,)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            layouts.create_topic_page(form.instance)
