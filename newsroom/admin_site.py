"""The newsroom's admin site: Django's, branded, naming staff by their real names in autocompletes."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from articles.names import staff_label


class StaffNamesAutocompleteView(AutocompleteJsonView):
    def process_request(self, request):
        term, *rest = super().process_request(request)
        # PostgreSQL refuses a NUL in a query; no name holds one.
        return (term.replace("\x00", ""), *rest)

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, get_user_model()):
            result["text"] = staff_label(obj)
        # A model admin may send more about each result (the picture library: its thumbnail).
        more = getattr(self.model_admin, "autocomplete_result", None)
        return {**result, **more(obj)} if more else result


class NewsroomAdminSite(admin.AdminSite):
    site_header = format_lazy("{} · {}", settings.SITE_NAME, _("Newsroom"))
    site_title = format_lazy("{} {}", settings.SITE_NAME, _("Newsroom"))
    index_title = _("Editors' desk")

    def autocomplete_view(self, request):
        return StaffNamesAutocompleteView.as_view(admin_site=self)(request)


def admin_branding(request):
    """The admin's header and title, for admin-styled pages that the admin's own views do not
    render (django-axes' lockout page), which would otherwise say "Django administration"."""
    return {"site_header": admin.site.site_header, "site_title": admin.site.site_title}
