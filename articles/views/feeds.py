"""RSS 2.0 and Atom feeds of the newest articles, for the whole site and for each section."""

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

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


class RssFeed(XmlTextFeedMixin, Rss201rev2Feed):
    pass


class AtomFeed(XmlTextFeedMixin, Atom1Feed):
    pass


class LatestArticlesFeed(Feed):
    feed_type = RssFeed
    description = _("The newest articles.")

    def title(self):
        return settings.SITE_NAME

    def link(self):
        return reverse("articles:home")

    def items(self):
        return Article.objects.published().with_credits()[:FEED_LENGTH]

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
        return Article.objects.published().with_credits().in_section(section)[:FEED_LENGTH]


class SectionAtomFeed(SectionFeed):
    feed_type = AtomFeed

    def subtitle(self, section):
        return self.description(section)
