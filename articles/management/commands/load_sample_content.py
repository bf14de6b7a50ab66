from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.models import Article, Section

FIXTURES = [
    "reference.json",
    "sample_article.json",
    "demo_articles.json",
    "sensitive_words.json",
    "frontpage.json",
]


class Command(BaseCommand):
    help = (
        "Load the reference data and sample articles into a database that has no sections "
        "or articles yet. A database in use is left alone, so editors' work is never reverted."
    )

    def handle(self, *args, **options):
        if Section.objects.exists() or Article.objects.exists():
            self.stdout.write("The database has content already; fixtures not loaded.")
            return
        paths = [str(settings.BASE_DIR / "fixtures" / name) for name in FIXTURES]
        call_command("loaddata", *paths, verbosity=options["verbosity"])
