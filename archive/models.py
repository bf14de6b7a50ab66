from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class ImportRecord(models.Model):
    """Which capture an article was imported from, so importing it again updates that article."""

    article = models.OneToOneField(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="import_record",
    )
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        unique=True,
        help_text=_("Hash of outlet, list title and publish time, or of the page's URL."),
    )
    source_url = models.URLField(_("captured page URL"), max_length=500, blank=True)
    source_file = models.CharField(_("capture file"), max_length=500, blank=True)
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        help_text=_("Hash of everything parsed from the capture: unchanged captures are skipped."),
    )
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("import record")
        verbose_name_plural = _("import records")
        ordering = ["-imported_at"]

    def __str__(self):
        return self.source_file or self.fingerprint
