from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsroomAdminSite"


class NewsroomConfig(AppConfig):
    """The project package as an app, for its management commands."""

    name = "newsroom"
