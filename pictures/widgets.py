"""The article form's lead image field: autocomplete, a picker over the library, a preview."""

from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.urls import reverse

from articles.autocomplete import valid_keys

from .models import Image


class PictureChooser(RelatedFieldWidgetWrapper):
    """Django's related-field wrapper (autocomplete, add, change) plus a "choose from the
    library" link that opens the searchable picture list as a picker, and a preview."""

    template_name = "admin/pictures/picture_chooser.html"

    @classmethod
    def around(cls, wrapper):
        return cls(
            wrapper.widget,
            wrapper.rel,
            wrapper.admin_site,
            can_add_related=wrapper.can_add_related,
            can_change_related=wrapper.can_change_related,
            can_delete_related=wrapper.can_delete_related,
            can_view_related=wrapper.can_view_related,
        )

    @property
    def media(self):
        return super().media + self.widget.media.__class__(
            js=("pictures/picture-chooser.js",), css={"all": ("pictures/admin.css",)}
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["browse_url"] = reverse(
            f"{self.admin_site.name}:pictures_image_changelist", current_app=self.admin_site.name
        )
        chosen = None
        if value not in (None, "") and valid_keys(self.rel.field, [value]):
            chosen = Image.objects.filter(pk=value).first()
        context["preview_url"] = ""
        if chosen is not None:
            small = chosen.renditions_of("width", "jpeg")
            context["preview_url"] = small[0].url if small else chosen.file.url
        return context
