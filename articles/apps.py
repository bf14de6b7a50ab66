from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
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
        post_migrate.connect(install_link_copies, sender=self)


def install_link_copies(using, **kwargs):
    from . import link_copies

    link_copies.install(connections[using])
