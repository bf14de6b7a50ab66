"""Pages that list a reader's articles by something other than section: tag, contributor, outlet."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from ..bylines import roles_of
from ..models import Article, Byline, Contributor, SourceOutlet
from ..page_cache import public_page
from .public import paginate

MOST_CREDITS = 1_000_000


def teasers():
    return Article.objects.published().for_teasers()


@public_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page_obj = paginate(request, teasers().tagged(tag))
    # A tag typed on a draft would name a story before it runs.
    if not page_obj:
        raise Http404
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page_obj})


@public_page
def contributor_detail(request, pk):
    contributor = get_object_or_404(Contributor.objects.select_related("affiliation"), pk=pk)
    # Sliced, so that PostgreSQL reads the contributor's few hundred credits first: as a plain
    # IN it walked the whole site's newest articles probing each for a credit (40 ms instead of
    # 8 at 200,000 articles). No contributor has nearly that many.
    credited = Byline.objects.filter(contributor=contributor).values("article_id")[:MOST_CREDITS]
    roles = Byline.objects.filter(contributor=contributor).select_related("role")
    page_obj = paginate(
        request,
        teasers().filter(pk__in=credited).prefetch_related(Prefetch("bylines", queryset=roles)),
    )
    credits = [(article, roles_of(article, contributor)) for article in page_obj]
    context = {"contributor": contributor, "page_obj": page_obj, "credits": credits}
    return render(request, "articles/contributor_detail.html", context)


@public_page
def outlet_detail(request, pk):
    outlet = get_object_or_404(SourceOutlet, pk=pk)
    page_obj = paginate(request, teasers().filter(source=outlet))
    return render(request, "articles/outlet_detail.html", {"outlet": outlet, "page_obj": page_obj})
