"""Public listings order the way their indexes are built, so the database can read them in order."""

import pytest
from taggit.models import Tag

from articles.models import Article, Byline
from articles.views import feeds, public, sitemaps
from articles.views import listings as listing_views
from tests.factories import make_contributor, make_outlet, make_section

pytestmark = pytest.mark.django_db

# The order of the (status, -published_at) and (section/source, status, -published_at) indexes:
# descending with the database's default NULLS FIRST, which `NULLS LAST` would not match.
INDEX_ORDER = 'ORDER BY "articles_article"."published_at" DESC, "articles_article"."id" DESC'


def listings():
    section, outlet = make_section(), make_outlet()
    tag = Tag.objects.create(name="武汉", slug="武汉")
    credited = Byline.objects.filter(contributor=make_contributor()).values("article_id")
    return {
        "latest": public.listing()[:10],
        "section": public.listing().in_section(section),
        "tag": listing_views.teasers().filter(tags=tag),
        "contributor": listing_views.teasers().filter(pk__in=credited),
        "outlet": listing_views.teasers().filter(source=outlet),
        "feed": feeds.SectionFeed().items(section),
        "sitemap": sitemaps.ArticleSitemap().items(),
        "published": Article.objects.published(),
    }


def test_every_public_listing_orders_newest_first_as_its_index_does():
    for name, queryset in listings().items():
        sql = str(queryset.query)
        assert INDEX_ORDER in sql, name
        assert "NULLS LAST" not in sql, name
