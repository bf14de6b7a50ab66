from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from review.wordlist import ImportError as WordImportError
from review.wordlist import import_words


class Command(BaseCommand):
    help = (
        "Import sensitive words from a UTF-8 text file: one word a line, then optionally "
        "level (block/review/note), category and replacement hint, tab- or comma-separated."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: not a regular file")
        try:
            counts = import_words(file.read_bytes())
        except WordImportError as failure:
            raise CommandError(f"{path}: {failure}") from failure
        self.stdout.write(
            "added {added}, updated {updated}, unchanged {unchanged}".format(**counts)
        )
