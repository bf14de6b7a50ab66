import pytest
from django.core.management import call_command

from articles.models import Article, Contributor
from tests.factories import make_section

pytestmark = pytest.mark.django_db


def test_sample_content_fills_an_empty_database():
    call_command("load_sample_content", verbosity=0)
    assert Article.objects.get(pk=1).list_title.startswith("武汉市用改的成效回应群众关切")
    assert Article.objects.count() > 20


def test_a_second_run_keeps_editors_work_and_account_links(django_user_model):
    call_command("load_sample_content", verbosity=0)
    article = Article.objects.get(pk=5)
    Article.objects.filter(pk=5).update(headline="编辑改过的标题")
    article.bylines.all().delete()
    reporter = django_user_model.objects.create_user("reporter")
    Contributor.objects.filter(name="胡弦").update(user=reporter)
    call_command("load_sample_content", verbosity=0)
    assert Article.objects.get(pk=5).headline == "编辑改过的标题"
    assert not Article.objects.get(pk=5).bylines.exists()
    assert Contributor.objects.get(name="胡弦").user == reporter


def test_a_database_with_its_own_sections_gets_no_sample_content():
    make_section("本地", "local")
    call_command("load_sample_content", verbosity=0)
    assert not Article.objects.exists()
