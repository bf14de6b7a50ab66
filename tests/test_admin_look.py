"""What editors and writers see in the admin: people by name and login, one time format, an
intern's read-only article as text, and a 403 page in the admin's design."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from articles import roles, workflow
from articles.models import Article
from tests.factories import make_article, make_staff, page_text

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def wangfang():
    return make_staff("wangfang", roles.EDITOR, first_name="芳", last_name="王")


@pytest.fixture
def intern():
    return make_staff("wujiayi", roles.INTERN, first_name="佳怡", last_name="吴")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_a_person_is_named_by_real_name_and_login(wangfang):
    assert str(wangfang) == "王芳 (wangfang)"
    assert str(make_staff("nobody")) == "nobody"


def test_the_workflow_log_history_and_greeting_name_people_by_name_and_login(
    client, wangfang, intern
):
    article = make_article(status=S.DRAFT, published_at=None, created_by=intern)
    workflow.perform(article, intern, "submit")
    client.force_login(wangfang)
    change = page_text(client.get(change_url(article)))
    assert "吴佳怡 (wujiayi)" in change
    assert "欢迎， 王芳 (wangfang)" in change


def test_the_history_page_names_who_changed_the_article(client, wangfang):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    article = make_article()
    LogEntry.objects.create(
        user=wangfang,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        object_repr=str(article),
        action_flag=CHANGE,
        change_message="[]",
    )
    client.force_login(wangfang)
    history = page_text(client.get(reverse("admin:articles_article_history", args=[article.pk])))
    assert "王芳 (wangfang)" in history and "(芳 王)" not in history


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_times_in_the_workflow_log_and_desk_are_written_to_the_second(
    client, wangfang, intern, language
):
    at = datetime(2019, 7, 29, 11, 26, 52, tzinfo=ZoneInfo("Asia/Shanghai"))
    article = make_article(status=S.DRAFT, published_at=None, created_by=intern)
    workflow.perform(article, intern, "submit")
    article.transitions.update(at=at)
    client.force_login(wangfang)
    change = client.get(change_url(article), headers={"Accept-Language": language}).text
    assert "2019-07-29 11:26:52" in change


def test_an_interns_read_only_article_shows_its_body_as_text_and_no_new_tags_box(client, intern):
    article = make_article(
        status=S.DRAFT, published_at=None, created_by=intern, body="<p>第一段<b>加粗</b></p>"
    )
    workflow.perform(article, intern, "submit")
    client.force_login(intern)
    response = client.get(change_url(article))
    assert response.status_code == 200
    html = response.text
    assert '<div class="readonly-body"><p>第一段<b>加粗</b></p></div>' in html
    assert "&lt;p&gt;" not in html
    text = page_text(response)
    assert "New tags" not in text and "None" not in text


def test_a_read_only_body_is_sanitized_again_when_shown(client, intern):
    article = make_article(status=S.IN_REVIEW, published_at=None, created_by=intern)
    Article.objects.filter(pk=article.pk).update(body="<p>正文</p><script>alert(1)</script>")
    client.force_login(intern)
    html = client.get(change_url(article)).text
    assert "<script>alert(1)</script>" not in html and "<p>正文</p>" in html


def test_a_refusal_is_a_403_page_in_the_admins_design(client, intern):
    article = make_article(status=S.IN_REVIEW, published_at=None, created_by=intern)
    client.force_login(intern)
    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    html = response.text
    assert 'id="site-name"' in html and "css/admin-site" in html
    assert "你无权进行此操作" in html and "返回编辑部首页" in html
    assert Article.objects.filter(pk=article.pk).exists()
