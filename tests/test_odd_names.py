"""No name a newsroom types, however odd, breaks a page: tags made of punctuation get a usable
slug, and every page that names a tag, contributor or outlet answers."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from taggit.models import Tag

from articles import roles
from articles.tags import tag_slug
from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_outlet,
    make_role,
    make_staff,
)

pytestmark = pytest.mark.django_db

ODD_NAMES = ["……", "、", "'';!--", "——", "《》", "？", "  ", "_", "-", "🙂", "%2F", "a/b", "<b>"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_a_tag_of_any_name_gets_a_slug_its_address_can_be_made_from(name):
    tag = Tag.objects.create(name=name)
    assert tag.slug
    assert reverse("articles:tag", args=[tag.slug])


def test_punctuation_only_tags_get_distinct_slugs():
    slugs = {Tag.objects.create(name=name).slug for name in ["……", "、", "'';!--", "——"]}
    assert len(slugs) == 4


def test_a_word_keeps_its_unicode_slug():
    assert Tag.objects.create(name="武汉").slug == "武汉"
    assert tag_slug("主题 教育") == "主题-教育"


def test_tags_added_to_an_article_get_slugs():
    article = make_article()
    article.tags.add("……", "、")
    assert all(tag.slug for tag in article.tags.all())


@pytest.fixture
def odd_article():
    outlet = make_outlet("'';!--")
    article = make_article(source=outlet, headline="……")
    add_byline(article, make_contributor("、", outlet), make_role("……"))
    add_byline(article, make_contributor("<b>", None), make_role("'';!--"))
    article.tags.add(*ODD_NAMES)
    return article


def test_the_live_article_page_of_an_article_with_odd_names_answers(client, odd_article):
    response = client.get(odd_article.get_absolute_url())
    assert response.status_code == 200
    for tag in odd_article.tags.all():
        assert reverse("articles:tag", args=[tag.slug]) in response.content.decode()


def test_its_preview_answers(client, odd_article):
    client.force_login(make_staff("editor", roles.EDITOR))
    assert client.get(reverse("articles:preview", args=[odd_article.pk])).status_code == 200


def test_the_pages_naming_them_answer(client, odd_article):
    pages = [reverse("articles:tag", args=[tag.slug]) for tag in odd_article.tags.all()]
    pages += [byline.contributor.get_absolute_url() for byline in odd_article.bylines.all()]
    pages += [odd_article.source.get_absolute_url(), "/", "/feeds/rss.xml", "/feeds/atom.xml"]
    pages += [odd_article.section.get_absolute_url()]
    pages += [reverse(f"articles:{name}") for name in ("sitemap", "news_sitemap", "site_map")]
    pages += [reverse("articles:search") + "?q=……", reverse("articles:search") + "?q=、"]
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_a_tag_left_with_an_empty_slug_costs_its_link_not_the_page(client):
    article = make_article()
    article.tags.add("武汉", "……")
    Tag.objects.filter(name="……").update(slug="")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "……" in response.content.decode()


def test_the_data_migration_mends_empty_slugs():
    Tag.objects.create(name="武汉")
    Tag.objects.bulk_create([Tag(name="……", slug=""), Tag(name="a/b", slug="a/b")])
    migration = importlib.import_module("articles.migrations.0021_mend_empty_tag_slugs")
    migration.mend_empty_slugs(apps, None)
    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs == {"武汉": "武汉", "……": tag_slug("……"), "a/b": "ab"}
