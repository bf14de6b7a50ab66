from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Review (三审)")

    def ready(self):
        import reversion

        from .models import SensitiveWord

        # Word lists are revisioned: the admin's history shows and recovers every change.
        if not reversion.is_registered(SensitiveWord):
            reversion.register(SensitiveWord)
