"""Renaming an outlet, a contributor, a role, a tag or a section (or merging tags, moving a
section) reaches every cached page printing the name, on whatever part of the page prints it
(source, byline, affiliation, picture credit, navigation, breadcrumbs), and no other."""

from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles import signals
from articles.models import Article, Section
from articles.tags import merge_tags
from pagecache.models import Invalidation
from pictures.models import GalleryPicture
from tests.factories import (
    add_byline,
    make_article,
    make_contributor,
    make_image,
    make_outlet,
    make_role,
    make_section,
)

pytestmark = pytest.mark.django_db
S = Article.Status


def invalidated_keys():
    return {key for record in Invalidation.objects.all() for key in record.key_list()}


def html(client, url):
    return client.get(url).content.decode()


@pytest.fixture
def outlet():
    return make_outlet("长江日报")


@pytest.fixture
def sports():
    return make_section("体育", "sports")


def test_renaming_an_outlet_reaches_the_bylines_and_pages_of_its_contributors(
    client, outlet, sports, django_capture_on_commit_callbacks
):
    reporter = make_contributor("胡弦", affiliation=outlet)
    credited = make_article(sports, headline="没有来源的稿件")
    add_byline(credited, reporter, make_role("记者"))
    untouched = make_article(sports, headline="无关的稿件", published_at=timezone.now())
    pages = [credited.get_absolute_url(), f"/contributors/{reporter.pk}/"]
    for url in pages:
        assert "长江日报" in html(client, url), url
    with django_capture_on_commit_callbacks(execute=True):
        outlet.name = "长江日报社"
        outlet.save()
    for url in pages:
        assert "长江日报社" in html(client, url), url
    assert f"article-{untouched.pk}" not in invalidated_keys()


