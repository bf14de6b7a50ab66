"""Running the capture commands from tests, and describing imported articles by their content."""

import io
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from articles.models import Article

CAPTURES = Path(__file__).parent / "captures"
SAMPLE = Path(__file__).parent / "data" / "cnhubei-2019-07-29.txt"


def load_reference_data():
    call_command("loaddata", "fixtures/reference.json", verbosity=0)


def run_import(*paths, **options):
    """(stdout, stderr, error): error is the CommandError when any capture failed, else None.

    Messages are read in English; the Chinese catalogue is checked on its own.
    """
    out, err = io.StringIO(), io.StringIO()
    try:
        with translation.override("en"):
            call_command("import_captures", *map(str, paths), stdout=out, stderr=err, **options)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def run_export(folder, *ids):
    out = io.StringIO()
    options = {"ids": list(ids)} if ids else {}
    with translation.override("en"):
        call_command("export_captures", str(folder), stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def describe(article):
    """Everything a capture can carry, by value, so articles in two databases compare equal."""
    notice = article.effective_notice()
    return {
        "section": [section.name for section in article.section.ancestors()],
        "list_title": article.list_title,
        "headline": article.headline,
        "published_at": article.published_at,
        "source": article.source.name if article.source_id else None,
        "body": article.body,
        "status": article.status,
        "notice": (notice.holder.name, notice.template) if notice else None,
        "responsible_editor": article.responsible_editor_id,
        "bylines": [
            (
                b.contributor.affiliation.name if b.contributor.affiliation_id else None,
                b.role.name_zh,
                b.contributor.name,
                b.position,
            )
            for b in article.bylines.all()
        ],
    }


def describe_all():
    articles = Article.objects.with_credits().order_by("published_at", "headline")
    return [describe(article) for article in articles]
