"""Topic pages and feeds. Included before the articles' catch-all section paths."""

from django.urls import path

from articles.page_cache import public_page

from . import feeds, views

app_name = "frontpage"

urlpatterns = [
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("topics/<slug:slug>/rss.xml", public_page(feeds.TopicFeed()), name="topic_feed_rss"),
    path("topics/<slug:slug>/atom.xml", public_page(feeds.TopicAtomFeed()), name="topic_feed_atom"),
]
