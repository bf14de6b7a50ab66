"""Pages about the site itself: its own pages (关于我们, 联系我们), the site map and the feeds."""

from django.shortcuts import get_object_or_404, render

from frontpage.models import Topic

from ..models import Article, Section, SitePage
from ..page_cache import public_page

SITE_MAP_LATEST = 50
SITE_MAP_TOPICS = 100


def section_tree():
    """Active sections as nested (section, children) pairs in the site's order, one query; a
    section under an inactive one is left out with it."""
    sections = Section.objects.active().order_by("depth", "position", "name")
    children = {}
    roots = []
    for section in sections:
        node = (section, [])
        children[section.pk] = node[1]
        if section.parent_id is None:
            roots.append(node)
        elif section.parent_id in children:
            children[section.parent_id].append(node)
    return roots


@public_page
def site_page(request, slug):
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "articles/site_page.html", {"page": page})


@public_page
def site_map(request):
    context = {
        "tree": section_tree(),
        "topics": Topic.objects.order_by("is_closed", "-created_at", "-pk")[:SITE_MAP_TOPICS],
        "latest": Article.objects.published().select_related("section")[:SITE_MAP_LATEST],
    }
    return render(request, "articles/site_map.html", context)


@public_page
def feeds(request):
    return render(request, "articles/feeds.html", {"tree": section_tree()})


@public_page
def feed_stylesheet(request):
    return render(request, "articles/feed.xsl", content_type="text/xsl; charset=utf-8")
