"""Whole-page caching for the public site.

Every cached page's key holds a "content generation" token that any change to published
content replaces (see `signals.py`), so a save makes every cached page stale at once: simple,
and never wrong about which pages a change affects. An entry also expires before the next
scheduled article goes live, since going live is a change no save announces. The cache is an
accelerator only: when it fails, pages are rendered uncached.
"""

import hashlib
import logging
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .models import Article

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
# Only these parameters change what a public page shows; the rest never split the cache.
PAGE_PARAMETERS = ("page", "p")
MAX_QUERY_STRING = 256


class _MissedInvalidation:
    """Set in this process when a change could not replace the token (the cache server was
    down); the next page this process serves replaces it first, so pages cached before the
    outage are not served as current once the server is back."""

    pending = False


def bump_generation():
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:
        _MissedInvalidation.pending = True
        logger.warning("Page cache unavailable: could not invalidate public pages", exc_info=True)
    else:
        _MissedInvalidation.pending = False


def current_generation():
    if _MissedInvalidation.pending:
        bump_generation()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def is_canonical_number(value):
    return value == "" or (value.isascii() and value.isdigit() and str(int(value)) == value)


def page_key(request, generation):
    """The page's cache key, or None for a page number written oddly (`?page=01`, `?page=abc`),
    which would otherwise let anyone fill the cache with copies of one page."""
    values = [request.GET.get(name, "") for name in PAGE_PARAMETERS]
    if not all(map(is_canonical_number, values)):
        return None
    parameters = "&".join(f"{n}={v}" for n, v in zip(PAGE_PARAMETERS, values, strict=True))
    # Pages print absolute URLs (canonical, og:url, JSON-LD, feeds, sitemaps) from the request.
    address = f"{request.scheme}://{request.get_host()}{request.path}?{parameters}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"public-page:{generation}:{get_language()}:{digest}"


def seconds_until_next_go_live(limit, fresh_until=None):
    """At most `limit`, and never past the moment the next scheduled article goes live nor
    past `fresh_until`, when the page itself says it changes (a front-page slot's window)."""
    go_live = Article.objects.scheduled().values_list("published_at", flat=True).first()
    moments = [moment for moment in (go_live, fresh_until) if moment is not None]
    if not moments:
        return limit
    remaining = (min(moments) - timezone.now()).total_seconds()
    return max(1, min(limit, int(remaining)))


def _cached_response(key):
    try:
        return cache.get(key)
    except Exception:
        logger.warning("Page cache unavailable: rendering %s uncached", key, exc_info=True)
        return None


def _store(key, response, timeout):
    try:
        cache.set(key, response, timeout)
    except Exception:
        logger.warning("Page cache unavailable: could not store %s", key, exc_info=True)


def is_private(response):
    return "private" in response.get("Cache-Control", "")


def public_page(view):
    """Serve a public view from the page cache, with validators and conditional GET.

    Responses the view marks private (staff previews) are neither stored nor given public
    caching headers.
    """

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            raise Http404("Query string too long")
        try:
            key = page_key(request, current_generation())
        except Exception:
            logger.warning("Page cache unavailable: rendering uncached", exc_info=True)
            key = None
        entry = _cached_response(key) if key else None
        if entry is not None:
            expires_at, response = entry
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if is_private(response) or response.status_code != 200:
                return response
            # A view may say when its page changes next with no save (`fresh_until`).
            timeout = seconds_until_next_go_live(
                settings.PUBLIC_PAGE_CACHE_SECONDS, getattr(response, "fresh_until", None)
            )
            expires_at = timezone.now().timestamp() + timeout
            set_response_etag(response)
            if key:
                _store(key, (expires_at, response), timeout)
        remaining = int(expires_at - timezone.now().timestamp())
        patch_cache_control(
            response,
            public=True,
            max_age=max(0, min(remaining, settings.PUBLIC_BROWSER_CACHE_SECONDS)),
        )
        return get_conditional_response(request, etag=response.get("ETag"), response=response)

    return wrapper
