"""The readers' search page: only published articles, ever; never in the page cache."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.models import Article

from .engine import CANDIDATES
from .forms import SearchForm
from .highlight import highlight, snippet
from .query import parse

PER_PAGE = 20


# Not wrapped in articles.page_cache.public_page, on purpose: a page per query would fill the
# cache with pages nobody asks for twice. never_cache also tells browsers and Varnish.
@never_cache
@require_safe
def search_page(request):
    query = parse(request.GET.get("q", ""))
    form = SearchForm(request.GET)
    form.is_valid()
    context = {"query": query, "search_text": query.text, "form": form, "per_page": PER_PAGE}
    if query:
        found = form.filter(Article.objects.published()).search(query)
        if form.by_time():
            found = found.order_by("-published_at", "-pk")
        found = found.select_related("section", "source")
        page_obj = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
        terms = query.terms()
        context.update(
            page_obj=page_obj,
            results=[
                (article, highlight(article.headline, terms), snippet(article, terms))
                for article in page_obj
            ],
            capped=page_obj.paginator.count >= CANDIDATES,
        )
    response = render(request, "search/results.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
