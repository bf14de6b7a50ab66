"""The picture library in the admin: search, filters, the focal point picker, the chooser."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles import permissions
from articles.admin.constraints import RefusedSavesAsFormErrors
from articles.autocomplete import CheckedAutocompletes
from articles.models import Article

from . import services
from .credits import credit_line
from .forms import ImageAdminForm
from .models import GalleryPicture, Image

THUMBNAIL_WIDTH = 160


def thumbnail_url(image):
    """A small square of the picture, or the original while its renditions are to be made."""
    for rendition in image.renditions_of("square", "jpeg"):
        if rendition.width >= THUMBNAIL_WIDTH:
            return rendition.url
    return image.file.url if image.file else ""


def _count(rows, column):
    """How many of `rows` there are, as a subquery the database runs for the shown rows only."""
    counted = rows.order_by().values(column).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1]), 0)


@admin.register(Image)
class ImageAdmin(RefusedSavesAsFormErrors, CheckedAutocompletes, admin.ModelAdmin):
    form = ImageAdminForm
    list_display = (
        "thumbnail",
        "title",
        "credit",
        "taken_on",
        "copyright_holder",
        "created_at",
        "places",
    )
    list_display_links = ("thumbnail", "title")
    list_filter = (
        "taken_on",
        ("credit_contributor", admin.RelatedOnlyFieldListFilter),
        "credit_text",
        ("copyright_holder", admin.RelatedOnlyFieldListFilter),
        "created_at",
    )
    list_select_related = ("credit_contributor", "credit_role", "copyright_holder")
    search_fields = ("title", "caption", "alt_text", "credit_text", "credit_contributor__name")
    date_hierarchy = "created_at"
    autocomplete_fields = (
        "credit_contributor",
        "credit_role",
        "copyright_holder",
        "copyright_notice",
    )
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ("focal_point_picker", "size", "uploaded", "used_by")
    fieldsets = (
        (None, {"fields": ("file", "size", "title", "alt_text", "caption", "taken_on")}),
        (
            _("Credit and copyright"),
            {
                "fields": (
                    "credit_contributor",
                    "credit_role",
                    "credit_text",
                    "copyright_holder",
                    "copyright_notice",
                )
            },
        ),
        (
            _("Focal point"),
            {
                "description": _(
                    "Click the picture where its subject is, or focus it and move the point "
                    "with the arrow keys. Every crop keeps this point in the picture."
                ),
                "fields": ("focal_point_picker", "focal_x", "focal_y"),
            },
        ),
        (_("Use"), {"fields": ("uploaded", "used_by")}),
    )

    class Media:
        css = {"all": ("pictures/admin.css",)}
        js = ("pictures/focal-point.js",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                lead_count=_count(Article.objects.filter(lead_image=OuterRef("pk")), "lead_image"),
                gallery_count=_count(GalleryPicture.objects.filter(image=OuterRef("pk")), "image"),
            )
        )

    def autocomplete_result(self, image):
        """Sent with each autocomplete result, so the article form shows the chosen picture."""
        return {"thumbnail": thumbnail_url(image)}

    def has_change_permission(self, request, obj=None):
        # Writers correct the pictures they uploaded; a picture others use is an editor's.
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or permissions.is_editor(request.user):
            return allowed
        return obj.created_by_id == request.user.pk

    def save_model(self, request, obj, form, change):
        services.save_image(obj, request.user)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Body images are links, not foreign keys; a published body showing one protects it too.
        shown = services.published_bodies_showing(objs)
        protected = [*protected, *(str(article) for article in shown)]
        if protected:
            # The published articles are what stops the deletion, not a permission to delete
            # them (which nobody has: they are withdrawn instead).
            perms_needed = set()
        return deleted, model_count, perms_needed, protected

    @admin.display(description=_("picture"))
    def thumbnail(self, image):
        url = thumbnail_url(image)
        if not url:
            return "—"
        return format_html(
            '<img class="picture-thumbnail" src="{}" alt="" width="{}" height="{}" loading="lazy">',
            url,
            THUMBNAIL_WIDTH // 2,
            THUMBNAIL_WIDTH // 2,
        )

    @admin.display(description=_("credit"))
    def credit(self, image):
        return credit_line(image)

    @admin.display(description=_("used by"))
    def places(self, image):
        return image.lead_count + image.gallery_count

    @admin.display(description=_("size"))
    def size(self, image):
        return f"{image.width} × {image.height}" if image.pk else "—"

    @admin.display(description=_("uploaded"))
    def uploaded(self, image):
        if not image.pk:
            return "—"
        by = image.created_by
        return f"{image.created_at:%Y-%m-%d %H:%M:%S} {by.get_username() if by else ''}".strip()

    @admin.display(description=_("used by"))
    def used_by(self, image):
        if not image.pk:
            return "—"
        articles = (
            Article.objects.filter(Q(lead_image=image) | Q(gallery__image=image))
            .select_related("section")
            .distinct()
        )
        rows = [
            (
                reverse("admin:articles_article_change", args=[article.pk]),
                article,
                article.state_label(),
            )
            for article in articles
        ]
        if not rows:
            return _("No article uses this picture.")
        return format_html(
            "<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a> ({})</li>', rows)
        )

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, image):
        if not image.pk or not image.file:
            return _("Save the picture first; then set its focal point here.")
        preview = image.renditions_of("width", "jpeg")
        url = next((r.url for r in preview if r.width >= 640), None) or image.file.url
        return format_html(
            '<div class="focal-point-picker" data-x-input="id_focal_x" data-y-input="id_focal_y">'
            '<img src="{}" alt="{}" width="{}" height="{}">'
            '<span class="focal-point-marker" role="slider" tabindex="0" aria-label="{}" '
            'aria-valuetext="" aria-valuemin="0" aria-valuemax="100"></span></div>',
            url,
            image.alt_text or image.title,
            image.width,
            image.height,
            _("Focal point: arrow keys move it, Shift+arrow moves it further"),
        )


class GalleryPictureInline(CheckedAutocompletes, admin.TabularInline):
    model = GalleryPicture
    extra = 1
    fields = ("position", "image", "caption")
    autocomplete_fields = ("image",)
    verbose_name = _("gallery picture")
    verbose_name_plural = _("gallery (图集): pictures in the order they are shown")
