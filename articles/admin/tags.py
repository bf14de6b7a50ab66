"""Tags in the admin: taggit's own admin lists and merges taggit's generic tag links, which no
article uses (articles link their tags through `TaggedArticle`), so its "merge" moved nothing."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from ..models import TaggedArticle
from ..tags import merge_tags


class MergeTagsForm(forms.Form):
    into = forms.CharField(
        label=_("merge into the tag"),
        max_length=100,
        help_text=_("An existing tag's name, or a new one."),
    )


def article_count(tags):
    counted = (
        TaggedArticle.objects.filter(tag=OuterRef("pk"))
        .order_by()
        .values("tag")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return tags.annotate(articles_count=Coalesce(Subquery(counted[:1]), 0))


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    inlines = ()
    list_display = ("name", "slug", "articles")
    actions = ("merge_selected",)

    def get_urls(self):
        return super(TaggitTagAdmin, self).get_urls()

    def get_queryset(self, request):
        return article_count(super().get_queryset(request))

    @admin.display(description=_("articles"), ordering="articles_count")
    def articles(self, tag):
        return tag.articles_count

    @admin.action(description=_("Merge selected tags"), permissions=("change", "delete"))
    def merge_selected(self, request, queryset):
        tags = list(queryset.order_by("name"))
        form = MergeTagsForm(request.POST if "into" in request.POST else None)
        if form.is_valid():
            into = merge_tags(tags, form.cleaned_data["into"])
            names = "、".join(tag.name for tag in tags if tag.pk != into.pk)
            self.message_user(
                request,
                _("Merged %(names)s into %(into)s.") % {"names": names or "—", "into": into.name},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/taggit/tag/merge_selected.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Merge selected tags"),
                "opts": self.model._meta,
                "tags": tags,
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )
