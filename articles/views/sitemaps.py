"""Sitemaps for search engines: an index of paginated section, article and outlet sitemaps, and
a Google News sitemap of the last 48 hours."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.shortcuts import get_current_site
from django.db.models import Subquery
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from frontpage.sitemaps import TopicSitemap

from ..addresses import article_address, article_address_pattern
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
        # The default computes every item's lastmod in Python. One query instead, of the newest
        # `updated_at` and the newest `published_at`, each the first row of an index read from
        # its end: as aggregates (`MAX(...)` under the published filter) both databases read
        # every published row, 105 ms on PostgreSQL and 300 ms on SQLite at 200,000 articles.
        published = Article.objects.published()
        newest = {
            field: Subquery(published.order_by(f"-{field}").values(field)[:1])
            for field in ("updated_at", "published_at")
        }
        # The subqueries are not correlated: any one row of the table carries the answer.
        return (
            Article.objects.order_by()
            .annotate(latest=Greatest(*newest.values()))
            .values_list("latest", flat=True)
            .first()
        )

    def page_response(self, request, page):
        """A page of this sitemap, as Django's sitemap view and `sitemaps/sitemap.xml` write
        it (the same bytes and headers), from a few columns of each row: the framework's
        dictionary per address and template loop over 5,000 of them were 0.2 s of CPU a page.
        One query: a page past the end is one that reads no row (the paginator's count of
        every published article was half the time left)."""
        try:
            number = int(page)
        except (TypeError, ValueError) as error:
            raise Http404(f"No page {page!r}") from error
        if number < 1:
            raise Http404(f"No page {page!r}")
        start = (number - 1) * self.limit
        rows = list(
            Article.objects.published().values_list(
                "section__path", "published_at", "updated_at", "pk"
            )[start : start + self.limit]
        )
        if not rows and number > 1:
            raise Http404(f"No page {page!r}")
        site = f"{self.get_protocol(request.scheme)}://{self.get_domain(get_current_site(request))}"
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
            *self.url_elements(rows, escape(site)),
            "\n</urlset>\n",
        ]
        response = HttpResponse("".join(parts), content_type="application/xml")
        if rows:
            latest = max(
                self.modified_at(published, updated) for _p, published, updated, _k in rows
            )
            response.headers["Last-Modified"] = http_date(latest.timestamp())
        return response

    @classmethod
    def url_elements(cls, rows, site):
        address = article_address_pattern()
        site_zone = timezone.get_default_timezone()  # as `article_address`
        zone = timezone.get_current_timezone()  # as `get_urls` dates a change
        sections = {}
        for path, published, updated, pk in rows:
            if (section := sections.get(path)) is None:
                section = sections[path] = escape(path)
            day = published.astimezone(site_zone)
            changed = cls.modified_at(published, updated).astimezone(zone)
            location = address.format(
                section_path=section,
                year=f"{day.year:04d}",
                month=f"{day.month:02d}",
                day=f"{day.day:02d}",
                pk=pk,
            )
            yield (
                f"\n<url><loc>{site}{location}</loc><lastmod>{changed.year:04d}-"
                f"{changed.month:02d}-{changed.day:02d}</lastmod></url>"
            )

    @staticmethod
    def modified_at(published, updated):
        """`Article.modified_at` of a row."""
        return updated if updated is not None and updated > published else published


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


def section_sitemap(request, sitemaps, section, template_name):
    """Django's sitemap view, but for the articles: `ArticleSitemap.page_response`."""
    if sitemaps.get(section) is ArticleSitemap:
        return _article_sitemap(request, ArticleSitemap())
    return sitemap_views.sitemap(request, sitemaps, section=section, template_name=template_name)


@sitemap_views.x_robots_tag
def _article_sitemap(request, sitemap):
    return sitemap.page_response(request, request.GET.get("p", 1))


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
