"""The imported sample capture renders the same public article page as the sample fixture."""

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article
from tests.capture_commands import SAMPLE, run_import

pytestmark = pytest.mark.django_db


def test_imported_sample_renders_the_sample_fixtures_page(client):
    fixtures = settings.BASE_DIR / "fixtures"
    call_command(
        "loaddata", fixtures / "reference.json", fixtures / "sample_article.json", verbosity=0
    )
    fixture_article = Article.objects.get()
    expected = client.get(fixture_article.get_absolute_url())
    # What the newsroom added after the page was captured; no capture carries it.
    summary, tags = fixture_article.summary, list(fixture_article.tags.all())
    updated_at, fixture_url = fixture_article.updated_at, fixture_article.get_absolute_url()
    fixture_article.delete()

    run_import(SAMPLE, publish=True)
    imported = Article.objects.get()
    imported.summary = summary
    imported.save()
    imported.tags.set(tags)
    # When a row was last saved is bookkeeping, shown only as JSON-LD dateModified.
    Article.objects.filter(pk=imported.pk).update(updated_at=updated_at)

    assert imported.get_absolute_url() != fixture_url  # a fresh render, not the cached page
    actual = client.get(imported.get_absolute_url())
    assert actual.status_code == expected.status_code == 200
    expected_html = expected.content.decode().replace(fixture_url, imported.get_absolute_url())
    assert actual.content.decode() == expected_html
