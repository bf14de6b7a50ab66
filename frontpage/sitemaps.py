from django.contrib.sitemaps import Sitemap

from .models import Topic


class TopicSitemap(Sitemap):
    """Every topic, closed ones too: they stay online."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Topic.objects.order_by("pk")
