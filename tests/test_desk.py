from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import roles, workflow
from articles.models import Article
from tests.factories import add_byline, make_article, make_contributor, make_role, make_staff

pytestmark = pytest.mark.django_db

S = Article.Status
INDEX = reverse("admin:index")


def desk_of(client, user):
    client.force_login(user)
    response = client.get(INDEX)
    assert response.status_code == 200
    return {
        entry["key"]: [row["article"].headline for row in entry["rows"]]
        for entry in response.context["desk"]
    }


@pytest.fixture
def people():
    return {
        "reporter": make_staff("reporter", roles.REPORTER),
        "editor": make_staff("editor", roles.EDITOR),
    }


def test_a_reporter_sees_own_and_credited_work_only(client, people):
    reporter, editor = people["reporter"], people["editor"]
    make_article(status=S.DRAFT, created_by=reporter, headline="我的草稿")
    credited = make_article(status=S.DRAFT, headline="署名的草稿")
    add_byline(credited, make_contributor(user=reporter), make_role())
    returned = make_article(status=S.IN_REVIEW, created_by=reporter, headline="被退回的稿件")
    workflow.perform(returned, editor, "return", note="请核实数据")
    soon = timezone.now() + timedelta(hours=3)
    make_article(created_by=reporter, published_at=soon, headline="定时稿件")
    make_article(created_by=reporter, headline="已发稿件")
    make_article(status=S.DRAFT, headline="别人的草稿")
    make_article(status=S.IN_REVIEW, headline="别人的待审稿")
    submitted = make_article(status=S.DRAFT, created_by=reporter, headline="我送审的稿件")
    workflow.perform(submitted, reporter, "submit")

    assert desk_of(client, reporter) == {
        "my-drafts": ["署名的草稿", "我的草稿"],
        "returned": ["被退回的稿件"],
        "waiting": [],
        "submitted": ["我送审的稿件"],
        "pending": [],
        "scheduled": ["定时稿件"],
        "recent": ["已发稿件"],
    }


def test_an_editor_sees_everything_waiting_for_review_and_scheduled(client, people):
    editor = people["editor"]
    make_article(status=S.IN_REVIEW, headline="待审一")
    make_article(status=S.IN_REVIEW, headline="待审二")
    later = timezone.now() + timedelta(days=1)
    make_article(published_at=later, headline="明天上线")
    make_article(published_at=later - timedelta(hours=2), headline="今晚上线")

    desk = desk_of(client, editor)
    assert desk["in-review"] == ["待审一", "待审二"]
    assert desk["waiting"] == ["待审一", "待审二"]
    assert desk["scheduled"] == ["今晚上线", "明天上线"]
    assert desk["my-drafts"] == desk["returned"] == []


def test_scheduled_entries_show_their_go_live_time(client, people):
    go_live = timezone.now() + timedelta(days=2)
    make_article(published_at=go_live, headline="后天上线")
    client.force_login(people["editor"])
    page = client.get(INDEX).content.decode()
    assert timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M") in page


def test_the_desk_runs_a_fixed_number_of_queries(client, people):
    editor = people["editor"]
    client.force_login(editor)

    def fill(count):
        for _ in range(count):
            make_article(status=S.IN_REVIEW)
            make_article()
            make_article(published_at=timezone.now() + timedelta(days=1))

    fill(1)
    with CaptureQueriesContext(connection) as few:
        client.get(INDEX)
    fill(10)
    with CaptureQueriesContext(connection) as many:
        client.get(INDEX)
    assert len(many) == len(few)
