from django.contrib import admin
from django.db.models import Prefetch, Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.autocomplete import CheckedAutocompletes
from pictures.admin import GalleryPictureInline
from pictures.widgets import PictureChooser
from search import engine as search_engine
from search.query import parse as parse_query

from ..models import Article, Byline
from ..sanitize import clean_html
from .bylines import BylineInline
from .constraints import RefusedSavesAsFormErrors
from .forms import ArticleAdminForm
from .inlines import BoundedRows
from .paginator import LargeTablePaginator
from .revisions import RevisionsAdminMixin
from .workflow import EditableWithArticle, WorkflowAdminMixin, WorkflowStateFilter

MAX_GALLERY_PICTURES = 200
# Up to this many listed articles, the change list's search reads each one's document rather
# than the site's newest matches (about 0.015 ms a document on PostgreSQL).
FEW_VISIBLE = 1000


class GalleryInline(BoundedRows, EditableWithArticle, GalleryPictureInline):
    max_num = MAX_GALLERY_PICTURES


@admin.register(Article)
class ArticleAdmin(
    RefusedSavesAsFormErrors,
    CheckedAutocompletes,
    WorkflowAdminMixin,
    RevisionsAdminMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    inlines = (BylineInline, GalleryInline)
    fieldsets = (
        (_("Titles"), {"fields": ("kicker", "headline", "subheadline", "list_title", "summary")}),
        (
            _("Body"),
            {"fields": ("body", "lead_image", "lead_image_caption")},
        ),
        (
            _("Credits and source"),
            {
                "fields": (
                    "source",
                    "is_repost",
                    "original_title",
                    "original_author",
                    "original_url",
                    "responsible_editor",
                    "copyright_notice",
                )
            },
        ),
        (
            _("Publishing"),
            {"fields": ("section", "tags", "new_tags", "workflow_state", "published_at")},
        ),
    )
    list_display = (
        "headline",
        "section",
        "state",
        "byline_names",
        "published_at",
        "view_on_site_link",
    )
    list_filter = (WorkflowStateFilter, "section", "source", "published_at")
    list_select_related = ("section",)
    # Searched by `get_search_results` with the site's search engine; listed for the search box.
    search_fields = ("headline",)
    autocomplete_fields = (
        "section",
        "source",
        "responsible_editor",
        "copyright_notice",
        "lead_image",
    )
    show_full_result_count = False
    paginator = LargeTablePaginator
    list_per_page = 100

    def get_queryset(self, request):
        bylines = Byline.objects.select_related("contributor", "role")
        return super().get_queryset(request).prefetch_related(Prefetch("bylines", queryset=bylines))

    @admin.display(description=_("status"), ordering="status")
    def state(self, article):
        return article.state_label()

    @admin.display(description=_("status"))
    def workflow_state(self, article):
        return article.state_label()

    @admin.display(description=_("bylines"))
    def byline_names(self, article):
        return " ".join(f"{b.role.label} {b.contributor.name}" for b in article.bylines.all())

    @admin.display(description=_("on site"))
    def view_on_site_link(self, article):
        label = _("view") if article.is_public() else _("preview")
        return format_html('<a href="{}" target="_blank">{}</a>', article.get_absolute_url(), label)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read only: the body as readers see it, and no box for typing new tags.
        shown = {"body": ("body_text",), "new_tags": ()}
        return [
            (name, {**options, "fields": sum((shown.get(f, (f,)) for f in options["fields"]), ())})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "body_text")

    @admin.display(description=_("body"))
    def body_text(self, article):
        return format_html(
            '<div class="readonly-body">{}</div>', mark_safe(clean_html(article.body))
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.uploaded_by = request.user
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "lead_image" and formfield is not None:
            formfield.widget = PictureChooser.around(formfield.widget)
        return formfield

    def get_search_results(self, request, queryset, search_term):
        """The site's search (every field readers' search reads, segmented) over the articles
        this user may see, drafts included, plus the article whose id was typed. Bounded
        (`search.engine.editors_condition`): `search_capped` tells the change list when the
        newest matches only are listed."""
        term = search_term.strip()
        query = parse_query(term)
        wanted, request.search_capped = search_engine.editors_condition(
            query, queryset.db, among=self._few_visible(queryset) if query else None
        )
        if term.isascii() and term.isdigit() and len(term) <= 18:
            wanted = Q(pk=int(term)) if wanted is None else wanted | Q(pk=int(term))
        if wanted is None:
            return (queryset.none() if term else queryset), False
        return queryset.filter(wanted), False

    @staticmethod
    def _few_visible(queryset):
        """The ids of the listed articles when they are few (a writer's own, a narrow filter),
        else None: few are searched one document each, so none is missed behind the site's
        newest matches."""
        ids = list(queryset.order_by().values_list("pk", flat=True)[: FEW_VISIBLE + 1])
        return ids if len(ids) <= FEW_VISIBLE else None

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        changelist.search_capped = getattr(request, "search_capped", False)
        return changelist

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
