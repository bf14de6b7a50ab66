from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PicturesConfig(AppConfig):
    name = "pictures"
    verbose_name = _("Picture library")

    def ready(self):
        from . import signals

        signals.connect()
