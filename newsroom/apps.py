from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import get_user_model

from articles.names import staff_label


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsroomAdminSite"

    def ready(self):
        super().ready()
        # The project keeps Django's own User model; its __str__ is how the admin names a person
        # everywhere (log entries, read-only fields, filters, the workflow log, revisions), so it
        # says `王芳 (wangfang)` as the autocompletes do, instead of the bare login.
        get_user_model().__str__ = staff_label


class NewsroomConfig(AppConfig):
    """The project package as an app, for its management commands."""

    name = "newsroom"
