from django.db import models
from django.utils.translation import gettext_lazy as _


class Invalidation(models.Model):
    """The durable record of one change readers can see: the keys of the pages it made stale.

    The cache server may lose an invalidation (down at the time, or restored from an older
    snapshot); the database does not, and every process compares the two (see `reconcile`).
    It is also the queue of purges Varnish has not confirmed yet.
    """

    keys = models.TextField(_("page keys"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    purged_at = models.DateTimeField(_("purged from Varnish at"), null=True, blank=True)

    class Meta:
        verbose_name = _("page invalidation")
        verbose_name_plural = _("page invalidations")
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(purged_at__isnull=True),
                name="invalidation_unpurged",
            )
        ]

    def __str__(self):
        return self.keys

    def key_list(self):
        return self.keys.split()
