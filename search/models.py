from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentField(models.TextField):
    """The weighted terms of a document: a `tsvector` on PostgreSQL (with a GIN index, see the
    migration); on SQLite the terms live in the FTS5 table `search_fts` and this stays empty."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "tsvector"
        return super().db_type(connection)


class SearchDocument(models.Model):
    """What search knows of an article, written by `search.index` whenever its text changes.

    Whether a reader may see the article is never copied here: every search starts from the
    article QuerySet (`published()` for readers), so a withdrawal hides an article at once.
    """

    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("article"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    document = DocumentField(_("document"), blank=True)
    # A copy, to take a query's newest matches from this table alone, a time window after
    # another (see `search.backends`); whether the article may be shown is still decided by
    # the article QuerySet.
    published_at = models.DateTimeField(_("publish time"), null=True, blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [models.Index(fields=["-published_at"], name="search_newest_first")]

    def __str__(self):
        return str(self.article_id)
