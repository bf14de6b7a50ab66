"""Nobody without a staff account reaches any admin or editor-upload URL, by GET or by POST."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LOGIN_PATH = reverse("admin:login")


def staff_only_urls():
    urls = {
        reverse("admin:index"),
        reverse("admin:password_change"),
        reverse("admin:password_change_done"),
        reverse("admin:jsi18n"),
        reverse("admin:autocomplete")
        + "?app_label=articles&model_name=article&field_name=section&term=a",
        reverse("ckeditor_upload"),
        reverse("ckeditor_browse"),
        reverse("admin:articles_article_revisions", args=[1]),
        reverse("admin:articles_article_revision_diff", args=[1]) + "?old=1&new=2",
        reverse("admin:articles_article_revision_restore", args=[1, 1]),
    }
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        urls.add(reverse("admin:app_list", args=[opts.app_label]))
        urls.update(reverse(f"{prefix}_{view}") for view in ("changelist", "add"))
        urls.update(
            reverse(f"{prefix}_{view}", args=[1]) for view in ("change", "delete", "history")
        )
    return sorted(urls)


STAFF_ONLY_URLS = staff_only_urls()


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_PATH)


def test_every_registered_model_is_covered():
    registered = {f"/admin/{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry}
    assert registered <= set(STAFF_ONLY_URLS)
    assert "/admin/articles/article/" in registered and "/admin/auth/user/" in registered


@pytest.mark.parametrize("url", STAFF_ONLY_URLS)
def test_anonymous_visitor_is_sent_to_login(client, url):
    assert_sent_to_login(client.get(url))


@pytest.mark.parametrize("url", STAFF_ONLY_URLS)
def test_anonymous_post_is_sent_to_login_and_changes_nothing(client, url):
    article = make_article(headline="原标题")
    assert_sent_to_login(client.post(url, {"headline": "改过的", "post": "yes"}))
    assert list(Article.objects.values_list("pk", "headline")) == [(article.pk, "原标题")]


@pytest.mark.parametrize("url", STAFF_ONLY_URLS)
def test_logged_in_reader_without_staff_status_is_sent_to_login(client, url):
    client.force_login(get_user_model().objects.create_user("reader"))
    assert_sent_to_login(client.get(url))


@pytest.mark.parametrize("status", Article.Status.values)
def test_anonymous_visitor_gets_404_at_every_preview_url(client, status):
    article = make_article(status=status, published_at=timezone.now() - timedelta(hours=1))
    assert client.get(reverse("articles:preview", args=[article.pk])).status_code == 404
