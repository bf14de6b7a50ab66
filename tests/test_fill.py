"""The benchmark newsroom (`bench/fill.py`) is realistic: the shapes every benchmark relies on."""

import io
import re
from collections import Counter

import pytest
from django.db.models import Count, Max
from django.utils import timezone

from articles.models import Article, Byline, Contributor, Correction, Section, SourceOutlet
from articles.sanitize import clean_html
from bench.fill import fill

pytestmark = pytest.mark.django_db

COUNT = 600


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            stats = fill(COUNT, seed=3, out=io.StringIO())
            yield stats
            transaction.set_rollback(True)


def generated():
    # The captured sample article comes from its fixture, with its own two tags.
    return Article.objects.exclude(headline__startswith="武汉市用改的成效")


def test_sections_form_a_tree_four_levels_deep_of_very_different_sizes(newsroom):
    assert 250 <= Section.objects.count() <= 320
    assert Section.objects.aggregate(deepest=Max("depth"))["deepest"] == 3
    sizes = sorted(Section.objects.annotate(n=Count("articles")).values_list("n", flat=True))
    assert sizes[-1] >= 40 * max(1, sizes[len(sizes) // 2])
    busiest = Section.objects.annotate(n=Count("articles")).order_by("-n").first()
    assert busiest.path == "news/hubei/wuhan"


def test_people_outlets_and_tags_come_in_newsroom_numbers(newsroom):
    assert SourceOutlet.objects.count() == 200
    assert Contributor.objects.count() == 2000
    assert Contributor.objects.filter(affiliation__isnull=True).count() < 10
    assert Article.tags.through.tag_model().objects.count() == 5000
    assert all(o.default_notice.holder_id == o.pk for o in SourceOutlet.objects.all())


def test_every_article_has_one_to_four_bylines_and_three_to_six_tags(newsroom):
    bylines = Counter(generated().annotate(n=Count("bylines")).values_list("n", flat=True))
    assert set(bylines) == {1, 2, 3, 4}
    tags = Counter(len(a.tags.all()) for a in generated().prefetch_related("tags"))
    assert set(tags) == {3, 4, 5, 6}


def test_tags_are_used_with_a_zipf_distribution(newsroom):
    relname = Article.tags.through.tag_relname()
    uses = sorted(
        Article.tags.through.tag_model()
        .objects.annotate(n=Count(relname))
        .values_list("n", flat=True),
        reverse=True,
    )
    # The most used tag is on a large share of articles; most tags are on none or few.
    assert uses[0] > COUNT * 0.2
    assert uses[0] > 5 * uses[10] > 0
    assert uses[len(uses) // 2] <= 1


def test_a_tenth_of_the_articles_are_not_live_in_each_state(newsroom):
    now = timezone.now()
    states = Counter(generated().values_list("status", flat=True))
    assert states["published"] > COUNT * 0.8
    assert states["draft"] > 0 and states["in_review"] > 0 and states["withdrawn"] > 0
    assert Article.objects.scheduled().exists()
    assert generated().published().count() < COUNT * 0.95
    assert not Article.objects.drafts().filter(published_at__lte=now, status="published").exists()


def test_corrections_are_on_about_one_article_in_a_hundred_live_ones(newsroom):
    corrected = Correction.objects.values("article").distinct().count()
    assert 0 < corrected < COUNT * 0.05
    assert not Correction.objects.exclude(article__status="published").exists()


def test_bylines_credit_the_source_outlets_own_people_first(newsroom):
    firsts = Byline.objects.filter(position=1).select_related("contributor", "article")
    own = sum(b.contributor.affiliation_id == b.article.source_id for b in firsts)
    assert own > len(firsts) * 0.8


def test_text_is_chinese_with_chinese_punctuation_and_sanitized_bodies(newsroom):
    for article in generated()[:50]:
        assert re.search(r"[\u4e00-\u9fff]{4}", article.headline)
        assert len(article.body) >= 300 and article.body == clean_html(article.body)
        assert "，" in article.body and "," not in article.body
    lengths = sorted(len(a.body) for a in generated())
    assert 600 <= lengths[len(lengths) // 2] <= 2500


def test_the_articles_pass_the_models_own_validation(newsroom):
    for article in generated().filter(status="published")[:30]:
        article.full_clean()


def test_the_site_serves_the_filled_newsroom(newsroom, client):
    article = generated().published().first()
    assert client.get("/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(article.section.get_absolute_url()).status_code == 200


def test_six_in_ten_articles_lead_with_a_library_picture_and_its_renditions(newsroom, client):
    with_picture = generated().filter(lead_image__isnull=False)
    assert 0.5 < with_picture.count() / generated().count() < 0.7
    article = with_picture.published().select_related("lead_image").first()
    assert len(article.lead_image.renditions) >= 20
    page = client.get(article.get_absolute_url()).content.decode()
    assert article.lead_image.renditions_of("lead", "webp")[0].url in page


def test_the_home_page_is_curated_as_editors_keep_it(newsroom, client):
    from frontpage.models import Page, SlotEntry, Topic

    home = Page.objects.home().get()
    assert [b.name for b in home.blocks.order_by("position")] == ["头条", "焦点图", "要闻", "专题"]
    live = SlotEntry.objects.live()
    assert live.filter(block__name="头条").exclude(title="").count() == 1
    assert live.filter(block__name="焦点图", article__lead_image__isnull=False).count() == 4
    assert live.filter(block__name="要闻", ends_at__isnull=False).count() == 2
    assert Topic.objects.open().count() >= 4 and Topic.objects.filter(is_closed=True).exists()
    page = client.get("/").content.decode()
    assert 'class="block block-topics"' in page and 'class="lead-story' in page
