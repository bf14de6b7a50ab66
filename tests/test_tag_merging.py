"""Editors merge tags in the admin: every article of the merged tags carries the tag merged into,
the merged tags are gone, and readers' pages and search follow."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from taggit.models import Tag

from articles import roles
from articles.models import Article
from articles.tags import merge_tags
from tests.factories import make_article, make_staff

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:taggit_tag_changelist")


def tag_names(article):
    return sorted(Article.objects.get(pk=article.pk).tags.names())


@pytest.fixture
def tagged():
    both = make_article(headline="武汉地铁新线开通")
    both.tags.add("武汉地铁", "地铁", "交通")
    one = make_article(headline="地铁票价调整")
    one.tags.add("地铁")
    untouched = make_article(headline="汉口江滩")
    untouched.tags.add("江滩")
    return {"both": both, "one": one, "untouched": untouched}


def test_merging_moves_every_article_onto_the_tag_and_deletes_the_merged_ones(tagged):
    merge_tags(Tag.objects.filter(name__in=["武汉地铁", "地铁"]), "武汉地铁")
    assert tag_names(tagged["both"]) == ["交通", "武汉地铁"]
    assert tag_names(tagged["one"]) == ["武汉地铁"]
    assert tag_names(tagged["untouched"]) == ["江滩"]
    assert not Tag.objects.filter(name="地铁").exists()


def test_merging_into_a_new_name_makes_that_tag(tagged):
    into = merge_tags(Tag.objects.filter(name__in=["武汉地铁", "地铁"]), "轨道交通")
    assert into.slug == "轨道交通"
    assert tag_names(tagged["one"]) == ["轨道交通"]
    assert set(Tag.objects.values_list("name", flat=True)) == {"轨道交通", "交通", "江滩"}


def test_the_tag_pages_follow_a_merge(client, tagged, django_capture_on_commit_callbacks):
    assert "地铁票价调整" in client.get("/tags/地铁/").content.decode()
    assert "地铁票价调整" not in client.get("/tags/交通/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        merge_tags(Tag.objects.filter(name="地铁"), "交通")
    assert client.get("/tags/地铁/").status_code == 404
    assert "地铁票价调整" in client.get("/tags/交通/").content.decode()


def test_search_finds_an_article_by_the_tag_it_was_merged_into(tagged):
    merge_tags(Tag.objects.filter(name="江滩"), "汉口江滩公园")
    found = Article.objects.published().search("汉口江滩公园")
    assert list(found.values_list("pk", flat=True)) == [tagged["untouched"].pk]


def test_an_editor_merges_tags_from_the_tag_list_in_chinese(client, tagged):
    client.force_login(make_staff("editor", roles.EDITOR))
    chosen = list(Tag.objects.filter(name__in=["武汉地铁", "地铁"]).values_list("pk", flat=True))
    asked = client.post(CHANGELIST, {"action": "merge_selected", ACTION_CHECKBOX_NAME: chosen})
    page = asked.content.decode()
    assert asked.status_code == 200 and "合并到标签" in page
    assert "地铁 (2 篇稿件)" in page and "Tag" not in page.split("<h1>")[1].split("</h1>")[0]
    done = client.post(
        CHANGELIST,
        {"action": "merge_selected", ACTION_CHECKBOX_NAME: chosen, "into": "地铁"},
        follow=True,
    )
    assert "已将 武汉地铁 合并到 地铁。" in done.content.decode()
    assert tag_names(tagged["both"]) == ["交通", "地铁"]


def test_the_merge_page_refuses_an_empty_name_and_merges_nothing(client, tagged):
    client.force_login(make_staff("editor", roles.EDITOR))
    chosen = list(Tag.objects.filter(name__in=["武汉地铁", "地铁"]).values_list("pk", flat=True))
    response = client.post(
        CHANGELIST, {"action": "merge_selected", ACTION_CHECKBOX_NAME: chosen, "into": " "}
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert Tag.objects.filter(name__in=["武汉地铁", "地铁"]).count() == 2


def test_writers_are_not_offered_the_merge(client, tagged):
    client.force_login(make_staff("reporter", roles.REPORTER))
    page = client.get(CHANGELIST).content.decode()
    assert "merge_selected" not in page
    chosen = list(Tag.objects.values_list("pk", flat=True))
    client.post(CHANGELIST, {"action": "merge_selected", ACTION_CHECKBOX_NAME: chosen, "into": "x"})
    assert Tag.objects.count() == 4


def test_the_tag_list_counts_each_tags_articles_in_a_fixed_number_of_queries(
    client, tagged, django_assert_max_num_queries
):
    client.force_login(make_staff("editor", roles.EDITOR))
    for n in range(20):
        make_article(headline=f"稿件{n}").tags.add(f"标签{n}")
    with django_assert_max_num_queries(8):
        page = client.get(CHANGELIST).content.decode()
    assert '<td class="field-articles">2</td>' in page
