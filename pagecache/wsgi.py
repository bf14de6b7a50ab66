"""Cached pages answered at the WSGI level, before Django builds a request or runs a middleware.

Django's request and response machinery costs more than everything else a hit does; this layer
answers a fresh cached page straight from the WSGI environ: one cache round trip, no SQL, no
Django request. It only answers when the site's address is configured (DJANGO_SITE_URL, set on
every server: the key then depends on nothing the client controls but the path, the page number
and the language) and only fresh hits of anonymous GET/HEAD requests. Everything else (a miss, a
stale page, a session cookie, a conditional request, an odd page number, a reconciliation due)
goes to Django, where `PageCacheMiddleware` computes the same key and does the rest.
"""

import functools
import time
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.http.cookie import parse_cookie
from django.urls import get_urlconf
from django.utils import translation

from . import entries, invalidation
from .middleware import (
    MAX_QUERY_STRING,
    PAGE_PARAMETERS,
    SITE_KEY,
    OddAddress,
    keys_of_path,
    page_number,
    set_cache_control,
)


class CachedPages:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            answer = fresh_page(environ)
        except Exception:
            answer = None  # Django answers, and logs what is wrong
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]


class _LanguageProbe:
    """What Django's language negotiation reads of a request."""

    def __init__(self, language_cookie, accept_language):
        self.COOKIES = {settings.LANGUAGE_COOKIE_NAME: language_cookie} if language_cookie else {}
        self.META = {"HTTP_ACCEPT_LANGUAGE": accept_language}


@functools.lru_cache(maxsize=1024)
def language_of(language_cookie, accept_language):
    return translation.get_language_from_request(_LanguageProbe(language_cookie, accept_language))


def page_numbers(query):
    values = dict(parse_qsl(query, keep_blank_values=True)) if query else {}
    return "&".join(page_number(values.get(name)) for name in PAGE_PARAMETERS)


def request_path(environ):
    """`request.path`, as Django's WSGIRequest makes it."""
    path_info = get_path_info(environ) or "/"
    return "{}/{}".format(get_script_name(environ).rstrip("/"), path_info.replace("/", "", 1))


def scheme_of(environ):
    header, secure = settings.SECURE_PROXY_SSL_HEADER or (None, None)
    if header and environ.get(header) is not None:
        return "https" if environ[header].split(",", 1)[0].strip() == secure else "http"
    return environ.get("wsgi.url_scheme", "http")


def fresh_page(environ):
    """(status, headers, body) of a fresh cached page for this request, or None."""
    if not settings.SITE_URL or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
        return None
    cookie = environ.get("HTTP_COOKIE", "")
    cookies = parse_cookie(cookie) if cookie else {}
    if settings.SESSION_COOKIE_NAME in cookies or invalidation.reconcile_due():
        return None
    page_keys = keys_of_path(get_path_info(environ) or "/", get_urlconf())
    query = environ.get("QUERY_STRING", "")
    if page_keys is None or len(query) > MAX_QUERY_STRING:
        return None
    try:
        numbers = page_numbers(query)
    except OddAddress:
        return None
    language = language_of(
        cookies.get(settings.LANGUAGE_COOKIE_NAME), environ.get("HTTP_ACCEPT_LANGUAGE", "")
    )
    host = urlsplit(settings.SITE_URL).netloc
    address = f"{scheme_of(environ)}://{host}{request_path(environ)}?{numbers}|{language}"
    entry, tokens = entries.look_up(entries.entry_key(address), (SITE_KEY, *page_keys))
    now = time.time()
    if entry is None or not entry.is_current(tokens, now):
        return None
    response = entry.response
    set_cache_control(response, entry.fresh_until, now)
    response["X-Cache"] = "HIT"
    status = f"{response.status_code} {response.reason_phrase}"
    return status, list(response.items()), response.content
