"""The page-cache keys of the pages front pages change (see articles/page_keys.py)."""

from articles.page_keys import HOME, SITEMAPS, listing_key, within_key

SECTION_PREFIX = listing_key("")


def topic_key(slug):
    return f"topic-{slug}"


def _topic_page(kwargs):
    # The address of a section under /topics/ when no topic has the slug (see views.py).
    slug = kwargs["slug"]
    return [topic_key(slug), listing_key(f"topics/{slug}"), within_key(f"topics/{slug}")]


PAGES = {"topic": _topic_page, "topic_feed_rss": _topic_page, "topic_feed_atom": _topic_page}


def page_keys(page):
    """The key of the page readers see for a front page (home, section or topic)."""
    if page.kind == page.Kind.SECTION:
        return {listing_key(page.section.path)}
    if page.kind == page.Kind.TOPIC:
        return {topic_key(page.topic.slug)}
    return {HOME}


def shows_slots(keys):
    """Whether a page with these keys may show slots (whose windows open and close)."""
    return any(key == HOME or key.startswith(("topic-", SECTION_PREFIX)) for key in keys)


def topic_keys(topic, *slugs):
    return {HOME, SITEMAPS, *(topic_key(slug) for slug in (topic.slug, *slugs) if slug)}
