from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.export import export_capture
from archive.parse import LATEST_AHEAD
from articles.models import Article


class Command(BaseCommand):
    help = _("Write articles as text captures (one UTF-8 file each) that import_captures reads.")

    def add_arguments(self, parser):
        parser.add_argument("output", metavar="FOLDER", help=_("Where the files are written."))
        parser.add_argument(
            "--id", type=int, action="append", dest="ids", help=_("Only this article (repeatable).")
        )

    def handle(self, *args, output, ids=None, **options):
        folder = Path(output)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(
                _("Cannot write to %(folder)s: %(error)s") % self._why(folder, error)
            ) from None
        articles = Article.objects.with_credits().select_related("import_record")
        if ids:
            articles = articles.filter(pk__in=ids)
            missing = set(ids) - set(articles.values_list("pk", flat=True))
            if missing:
                raise CommandError(
                    _("No article with id %s.") % ", ".join(map(str, sorted(missing)))
                )
        written = skipped = 0
        latest = timezone.now() + LATEST_AHEAD
        for article in articles.order_by("pk"):
            if article.published_at is None or article.published_at > latest:
                skipped += 1
                reason = (
                    _("article %(pk)d: skipped, a capture needs a publish time")
                    if article.published_at is None
                    else _("article %(pk)d: skipped, scheduled for later: not an archive page yet")
                )
                self.stderr.write(reason % {"pk": article.pk})
                continue
            path = folder / f"article-{article.pk}.txt"
            try:
                path.write_text(export_capture(article), encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    _("Cannot write to %(folder)s: %(error)s") % self._why(path, error)
                ) from None
            written += 1
        self.stdout.write(
            _("written %(written)d, skipped %(skipped)d") % {"written": written, "skipped": skipped}
        )

    @staticmethod
    def _why(path, error):
        return {"folder": path, "error": error.strerror or error}
