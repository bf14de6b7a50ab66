from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from pagecache import expiry

        from . import page_cache, revisions, signals

        signals.connect()
        expiry.register(page_cache.next_go_live, per_page=True)
        revisions.register_models()