@pytest.mark.parametrize("place", ["lead", "gallery"])
def test_renaming_an_outlet_reaches_the_pages_of_the_pictures_it_holds(
    client, outlet, sports, place, django_capture_on_commit_callbacks
):
    picture = make_image(copyright_holder=outlet)
    article = make_article(
        sports, headline="配图稿件", lead_image=picture if place == "lead" else None
    )
    if place == "gallery":
        GalleryPicture.objects.create(article=article, image=picture, position=0)
    url = article.get_absolute_url()
    assert "长江日报" in html(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        outlet.name = "长江日报社"
        outlet.save()
    assert "长江日报社" in html(client, url)


def test_renaming_a_contributor_reaches_the_pages_of_the_pictures_credited_to_them(
    client, sports, django_capture_on_commit_callbacks
):
    photographer = make_contributor("王摄影")
    article = make_article(sports, lead_image=make_image(credit_contributor=photographer))
    url = article.get_absolute_url()
    assert "王摄影" in html(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        photographer.name = "王新名"
        photographer.save()
    assert "王新名" in html(client, url)


def test_renaming_a_role_reaches_the_picture_credits_naming_it(
    client, sports, django_capture_on_commit_callbacks
):
    role = make_role("通讯员")
    picture = make_image(credit_contributor=make_contributor("李四"), credit_role=role)
    url = make_article(sports, lead_image=picture).get_absolute_url()
    assert "通讯员" in html(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        role.name_zh = "特约通讯员"
        role.save()
    assert "特约通讯员" in html(client, url)


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_renaming_what_only_unpublished_articles_show_invalidates_nothing(
    outlet, sports, state, django_capture_on_commit_callbacks
):
    fields = (
        {"status": S.DRAFT, "published_at": None}
        if state == "draft"
        else {"published_at": timezone.now() + timedelta(days=1)}
    )
    reporter = make_contributor("胡弦", affiliation=outlet)
    role = make_role("记者")
    picture = make_image(credit_contributor=reporter, credit_role=role, copyright_holder=outlet)
    hidden = make_article(sports, source=outlet, lead_image=picture, **fields)
    add_byline(hidden, reporter, role)
    hidden.tags.add("武汉")
    with django_capture_on_commit_callbacks(execute=True):
        outlet.name, reporter.name, role.name_zh = "新名", "新作者名", "新角色"
        for changed in (outlet, reporter, role, picture, hidden.tags.get()):
            changed.save()
    assert not Invalidation.objects.exists()


def test_an_outlet_on_more_live_articles_than_the_limit_invalidates_the_whole_site(
    client, outlet, sports, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(signals, "MOST_ARTICLE_KEYS", 2)
    elsewhere = make_article(make_section("文化", "culture"), headline="别处的稿件")
    for _ in range(3):
        make_article(sports, source=outlet)
    client.get(elsewhere.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        outlet.name = "长江日报社"
        outlet.save()
    assert "site" in invalidated_keys()
    assert client.get(elsewhere.get_absolute_url())["X-Cache"] == "MISS"


def test_merging_tags_refreshes_both_tags_pages_and_their_articles_pages_only(
    client, django_capture_on_commit_callbacks
):
    both = make_article(headline="武汉地铁新线开通")
    both.tags.add("地铁", "交通")
    one = make_article(headline="地铁票价调整")
    one.tags.add("地铁")
    untouched = make_article(headline="汉口江滩")
    untouched.tags.add("江滩")
    for url in ("/tags/交通/", one.get_absolute_url(), untouched.get_absolute_url()):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        merge_tags(Tag.objects.filter(name="地铁"), "交通")
    assert "地铁票价调整" in html(client, "/tags/交通/")
    assert 'href="/tags/%E4%BA%A4%E9%80%9A/"' in html(client, one.get_absolute_url())
    assert client.get(untouched.get_absolute_url())["X-Cache"] == "HIT"
    assert "site" not in invalidated_keys()


def test_renaming_a_tag_refreshes_its_old_and_new_addresses_and_its_articles(
    client, sports, django_capture_on_commit_callbacks
):
    article = make_article(sports, headline="防汛稿件")
    article.tags.add("防汛")
    tag = Tag.objects.get(name="防汛")
    for url in ("/tags/防汛/", article.get_absolute_url()):
        assert "防汛" in html(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        tag.name, tag.slug = "抗洪", "抗洪"
        tag.save()
    assert client.get("/tags/防汛/").status_code == 404
    assert "防汛稿件" in html(client, "/tags/抗洪/")
    assert "抗洪" in html(client, article.get_absolute_url())


@pytest.fixture
def tree():
    news = make_section("新闻", "news")
    hubei = make_section("湖北", "hubei", parent=news)
    sports = make_section("体育", "sports")
    return {
        "news": news,
        "hubei": hubei,
        "in_hubei": make_article(hubei, headline="湖北的稿件"),
        "in_sports": make_article(sports, headline="体育的稿件"),
    }


def test_renaming_a_subsection_refreshes_the_pages_printing_it_and_no_other(
    client, tree, django_capture_on_commit_callbacks
):
    printing = ["/", "/news/", "/news/hubei/", tree["in_hubei"].get_absolute_url()]
    elsewhere = ["/sports/", tree["in_sports"].get_absolute_url()]
    for url in printing + elsewhere:
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        tree["hubei"].name = "湖北省"
        tree["hubei"].save()
    for url in printing:
        assert "湖北省" in html(client, url), url
    for url in elsewhere:
        assert client.get(url)["X-Cache"] == "HIT", url


def test_renaming_a_top_level_section_refreshes_every_pages_navigation(
    client, tree, django_capture_on_commit_callbacks
):
    url = tree["in_sports"].get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        tree["news"].name = "要闻"
        tree["news"].save()
    assert "要闻" in html(client, url)


def test_moving_a_section_refreshes_its_old_and_new_addresses(
    client, tree, django_capture_on_commit_callbacks
):
    old_article_url = tree["in_hubei"].get_absolute_url()
    for url in ("/news/hubei/", old_article_url, "/news/"):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        tree["hubei"].parent = Section.objects.get(slug="sports")
        tree["hubei"].save()
    assert client.get("/news/hubei/").status_code == 404
    moved = client.get(old_article_url)
    assert moved.status_code == 301
    assert moved["Location"] == Article.objects.get(pk=tree["in_hubei"].pk).get_absolute_url()
    assert "湖北的稿件" in html(client, "/sports/hubei/")
    assert "湖北的稿件" not in html(client, "/news/")


def test_an_empty_top_level_section_created_or_renamed_leaves_other_pages_cached(
    client, tree, django_capture_on_commit_callbacks
):
    elsewhere = ["/", "/sports/", tree["in_hubei"].get_absolute_url()]
    for url in elsewhere:
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        culture = make_section("文化", "culture")
    client.get("/culture/")
    with django_capture_on_commit_callbacks(execute=True):
        culture.name = "文化艺术"
        culture.save()
    assert "文化艺术" in html(client, "/culture/")
    assert "site" not in invalidated_keys()
    for url in elsewhere[1:]:
        assert client.get(url)["X-Cache"] == "HIT", url


def test_activating_a_top_level_section_with_articles_adds_it_to_every_pages_navigation(
    client, tree, django_capture_on_commit_callbacks
):
    hidden = make_section("文化", "culture", active=False)
    make_article(hidden, headline="文化稿件")
    url = tree["in_sports"].get_absolute_url()
    assert "文化" not in html(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        hidden.active = True
        hidden.save()
    assert "文化" in html(client, url)
