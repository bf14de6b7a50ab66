"""A refused request is logged as one line, never with a traceback."""

import io
import logging

import pytest
from django.urls import reverse

from articles import roles
from articles.models import Article
from tests.factories import make_article, make_staff, step_data

pytestmark = pytest.mark.django_db


def test_forged_workflow_posts_are_refused_with_one_log_line_each_and_no_traceback(client, caplog):
    intern = make_staff("intern", roles.INTERN)
    drafts = [
        make_article(status=Article.Status.DRAFT, created_by=intern, headline=f"草稿{n}")
        for n in range(3)
    ]
    client.force_login(intern)
    forged = ("publish", "schedule", "withdraw", "correct", "republish", "reschedule")
    with caplog.at_level(logging.INFO):
        for article in drafts:
            for action in forged:
                url = reverse("admin:articles_article_change", args=[article.pk])
                response = client.post(url, step_data(article, action, note="x"))
                assert response.status_code == 403
            delete = reverse("admin:articles_article_delete", args=[article.pk])
            assert client.post(delete, {"post": "yes"}).status_code == 403
    refusals = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(refusals) == len(drafts) * (len(forged) + 1)
    assert all(record.exc_info is None for record in caplog.records)
    assert all("\n" not in record.getMessage() for record in refusals)
    assert "intern" in refusals[0].getMessage()
    assert all(Article.objects.get(pk=a.pk).status == Article.Status.DRAFT for a in drafts)


@pytest.fixture
def server_log():
    """What the project's log handler writes (the console, as configured in settings)."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


def test_a_forged_host_and_a_too_large_form_are_logged_in_one_line_each(
    client, server_log, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(make_staff("editor", roles.EDITOR))
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.post(url, {"body": "字" * 2000}).status_code == 413
    written = server_log.getvalue()
    assert "Traceback" not in written
    lines = written.strip().splitlines()
    assert any("evil.example" in line for line in lines)
    assert any("exceeded" in line or "too large" in line.lower() for line in lines)
    assert len(lines) <= 4, lines


def test_an_unexpected_error_keeps_its_traceback(server_log):
    logger = logging.getLogger("django.request")
    try:
        raise ValueError("a real bug")
    except ValueError:
        logger.error("Internal Server Error: /x", exc_info=True)
    assert "Traceback" in server_log.getvalue()
