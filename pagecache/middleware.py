"""Serves readers' pages from the cache before any other middleware runs.

Only anonymous GET and HEAD requests (no session cookie) of the public pages are answered here:
a hit costs one cache round trip and no SQL query. Everything else, and every miss, goes
through the whole stack; the response of a miss is stored on its way out, with the headers the
other middleware added (security, Content-Security-Policy, Vary…), so a hit answers exactly what
a miss did.
"""

import functools
import hashlib
import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.module_loading import import_string

from . import entries, expiry, invalidation

logger = logging.getLogger(__name__)

# Only these parameters change what a public page shows; the rest never split the cache.
PAGE_PARAMETERS = ("page", "p")
MAX_PAGE_DIGITS = 6
MAX_QUERY_STRING = 256
CACHEABLE_STATUSES = (200,)
SITE_KEY = "site"
KEYS_HEADER = "xkey"


class OddAddress(Exception):
    """A page number written in a way no link of the site writes it (`?page=01`, `?page=x1`)."""


def page_number(value):
    if value is None or value == "1":
        return ""
    if not (value.isascii() and value.isdigit()) or value[0] == "0" or len(value) > MAX_PAGE_DIGITS:
        raise OddAddress(value)
    return value


class PageRequest:
    __slots__ = ("key", "page_keys")

    def __init__(self, key, page_keys):
        self.key, self.page_keys = key, page_keys


def site_host(request):
    """The configured site's host, never the request's: a Host header names no new page."""
    configured = settings.SITE_URL
    if configured:
        return urlsplit(configured).netloc
    return request.get_host()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            page = self.page_request(request)
        except OddAddress as odd:
            # The site's 404 page, without looking anything up.
            raise Http404("No such page") from odd
        if page is None:
            return self.get_response(request)
        request.is_shared_page = True
        invalidation.reconcile_if_due()
        try:
            entry, tokens = entries.look_up(page.key, page.page_keys)
        except Exception:
            logger.warning(
                "Page cache unavailable: rendering %s uncached", request.path, exc_info=True
            )
            response = self.get_response(request)
            if response.status_code in CACHEABLE_STATUSES and "Cache-Control" not in response:
                now = time.time()
                set_cache_control(response, now + settings.PUBLIC_BROWSER_CACHE_SECONDS, now)
            return response
        now = time.time()
        if entry is not None:
            if entry.is_current(tokens, now):
                return answer(request, entry, now, "HIT")
            if not self.claim_render(page.key):
                return answer(request, entry, now, "STALE")
        try:
            response = self.get_response(request)
            if self.may_store(request, response):
                self.store(page, tokens, response)
        finally:
            if entry is not None:
                self.release_render(page.key)
        return get_conditional_response(request, etag=response.get("ETag"), response=response)

    def page_request(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        if "HTTP_COOKIE" in request.META and settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        page_keys = keys_of_path(request.path_info, get_urlconf())
        if page_keys is None:
            return None
        query = request.META.get("QUERY_STRING", "")
        if len(query) > MAX_QUERY_STRING:
            raise OddAddress(query)
        numbers = "&".join(
            page_number(request.GET.get(name) if query else None) for name in PAGE_PARAMETERS
        )
        request.get_host()  # refuses a host not in ALLOWED_HOSTS, as it would without the cache
        if settings.SITE_URL:
            # Pages print absolute addresses: render them for the site, whatever Host said.
            request.META["HTTP_HOST"] = urlsplit(settings.SITE_URL).netloc
        language = translation.get_language_from_request(request)
        address = f"{request.scheme}://{site_host(request)}{request.path}?{numbers}|{language}"
        return PageRequest(entries.entry_key(address), (SITE_KEY, *page_keys))

    def claim_render(self, key):
        try:
            return entries.take_render_lock(key)
        except Exception:
            return True

    def release_render(self, key):
        try:
            entries.release_render_lock(key)
        except Exception:
            logger.warning("Page cache unavailable: could not release %s", key, exc_info=True)

    def may_store(self, request, response):
        return (
            getattr(request, "is_public_page", False)
            and response.status_code in CACHEABLE_STATUSES
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    def store(self, page, tokens, response):
        fresh_until = time.time() + expiry.seconds_until_next_change(
            settings.PUBLIC_PAGE_CACHE_SECONDS, page.page_keys
        )
        if response.status_code == 200:
            response["ETag"] = (
                f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            )
        response[KEYS_HEADER] = " ".join(page.page_keys)
        set_cache_control(response, fresh_until, time.time())
        response["X-Cache"] = "MISS"
        try:
            tokens = entries.tokens_for_storing(page.page_keys, tokens)
            entries.store(page.key, entries.Entry.of_response(tokens, fresh_until, response))
        except Exception:
            logger.warning("Page cache unavailable: could not store %s", page.key, exc_info=True)


def answer(request, entry, now, state):
    response = entry.response()
    if state == "STALE":
        response["Cache-Control"] = "public, max-age=0"
    else:
        set_cache_control(response, entry.fresh_until, now)
    response["X-Cache"] = state
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        return get_conditional_response(request, etag=response.get("ETag"), response=response)
    return response


@functools.lru_cache(maxsize=4096)
def keys_of_path(path, urlconf):
    """The keys of the public page at `path`, or None: resolving an address costs more than the
    rest of a hit, and a site's readers ask for the same addresses over and over."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    keys = import_string(settings.PAGE_CACHE_KEYS)(match)
    return None if keys is None else tuple(keys)


def set_cache_control(response, fresh_until, now):
    response["Cache-Control"] = cache_control(fresh_until, now)


def cache_control(fresh_until, now):
    """Browsers keep a page a minute at most; Varnish, which is purged, until it expires."""
    remaining = max(0, int(fresh_until - now))
    browser = min(remaining, settings.PUBLIC_BROWSER_CACHE_SECONDS)
    return f"public, max-age={browser}, s-maxage={remaining}"
