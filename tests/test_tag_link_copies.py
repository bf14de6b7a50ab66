"""Tag links copy their article's status and publish time, on every path that changes either."""

import datetime
import json

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import link_copies, revisions, roles, workflow
from articles.models import Article, TaggedArticle
from tests.capture_commands import load_reference_data, run_import
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db

S = Article.Status
NOON = datetime.datetime(2019, 7, 29, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def editor():
    return make_staff("editor", roles.EDITOR)


def copies():
    """Each link's copy beside its article's values: equal pairs when the copies are true."""
    links = TaggedArticle.objects.select_related("content_object").order_by("pk")
    return [
        (
            (link.status, link.published_at),
            (link.content_object.status, link.content_object.published_at),
        )
        for link in links
    ]


def assert_copies_true():
    pairs = copies()
    assert pairs and all(copy == article for copy, article in pairs), pairs


def test_links_made_by_taggit_copy_their_article():
    article = make_article()
    article.tags.add("武汉", "防汛")
    article.tags.set(["武汉", "长江"])
    assert_copies_true()
    assert set(TaggedArticle.objects.values_list("status", flat=True)) == {S.PUBLISHED}


def test_publishing_withdrawing_and_rescheduling_move_the_copies(editor):
    article = make_article(status=S.IN_REVIEW)
    article.tags.add("武汉")
    with time_machine.travel(NOON, tick=False):
        workflow.perform(article, editor, "schedule", publish_at=NOON + datetime.timedelta(hours=2))
        assert_copies_true()
        workflow.perform(
            article, editor, "reschedule", publish_at=NOON + datetime.timedelta(days=1)
        )
        assert_copies_true()
    workflow.perform(article, editor, "withdraw", note="核实中")
    assert_copies_true()
    assert TaggedArticle.objects.get().status == S.WITHDRAWN
    workflow.perform(article, editor, "republish")
    assert_copies_true()


def test_a_bulk_withdrawal_moves_every_copy(client, editor):
    articles = [make_article(), make_article()]
    for article in articles:
        article.tags.add("武汉", "防汛")
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "withdraw_selected",
            "_selected_action": [a.pk for a in articles],
            "reason": "重复稿件",
            "apply": "1",
        },
    )
    assert_copies_true()
    assert set(TaggedArticle.objects.values_list("status", flat=True)) == {S.WITHDRAWN}


def test_an_update_of_many_articles_moves_their_copies():
    for _ in range(3):
        make_article().tags.add("武汉")
    Article.objects.update(published_at=NOON)
    assert_copies_true()


def test_restoring_a_revision_leaves_the_copies_as_the_article_is_now(editor):
    article = make_article(status=S.IN_REVIEW)
    article.tags.add("武汉")
    baseline = revisions.record(article, editor, "before")
    article.tags.set(["防汛"])
    workflow.perform(article, editor, "publish")

    workflow.restore(article, editor, revisions.version_in(baseline, article))

    assert list(article.tags.names()) == ["武汉"]
    assert_copies_true()
    assert TaggedArticle.objects.get().status == S.PUBLISHED


def test_a_reimport_that_moves_the_time_moves_the_copies(tmp_path):
    load_reference_data()
    path = tmp_path / "good.txt"
    path.write_text(
        "原文链接:http://news.cnhubei.com/content/2019-07/29/content_1.html\n\n"
        "首页 > 新闻 > 湖北 >\n\n武汉新建口袋公园\n\n2019-07-29 11:26来源:荆楚网\n\n"
        "武汉新建口袋公园\n\n荆楚网记者 刘婧\n\n武汉今年新建口袋公园五十座。\n\n公园均免费开放。\n",
        encoding="utf-8",
    )
    run_import(path, publish=True)
    Article.objects.get().tags.add("武汉")
    path.write_text(path.read_text("utf-8").replace("11:26", "12:30"), "utf-8")

    assert "updated 1" in run_import(path, publish=True)[0]

    assert_copies_true()
    assert timezone.localtime(TaggedArticle.objects.get().published_at).hour == 12


def test_a_fixture_listing_stale_links_before_their_article_loads_true_copies(tmp_path):
    article = make_article()
    article.tags.add("武汉")
    dumped = tmp_path / "dump.json"
    call_command("dumpdata", "articles.article", "articles.taggedarticle", output=str(dumped))
    rows = json.loads(dumped.read_text("utf-8"))
    for row in rows:
        if row["model"] == "articles.taggedarticle":
            row["fields"].update(status=S.DRAFT, published_at=None)
    rows.sort(key=lambda row: row["model"] != "articles.taggedarticle")
    dumped.write_text(json.dumps(rows), "utf-8")
    TaggedArticle.objects.all().delete()
    Article.objects.all().delete()

    call_command("loaddata", str(dumped), verbosity=0)

    assert_copies_true()
    assert TaggedArticle.objects.get().status == S.PUBLISHED


def test_the_backfill_makes_stale_copies_true_again():
    article = make_article()
    article.tags.add("武汉", "防汛")
    link_copies.drop(connection)
    TaggedArticle.objects.update(status=S.DRAFT, published_at=None)

    link_copies.backfill(connection)

    assert_copies_true()
