"""Home, section and topic pages rendered from their blocks, for readers (now) and for the
curation screen's preview (at a chosen time)."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Section
from articles.page_cache import public_page
from articles.views.public import paginate

from . import pages
from .models import Topic
from .slots import Slot, shown_ids
from .structured_data import item_list


def listing(at=None):
    return Article.objects.published(at).for_teasers()


def render_home(request, at=None, preview_of=None):
    roots = pages.active_roots()
    filled = pages.home_blocks(roots, at)
    context = {
        "blocks": filled,
        "structured_data": item_list(pages.lead_slots(filled), request, settings.SITE_NAME),
        "preview_of": preview_of,
    }
    return render(request, "articles/home.html", context)


def render_section(request, section, at=None, preview_of=None):
    filled = pages.section_blocks(section, at)
    rest = listing(at).in_section(section).exclude(pk__in=shown_ids(filled))
    context = {
        "section": section,
        "blocks": filled,
        "breadcrumbs": list(section.ancestors()),
        "children": section.children.active().order_by("position", "name"),
        "page_obj": paginate(request, rest),
        "preview_of": preview_of,
    }
    return render(request, "articles/section_detail.html", context)


def render_topic(request, topic, at=None, preview_of=None):
    filled = pages.topic_blocks(topic, at)
    rest = topic.articles(at).for_teasers().exclude(pk__in=shown_ids(filled))
    page_obj = paginate(request, rest)
    slots = pages.lead_slots(filled)
    context = {
        "topic": topic,
        "blocks": filled,
        "page_obj": page_obj,
        "structured_data": item_list(slots or _as_slots(page_obj), request, topic.title),
        "preview_of": preview_of,
    }
    return render(request, "frontpage/topic_detail.html", context)


def _as_slots(articles):
    return [Slot(article) for article in articles]


@public_page
def topic_detail(request, slug):
    topic = Topic.objects.select_related("banner").filter(slug=slug).first()
    if topic is None:
        # A section may live at /topics/ too (the demo's 专题): its sub-sections keep their pages.
        section = get_object_or_404(Section.objects.active(), path=f"topics/{slug}")
        return render_section(request, section)
    return render_topic(request, topic)
