"""RSS 2.0 and Atom feeds of the newest articles, for the whole site and for each section."""

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, Stylesheet
from django.utils.translation import gettext_lazy as _
from django.utils.xmlutils import SimplerXMLGenerator

from ..bylines import byline_text
from ..models import Article, Section
from ..xml_text import xml_text

FEED_LENGTH = 30


def xml_values(values):
    return {
        key: [xml_text(v) for v in value] if isinstance(value, list | tuple) else xml_text(value)
        for key, value in values.items()
    }


class XmlTextFeedMixin:
    """Drops the characters XML cannot carry from every text of the feed and its items."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = xml_values(self.feed)

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = xml_values(self.items[-1])


# Served as plain XML: Chromium shows application/rss+xml as text and never applies the
# stylesheet, while feed readers go by the document, not the type. Links say the exact type.
BROWSER_READABLE_XML = "application/xml; charset=utf-8"


class RssFeed(XmlTextFeedMixin, Rss201rev2Feed):
    content_type = BROWSER_READABLE_XML


class AtomFeed(XmlTextFeedMixin, Atom1Feed):
    content_type = BROWSER_READABLE_XML

    def write(self, outfile, encoding):
        # Django writes the stylesheets of RSS feeds only; the same lines, with them.
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class LatestArticlesFeed(Feed):
    feed_type = RssFeed
    description = _("The newest articles.")
    # A browser that opens the feed shows it as a page, not as raw XML.
    stylesheets = [Stylesheet(reverse_lazy("articles:feed_stylesheet"), mimetype="text/xsl")]

    def title(self):
        return settings.SITE_NAME

    def link(self):
        return reverse("articles:home")

    def items(self):
        return Article.objects.published().for_feeds()[:FEED_LENGTH]

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.summary

    def item_author_name(self, article):
        return byline_text(article.bylines.all()) or None

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.modified_at

    # Links change when an article moves section; its id does not, so readers see no repeat.
    item_guid_is_permalink = False

    def item_guid(self, article):
        return f"article-{article.pk}"

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # A tag: URI (RFC 4151) is a valid Atom id and RSS guid; its authority, the site's
        # domain, is known only from the request.
        authority = get_current_site(request).domain.split(":")[0]
        for item in feed.items:
            item["unique_id"] = f"tag:{authority},2019:{item['unique_id']}"
        return feed

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = AtomFeed
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, section_path):
        return get_object_or_404(Section.objects.active(), path=section_path)

    def title(self, section):
        return f"{settings.SITE_NAME} · {section.name}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return section.description or _("The newest articles in %(section)s.") % {
            "section": section.name
        }

    def items(self, section):
        return Article.objects.published().for_feeds().in_section(section)[:FEED_LENGTH]


class SectionAtomFeed(SectionFeed):
    feed_type = AtomFeed

    def subtitle(self, section):
        return self.description(section)
