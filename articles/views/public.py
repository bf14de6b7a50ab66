"""The readers' pages: home, sections and articles, plus the staff preview of any article."""

import functools
import re

from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from pictures.selectors import article_gallery

from .. import permissions
from ..bylines import byline_parts
from ..models import Article, Section
from ..page_cache import public_page
from ..pagination import UncountedPaginator
from ..prepared import prepared_objects, section_ancestors
from ..structured_data import image_gallery, news_article

PER_PAGE = 20
RELATED = 5
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def paginate(request, queryset, per_page=PER_PAGE):
    """The requested page; a page number that is not a page of this list is a 404."""
    number = request.GET.get("page", "1")
    if not PAGE_NUMBER.fullmatch(number):
        raise Http404("No such page")
    try:
        return UncountedPaginator(queryset, per_page).page(number)
    except InvalidPage as exc:
        raise Http404("No such page") from exc


def listing():
    return Article.objects.published().with_credits().with_lead_image()


@public_page
def home(request):
    from frontpage.views import render_home

    return render_home(request)


@public_page
def section_detail(request, section_path):
    from frontpage.views import render_section

    section = get_object_or_404(Section.objects.active(), path=section_path)
    return render_section(request, section)


@functools.cache
def article_page_articles():
    """Articles with everything their page shows, built once per process (each page adds the
    published filter and its id): building the joins, prefetches and annotations again for every
    page cost a tenth of its Python."""
    return Article.objects.with_credits().with_lead_image().with_page_extras()


def published_article_page(pk):
    """`article_page_articles().published()` with id `pk`, as a list: its SQL (a dozen joins)
    compiled once per process and, on PostgreSQL, planned once per connection (`prepared.py`);
    the published condition is still `published()`'s, given the moment."""
    query = prepared_objects(
        "article_page",
        lambda at, ids: article_page_articles().published(at).filter(pk=ids[0]).order_by(),
        id_count=1,
        # Bylines are ordered (position); tags are not: they are read in the order of their
        # ids, which PostgreSQL's DISTINCT gave them (a sort) when planned every time.
        prefetch_one={"bylines": True, "tags": "pk"},
    )
    return query.instances(timezone.now(), [pk])


@public_page
def article_detail(request, section_path, year, month, day, pk):
    # Unordered: with ORDER BY on a dozen joins, PostgreSQL spent more time planning this one-row
    # read than running the page's other queries.
    found = published_article_page(pk)
    if not found:
        return preview(request, pk)
    article = found[0]
    canonical = article.get_absolute_url()
    if request.path != canonical:
        return HttpResponsePermanentRedirect(canonical)
    return render_article(request, article, address=canonical)


def can_preview(user, article):
    return user.is_active and user.is_staff and permissions.can_view(user, article)


@require_safe
def preview(request, pk):
    """An article in the public design, for the staff who may see it, never indexed nor cached.

    Whoever may not see it gets the same 404 as a reader, so a draft's existence is not revealed.
    """
    article = get_object_or_404(article_page_articles(), pk=pk)
    if not can_preview(request.user, article):
        raise Http404("No such article")
    response = render_article(request, article, is_preview=True)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def render_article(request, article, is_preview=False, address=None):
    related, previous, following = Article.objects.related_and_adjacent(article, RELATED)
    gallery = article_gallery(article)
    page_url = request.build_absolute_uri(address or article.get_absolute_url())
    context = {
        "article": article,
        "page_url": page_url,
        "breadcrumbs": section_ancestors(article.section),
        "byline_parts": byline_parts(article.bylines.all()),
        "notice": article.effective_notice(),
        "corrections": article.corrections.all() if article.has_corrections else [],
        "related": related,
        "previous": previous,
        "next": following,
        "structured_data": news_article(article, request, page_url),
        "lead_caption": article.lead_image_caption
        or (article.lead_image.caption if article.lead_image_id else ""),
        "gallery": gallery,
        "gallery_data": image_gallery(article, gallery, request) if gallery else None,
        "topics": topics_of(article),
        "is_preview": is_preview,
    }
    return render(request, "articles/article_detail.html", context)


def topics_of(article):
    """The 专题 the article belongs to (asked only when its own query says it has some)."""
    from frontpage.models import Topic

    if not getattr(article, "has_topics", True):
        return []
    return Topic.objects.including(article).distinct().order_by("title")
