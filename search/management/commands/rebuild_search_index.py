import os

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm

from articles.models import Article
from search import index


class Command(BaseCommand):
    help = _(
        "Rebuild the search documents of every article (after a bulk import or a change of "
        "the segmenter). Search keeps working meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=index.BATCH)
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help=_("Processes that segment and write (default: one per core)."),
        )

    def handle(self, *args, batch_size, jobs, verbosity, **options):
        total = Article.objects.count()
        with tqdm(
            total=total,
            unit=_("articles"),
            disable=verbosity == 0,
            file=self.stderr._out,
            smoothing=0.1,
        ) as bar:
            index.rebuild(progress=bar.update, batch_size=batch_size, jobs=jobs)
        index.analyze()
        if verbosity:
            self.stdout.write(_("%(count)d articles indexed.") % {"count": total})
