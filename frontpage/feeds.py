"""RSS and Atom feeds of a topic's articles."""

from django.conf import settings
from django.shortcuts import get_object_or_404

from articles.views.feeds import FEED_LENGTH, AtomFeed, LatestArticlesFeed

from .models import Topic


class TopicFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return f"{settings.SITE_NAME} · {topic.title}"

    def link(self, topic):
        return topic.get_absolute_url()

    def description(self, topic):
        return topic.introduction or topic.title

    def items(self, topic):
        return topic.articles().for_feeds()[:FEED_LENGTH]


class TopicAtomFeed(TopicFeed):
    feed_type = AtomFeed

    def subtitle(self, topic):
        return self.description(topic)
