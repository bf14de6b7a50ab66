"""Whole-page caching for the public site: the views' side.

`pagecache.middleware` serves and stores the pages; the keys of what each page shows are in
`page_keys`, their invalidation in `signals`. A view marked `public_page` is one the middleware
may store; whoever the middleware does not serve from the cache (staff, with a session cookie)
gets a private copy.
"""

from functools import wraps
from urllib.parse import unquote

from django.db.models import Q, Subquery
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .models import Article, Section
from .models.sections import PATH_SEPARATOR
from .page_keys import FEEDS, HOME, SITEMAPS
from .prepared import prepared


def public_page(view):
    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.is_public_page = True
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if not getattr(request, "is_shared_page", False) and "Cache-Control" not in response:
            patch_cache_control(response, private=True, max_age=0)
        return response

    return wrapper


def next_go_live(page_keys=None):
    """A scheduled article going live changes pages without a save: the next such time among
    the articles the page with `page_keys` could show (any page's when unknown), and those
    whose going live adds their top-level section to the navigation every page shows."""
    path = article_section_path(page_keys)
    if path:
        # An article page (every uncached one asks): its query compiled once (`prepared.py`).
        query = prepared(
            ("next go live", "in section"),
            _scheduled_in,
            ("published_at",),
            text_count=1,
            name="next_go_live_in_section",
        )
        rows = query.run(timezone.now(), (), [path])
        return rows[0][0] if rows else None
    keys = set(page_keys or ())
    if not keys or keys & {HOME, FEEDS, SITEMAPS}:
        return scheduled_for(page_keys).values_list("published_at", flat=True).first()
    rows = soonest(scheduled_for(page_keys), timezone.now())
    return rows[0][0] if rows else None


def _scheduled_in(at, ids, paths):
    # The section's id first (a scalar subquery): joined on the path, PostgreSQL's plan for
    # any section read all the section's scheduled articles and sorted them.
    section = Section.objects.filter(path=paths[0]).values("pk")
    return soonest(Article.objects.scheduled(at).filter(section=Subquery(section)), at)


def soonest(scheduled, at):
    """The first go-live time of `scheduled` or of an article opening a top-level section the
    navigation leaves out for want of a published article, in one query."""
    opening = Article.objects.scheduled(at).filter(
        section__in=Section.objects.under(Section.objects.outside_navigation(at))
    )
    times = [queryset.order_by().values_list("published_at") for queryset in (scheduled, opening)]
    return times[0].union(times[1], all=True).order_by("published_at")[:1]


def article_section_path(page_keys):
    """The path of the section of the article page with `page_keys` (its deepest `in-` key),
    None for another page, "" for an article page without one."""
    keys = set(page_keys or ())
    if not keys or keys & {HOME, FEEDS, SITEMAPS}:
        return None
    if any(key.partition("-")[0] in LISTING_KINDS for key in keys):
        return None
    if not any(key.startswith("article-") for key in keys):
        return None
    return max((k.removeprefix("in-") for k in keys if k.startswith("in-")), key=len, default="")


# The keys of listing pages, which `scheduled_for` reads by what they list.
LISTING_KINDS = ("section", "tag", "contributor", "outlet")


def scheduled_for(page_keys):
    scheduled = Article.objects.scheduled()
    keys = set(page_keys or ())
    if not keys or keys & {HOME, FEEDS, SITEMAPS}:
        return scheduled
    for key in keys:
        kind, _, value = key.partition("-")
        if kind == "section":
            return scheduled.filter(
                Q(section__path=value) | Q(section__path__startswith=value + PATH_SEPARATOR)
            )
        if kind == "tag":
            return scheduled.filter(tags__slug=unquote(value))
        if kind == "contributor":
            return scheduled.filter(bylines__contributor_id=value)
        if kind == "outlet":
            return scheduled.filter(source_id=value)
    if any(key.startswith("article-") for key in keys):
        # Its previous and next articles are of its own section, the deepest `in-` key.
        path = article_section_path(keys)
        return scheduled.filter(section__path=path) if path else scheduled
    return scheduled
