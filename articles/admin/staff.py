"""Staff accounts in the admin, found the way the newsroom writes their names."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models.functions import Concat

User = get_user_model()


class StaffUserAdmin(UserAdmin):
    def get_search_results(self, request, queryset, search_term):
        """Django's search, plus the family name followed by the given name: `王芳` finds 姓 王,
        名 芳, as editors type it when choosing a 责编."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            family_first = queryset.annotate(family_first=Concat("last_name", "first_name"))
            matched = family_first.filter(family_first__icontains=term).values("pk")
            results = results | queryset.filter(pk__in=matched)
        return results, may_have_duplicates


# django.contrib.auth, listed before this app, registered Django's UserAdmin first.
admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
