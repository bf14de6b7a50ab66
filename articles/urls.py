"""The public site. Included last: a section's path is a catch-all."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path, register_converter

from search import views as search_views

from .page_cache import public_page
from .views import feeds, listings, public, site, sitemaps

app_name = "articles"

SECTION_PATH = r"(?P<section_path>[-a-zA-Z0-9_]+(?:/[-a-zA-Z0-9_]+)*)"
ID = r"(?P<pk>[0-9]{1,18})"


class TagSlugConverter:
    """A tag slug: any text (taggit keeps Unicode, e.g. 武汉) but no slash and no control
    character, which PostgreSQL refuses in a query (NUL) and no slug holds."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TagSlugConverter, "tag_slug")

urlpatterns = [
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    re_path(
        r"^sitemap-(?P<section>[a-z]+)\.xml$",
        public_page(sitemaps.section_sitemap),
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap_section",
    ),
    path(
        "news-sitemap.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": sitemaps.NEWS_SITEMAPS, "template_name": "sitemaps/news_sitemap.xml"},
        name="news_sitemap",
    ),
    path("sitemap/", site.site_map, name="site_map"),
    path("pages/<slug:slug>/", site.site_page, name="site_page"),
    path("feeds/", site.feeds, name="feeds"),
    path("feeds/feed.xsl", site.feed_stylesheet, name="feed_stylesheet"),
    path("feeds/rss.xml", public_page(feeds.LatestArticlesFeed()), name="feed_rss"),
    path("feeds/atom.xml", public_page(feeds.LatestArticlesAtomFeed()), name="feed_atom"),
    re_path(
        rf"^feeds/{SECTION_PATH}/rss\.xml$",
        public_page(feeds.SectionFeed()),
        name="section_feed_rss",
    ),
    re_path(
        rf"^feeds/{SECTION_PATH}/atom\.xml$",
        public_page(feeds.SectionAtomFeed()),
        name="section_feed_atom",
    ),
    re_path(rf"^preview/{ID}/$", public.preview, name="preview"),
    path("search/", search_views.search_page, name="search"),
    path("tags/<tag_slug:slug>/", listings.tag_detail, name="tag"),
    re_path(rf"^contributors/{ID}/$", listings.contributor_detail, name="contributor"),
    re_path(rf"^outlets/{ID}/$", listings.outlet_detail, name="outlet"),
    path("", public.home, name="home"),
    re_path(
        rf"^{SECTION_PATH}/(?P<year>[0-9]{{4}})/(?P<month>[0-9]{{2}})/(?P<day>[0-9]{{2}})/{ID}/$",
        public.article_detail,
        name="article",
    ),
    re_path(rf"^{SECTION_PATH}/$", public.section_detail, name="section"),
]
