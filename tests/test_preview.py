"""The banner on a staff preview says what readers see of the article."""

import datetime
import re
from html import unescape

import pytest
from django.utils.translation import gettext

from articles import roles
from articles.models import Article
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db


def banner(client, article):
    client.force_login(make_staff("editor", roles.EDITOR))
    html = client.get(f"/preview/{article.pk}/").content.decode()
    found = re.search(r'<div class="preview-banner"[^>]*>(.*?)</div></div>', html, re.S)
    assert found, "the preview has no banner"
    return unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def test_a_scheduled_article_s_banner_gives_its_go_live_time(client):
    go_live = datetime.datetime(2099, 1, 1, 0, 0, tzinfo=datetime.UTC)
    shown = banner(client, make_article(published_at=go_live))
    assert "2099-01-01 08:00:00" in shown


def test_a_live_article_s_banner_says_readers_see_it(client):
    shown = banner(client, make_article())
    assert "尚未公开" not in shown
    assert gettext("Preview: this article is public; readers see it at its address.") == shown


def test_a_draft_s_banner_says_it_is_not_public_with_its_state(client):
    shown = banner(client, make_article(status=Article.Status.DRAFT))
    assert "尚未公开" in shown and str(Article.Status.DRAFT.label) in shown
