import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Section
from tests.factories import make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    news = make_section("新闻", "news")
    hubei = make_section("湖北", "hubei", parent=news)
    wuhan = make_section("武汉", "wuhan", parent=hubei)
    district = make_section("江岸", "jiangan", parent=wuhan)
    return news, hubei, wuhan, district


def test_path_is_the_slug_path_from_the_root(tree):
    news, hubei, wuhan, district = tree
    assert (news.path, hubei.path, district.path) == (
        "news",
        "news/hubei",
        "news/hubei/wuhan/jiangan",
    )
    assert district.depth == 3


def test_breadcrumb_ancestors_cost_one_query_at_any_depth(tree, django_assert_num_queries):
    district = Section.objects.get(path="news/hubei/wuhan/jiangan")
    with django_assert_num_queries(1):
        names = [s.name for s in district.ancestors()]
    assert names == ["新闻", "湖北", "武汉", "江岸"]


def test_ancestors_can_leave_out_the_section_itself(tree):
    assert [s.slug for s in tree[2].ancestors(include_self=False)] == ["news", "hubei"]


def test_a_section_cannot_become_its_own_parent(tree):
    news = tree[0]
    news.parent = news
    with pytest.raises(ValidationError) as excinfo:
        news.full_clean()
    assert "parent" in excinfo.value.message_dict


def test_a_section_cannot_move_under_its_descendant(tree):
    news, _hubei, _wuhan, district = tree
    news.parent = district
    with pytest.raises(ValidationError):
        news.full_clean()


def test_saving_a_cycle_is_refused_even_without_validation(tree):
    news, _hubei, wuhan, _district = tree
    news.parent = wuhan
    with pytest.raises(ValidationError):
        news.save()
    assert Section.objects.get(pk=news.pk).parent_id is None


def test_sibling_slug_clash_is_refused_by_validation(tree):
    news = tree[0]
    clash = Section(name="另一个湖北", slug="hubei", parent=news)
    with pytest.raises(ValidationError) as excinfo:
        clash.full_clean()
    assert "slug" in excinfo.value.message_dict


def test_sibling_slug_clash_is_refused_by_the_database(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(name="重复", slug="hubei", parent=tree[0])


def test_root_slug_clash_is_refused_by_the_database(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(name="重复", slug="news")


def test_same_slug_under_different_parents_is_allowed(tree):
    news, hubei, _wuhan, _district = tree
    make_section("体育", "sports", parent=news)
    other = Section(name="体育", slug="sports", parent=hubei)
    other.full_clean()
    other.save()
    assert other.path == "news/hubei/sports"


def test_moving_a_section_moves_its_descendants(tree):
    news, hubei, _wuhan, _district = tree
    china = make_section("国内", "china")
    hubei.parent = china
    hubei.save()
    assert Section.objects.get(slug="jiangan").path == "china/hubei/wuhan/jiangan"
    assert Section.objects.get(slug="jiangan").depth == 3
    renamed = Section.objects.get(slug="wuhan")
    renamed.slug = "wuhan-city"
    renamed.save()
    assert Section.objects.get(slug="jiangan").path == "china/hubei/wuhan-city/jiangan"
    assert news.children.count() == 0


def test_subtree_holds_the_section_and_its_descendants_only(tree):
    news, hubei, wuhan, district = tree
    make_section("湖北日报", "hubei-daily", parent=news)
    assert set(Section.objects.subtree_of(hubei)) == {hubei, wuhan, district}


def test_slug_must_be_ascii(tree):
    section = Section(name="湖北", slug="湖北")
    with pytest.raises(ValidationError) as excinfo:
        section.full_clean()
    assert "slug" in excinfo.value.message_dict


@pytest.mark.parametrize("slug", ["Hubei", "hubei_news", "-hubei", "hubei--news"])
def test_slug_must_be_lowercase_words_joined_by_single_hyphens(slug):
    with pytest.raises(ValidationError) as excinfo:
        Section(name="湖北", slug=slug).full_clean()
    assert "slug" in excinfo.value.message_dict


@pytest.mark.parametrize("slug", ["admin", "tags", "feeds", "preview", "media", "static"])
def test_top_level_slug_used_by_the_site_itself_is_refused(slug):
    with pytest.raises(ValidationError) as excinfo:
        Section(name="保留", slug=slug).full_clean()
    assert "slug" in excinfo.value.message_dict


def test_reserved_word_is_fine_below_the_top_level(tree):
    Section(name="标签", slug="tags", parent=tree[0]).full_clean()


def test_a_top_level_slug_clash_is_explained_in_words_not_by_the_constraint_name(tree, client):
    from articles import roles
    from tests.factories import make_staff

    client.force_login(make_staff("editor", roles.EDITOR))
    response = client.post(
        "/admin/articles/section/add/",
        {"name": "另一个新闻", "slug": "news", "position": "0", "description": "", "active": "on"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors)
    assert "A top-level section with this slug already exists." in errors
    assert "section_root_slug_unique" not in errors
