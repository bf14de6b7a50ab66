"""The keys of what each public page shows, shared by the page cache and Varnish (`xkey`).

A page's keys come from its address alone, so a cached page is found and checked before
anything is rendered. A change readers can see invalidates the keys of the pages showing it
(see `signals.py`); every page also carries "site" (the navigation and the footer).
"""

from urllib.parse import quote

from .models.sections import PATH_SEPARATOR

HOME = "home"
FEEDS = "feeds"
SITEMAPS = "sitemaps"


def article_key(pk):
    return f"article-{pk}"


def listing_key(section_path):
    """The articles listed by a section (all its pages and feeds)."""
    return f"section-{section_path}"


def within_key(section_path):
    """Every page under a section that prints its name: its own and its subsections' listings,
    its articles (breadcrumbs)."""
    return f"in-{section_path}"


def tag_key(slug):
    return f"tag-{quote(slug, safe='')}"


def contributor_key(pk):
    return f"contributor-{pk}"


def outlet_key(pk):
    return f"outlet-{pk}"


def site_page_key(slug):
    return f"page-{slug}"


def path_prefixes(section_path):
    parts = section_path.split(PATH_SEPARATOR)
    return [PATH_SEPARATOR.join(parts[: i + 1]) for i in range(len(parts))]


def top_level_paths(keys):
    """The top-level sections whose listings are among `keys`: of an article's pages, the
    section it is under."""
    prefix = listing_key("")
    return {
        key.removeprefix(prefix)
        for key in keys
        if key.startswith(prefix) and PATH_SEPARATOR not in key
    }


def _section_page(kwargs):
    path = kwargs["section_path"]
    return [listing_key(path), *map(within_key, path_prefixes(path))]


PAGES = {
    "home": lambda kwargs: [HOME],
    "section": _section_page,
    "section_feed_rss": _section_page,
    "section_feed_atom": _section_page,
    "article": lambda kwargs: [
        article_key(kwargs["pk"]),
        *map(within_key, path_prefixes(kwargs["section_path"])),
    ],
    "tag": lambda kwargs: [tag_key(kwargs["slug"])],
    "contributor": lambda kwargs: [contributor_key(kwargs["pk"])],
    "outlet": lambda kwargs: [outlet_key(kwargs["pk"])],
    "feed_rss": lambda kwargs: [FEEDS],
    "feed_atom": lambda kwargs: [FEEDS],
    "sitemap": lambda kwargs: [SITEMAPS],
    # The site map lists the section tree and the newest articles; the feeds page the tree.
    "site_map": lambda kwargs: [SITEMAPS],
    "feeds": lambda kwargs: [SITEMAPS],
    "feed_stylesheet": lambda kwargs: [],
    "site_page": lambda kwargs: [site_page_key(kwargs["slug"])],
    "sitemap_section": lambda kwargs: [SITEMAPS],
    "news_sitemap": lambda kwargs: [SITEMAPS],
}


# Other apps' public pages, by URL namespace (the front pages' topics: see frontpage/apps.py).
NAMESPACES = {"articles": PAGES}


def keys_of(match):
    """The keys of the public page an address resolved to, or None for any other address."""
    pages = NAMESPACES.get(match.namespace, {})
    if match.url_name not in pages:
        return None
    return pages[match.url_name](match.kwargs)


def is_visible(status, published_at):
    """`Article.is_public()` for an article known by these two columns."""
    from .models import Article

    return Article(status=status, published_at=published_at).is_public()


def listed_keys(article_id, section_path, source_id):
    """The pages listing an article, without its tags' and contributors'."""
    keys = {article_key(article_id), HOME, FEEDS, SITEMAPS}
    keys.update(map(listing_key, path_prefixes(section_path)))
    if source_id:
        keys.add(outlet_key(source_id))
    return keys


def neighbours(pk, section_id, published_at):
    """The articles whose pages link to this one as the previous or next in their section."""
    from .models import Article

    same = Article.objects.published().filter(section_id=section_id).exclude(pk=pk)
    older = same.filter(published_at__lte=published_at).order_by("-published_at", "-pk")
    newer = same.filter(published_at__gte=published_at).order_by("published_at", "pk")
    return [*older.values_list("pk", flat=True)[:1], *newer.values_list("pk", flat=True)[:1]]


def shown_keys(article):
    """Every page showing `article` as it stands in the database now, or nothing when readers
    cannot see it (a draft, in review, scheduled for later, withdrawn)."""
    from .models import Article, Byline

    state = (
        Article.objects.filter(pk=article.pk)
        .values_list("status", "published_at", "section__path", "source_id", "section_id")
        .first()
    )
    if state is None or not is_visible(state[0], state[1]):
        return set()
    keys = listed_keys(article.pk, state[2], state[3])
    keys.update(map(article_key, neighbours(article.pk, state[4], state[1])))
    keys.update(map(tag_key, article.tags.values_list("slug", flat=True)))
    credited = Byline.objects.filter(article_id=article.pk).values_list("contributor_id", flat=True)
    keys.update(map(contributor_key, credited))
    return keys
