"""Sitemaps for search engines: an index of paginated section, article and outlet sitemaps, and
a Google News sitemap of the last 48 hours."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from frontpage.sitemaps import TopicSitemap

from ..addresses import article_address
from ..models import Article, Section, SourceOutlet

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Section.objects.active().order_by("path")


class ArticleSitemap(Sitemap):
    """Paginated (`?p=`) by the sitemap index, `limit` URLs a page, so every article is listed."""

    limit = 5000

    def items(self):
        # Only what an entry prints: 5,000 bodies were most of the bytes read for a page.
        return (
            Article.objects.published()
            .select_related("section")
            .only("published_at", "updated_at", "section__path")
        )

    def location(self, article):
        return article_address(article.section.path, article.published_at, article.pk)

    def lastmod(self, article):
        return article.modified_at

    def get_urls(self, *args, **kwargs):
        # The day, written once here: the template's date filter was a third of a page's time.
        urls = super().get_urls(*args, **kwargs)
        zone = timezone.get_current_timezone()
        for url in urls:
            if url["lastmod"]:
                url["lastmod_text"] = f"{url['lastmod'].astimezone(zone):%Y-%m-%d}"
        return urls

    def get_latest_lastmod(self):
        # The default computes every item's lastmod in Python: one aggregate instead, and of
        # two maxima each read from the end of an index (the max of a GREATEST over every
        # published row was a 400 ms scan at 200,000 articles).
        return Article.objects.published().aggregate(
            latest=Greatest(Max("updated_at"), Max("published_at"))
        )["latest"]


class OutletSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.3

    def items(self):
        return SourceOutlet.objects.order_by("pk")


class NewsSitemap(ArticleSitemap):
    """Google News: articles of the last 48 hours, at most 1,000 (rendered by its own template)."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        published = Article.objects.published().select_related("section")
        return published.filter(published_at__gte=since)[:NEWS_LIMIT]

    def get_latest_lastmod(self):
        return None


SITEMAPS = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "outlets": OutletSitemap,
    "topics": TopicSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('articles:preview', args=[1]).removesuffix('1/')}",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:news_sitemap'))}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
