"""Cached pages answered at the WSGI level, before Django builds a request or runs a middleware.

Django's request and response machinery costs more than everything else a hit does; this layer
answers a fresh cached page straight from the WSGI environ: one cache round trip (a raw `MGET`
of the page and its keys' tokens on a connection each thread keeps), or none when the process
holds a copy of that reply that Redis tracks (`local_copies`), no SQL, no Django request.
What a hit computes from an address (the page's keys, its cache key) is remembered, so a hit
does little more than read Redis and unpickle a tuple of strings and bytes.

It only answers when the site's address is configured (DJANGO_SITE_URL, set on every server:
the key then depends on nothing the client controls but the path, the page number and the
language), for a Host that ALLOWED_HOSTS accepts (Django would refuse the others), and only fresh
hits of anonymous GET/HEAD requests. Everything else (a miss, a stale page, a session cookie, a
conditional request, an odd page number, a reconciliation due) goes to Django, where
`PageCacheMiddleware` computes the same key and does the rest.
"""

import functools
import logging
import os
import pickle
import select
import threading
import time
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.core.signals import setting_changed
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.utils import translation
from redis.exceptions import ResponseError

from . import entries, invalidation, local_copies
from .middleware import (
    MAX_QUERY_STRING,
    PAGE_PARAMETERS,
    SITE_KEY,
    OddAddress,
    cache_control,
    keys_of_path,
    page_number,
)

logger = logging.getLogger(__name__)

ANSWERED_METHODS = frozenset({"GET", "HEAD"})
# Set by Apache's rewrite module; Django then reads the script name from them.
REWRITTEN = ("SCRIPT_URL", "REDIRECT_URL")


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


def fresh_page(environ):
    """(status, headers, body) of a fresh cached page for this request, or None."""
    if (
        environ["REQUEST_METHOD"] not in ANSWERED_METHODS
        or "HTTP_IF_NONE_MATCH" in environ
        or "HTTP_IF_MODIFIED_SINCE" in environ
    ):
        return None
    hits = HitPath.current()
    if hits is None or not hits.host_allowed(hits.host_of(environ)):
        return None
    language_cookie = None
    if cookie := environ.get("HTTP_COOKIE"):
        cookies = parse_cookie(cookie)
        if hits.session_cookie in cookies:
            return None
        language_cookie = cookies.get(hits.language_cookie)
    if invalidation.reconcile_due() or any(name in environ for name in REWRITTEN):
        return None
    reading = hits.reading_of(
        environ.get("PATH_INFO", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("QUERY_STRING", ""),
        language_of(language_cookie, environ.get("HTTP_ACCEPT_LANGUAGE", "")),
        hits.scheme_of(environ),
    )
    if reading is None:
        return None
    stored, *tokens = hits.reader.read(reading)
    if stored is None:
        return None
    entry = entries.Entry.loads(stored)
    now = time.time()
    if not entry.is_current(tuple(tokens), now):
        return None
    headers = [
        *entry.headers,
        ("Cache-Control", cache_control(entry.fresh_until, now)),
        ("X-Cache", "HIT"),
    ]
    return entry.status, headers, entry.content


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


class HitPath:
    """What a hit needs of the settings, read once per process (again when a test changes them),
    and what it remembers of the addresses and hosts it has seen."""

    _current = None
    _lock = threading.Lock()

    @classmethod
    def current(cls):
        hits = cls._current
        if hits is None:
            with cls._lock:
                hits = cls._current = cls._current or cls()
        return hits if hits.site_host else None

    @classmethod
    def forget(cls, **kwargs):
        invalidation.forget_cache_server()  # another cache configured: another server
        hits, cls._current = cls._current, None
        if hits is not None:
            hits.reader.close()

    @classmethod
    def forget_in_child(cls):
        # The parent's reader is left untouched: its locks may have been held by another thread.
        cls._current = None

    def __init__(self):
        self.site_host = urlsplit(settings.SITE_URL).netloc if settings.SITE_URL else ""
        self.session_cookie = settings.SESSION_COOKIE_NAME
        self.language_cookie = settings.LANGUAGE_COOKIE_NAME
        self.proxy_header, self.proxy_secure = settings.SECURE_PROXY_SSL_HEADER or (None, None)
        self.forwarded_host = settings.USE_X_FORWARDED_HOST
        allowed = settings.ALLOWED_HOSTS
        if settings.DEBUG and not allowed:
            allowed = [".localhost", "127.0.0.1", "[::1]"]  # as HttpRequest.get_host()
        self.allowed_hosts = list(allowed)
        self.reader = reader_of(caches["default"])
        self.host_allowed = functools.lru_cache(maxsize=256)(self._host_allowed)
        self.reading_of = functools.lru_cache(maxsize=4096)(self._reading_of)

    def host_of(self, environ):
        if self.forwarded_host and "HTTP_X_FORWARDED_HOST" in environ:
            return environ["HTTP_X_FORWARDED_HOST"]
        return environ.get("HTTP_HOST")

    def _host_allowed(self, host):
        if not host:
            return False  # Django then reads SERVER_NAME; leave that to it
        domain, _port = split_domain_port(host)
        return bool(domain) and validate_host(domain, self.allowed_hosts)

    def scheme_of(self, environ):
        if self.proxy_header and (value := environ.get(self.proxy_header)) is not None:
            return "https" if value.split(",", 1)[0].strip() == self.proxy_secure else "http"
        return environ.get("wsgi.url_scheme", "http")

    def _reading_of(self, path_info, script_name, query, language, scheme):
        """What to ask the cache for this address (the page, then its keys' tokens), in the
        reader's own terms, or None when Django must answer."""
        environ = {"PATH_INFO": path_info, "SCRIPT_NAME": script_name}
        path_info = get_path_info(environ) or "/"
        page_keys = keys_of_path(path_info, None)
        if page_keys is None or len(query) > MAX_QUERY_STRING:
            return None
        try:
            numbers = page_numbers(query)
        except OddAddress:
            return None
        # `request.path`, as Django's WSGIRequest makes it.
        path = "{}/{}".format(get_script_name(environ).rstrip("/"), path_info.replace("/", "", 1))
        address = f"{scheme}://{self.site_host}{path}?{numbers}|{language}"
        keys = [entries.entry_key(address), *map(entries.generation_key, (SITE_KEY, *page_keys))]
        return self.reader.spell(keys)


setting_changed.connect(HitPath.forget)
os.register_at_fork(after_in_child=HitPath.forget_in_child)


def reader_of(backend):
    if not isinstance(backend, RedisCache):
        return CacheReader(backend)
    return RedisReader(backend, int(settings.PAGE_CACHE_LOCAL_MEGABYTES * 1024 * 1024))


class RedisReader:
    """One `MGET` on a connection each thread keeps open, the command packed once per address:
    redis-py's client and pool, made per call, cost twice the round trip itself. The reply is
    read by redis-py's connection with hiredis's parser (its pure-Python one cost as much as the
    round trip). Anything unexpected drops the connection and Django answers.

    With `local_bytes`, replies are kept in the process while Redis tracks the keys they read
    (`local_copies`): a hit answered from them sends nothing. One is used only by the thread
    whose connection read it, while that connection is still tracking to the listener that is
    connected and nothing has come on its socket unasked (a closed connection, a broken
    redirection)."""

    def __init__(self, backend, local_bytes=0):
        self.make_key = backend.make_key
        self.pool = backend._cache._get_connection_pool(write=False)
        self.local = threading.local()
        self.copies = None
        if local_bytes > 0:
            self.copies = local_copies.LocalCopies(
                self.pool.connection_class, self.pool.connection_kwargs, local_bytes
            )

    def spell(self, keys):
        made = [self.make_key(k).encode() for k in keys]
        parts = [b"*%d\r\n$4\r\nMGET\r\n" % (len(made) + 1)]
        parts += [b"$%d\r\n%s\r\n" % (len(k), k) for k in made]
        return b"".join(parts), tuple(made)

    def read(self, reading):
        command, keys = reading
        state = self.local
        copies = self.copies
        if copies is not None and getattr(state, "connection", None) is not None:
            values = self.local_copy(state, command)
            if values is not None:
                return values
        epoch, listener = copies.tracking() if copies is not None else (None, None)
        connection = getattr(state, "connection", None) or self.connect(state)
        try:
            if listener is not None and state.tracking_to != listener:
                self.track(connection, state, listener)
            connection.send_packed_command([command], check_health=False)
            raw = connection.read_response()
        except BaseException:
            self.disconnect(state)
            # Redis may be restarting: Django's side reconciles before it reads the cache.
            invalidation.reconcile_now()
            raise
        # As Django's RedisSerializer stores them: pages and tokens are pickled, never integers.
        values = [None if value is None else pickle.loads(value) for value in raw]
        if listener is not None and state.tracking_to == listener:
            size = sum(len(value) for value in raw if value is not None)
            copies.keep(command, keys, values, size, connection, epoch)
        return values

    def local_copy(self, state, command):
        if state.tracking_to is None or state.tracking_to != self.copies.listener_id:
            return None
        if state.connection._sock is not state.socket or state.poller.poll(0):
            self.disconnect(state)
            return None
        return self.copies.get(command, state.connection)

    def connect(self, state):
        connection = self.pool.connection_class(**self.pool.connection_kwargs)
        connection.connect()
        connection.send_command("INFO", "server", check_health=False)
        server = connection.read_response()
        state.connection, state.socket, state.tracking_to = connection, connection._sock, None
        state.poller = select.poll()
        state.poller.register(state.socket, select.POLLIN)
        if invalidation.cache_server_restarted(run_id(server)):
            raise CacheServerRestarted("Redis restarted: reconciling before serving from it")
        return connection

    def track(self, connection, state, listener):
        connection.send_command(
            "CLIENT", "TRACKING", "ON", "REDIRECT", listener, check_health=False
        )
        try:
            connection.read_response()
        except ResponseError as refused:
            if "does not exist" not in str(refused):  # not the listener gone meanwhile: no tracking
                logger.warning("Redis refuses client tracking: no local page copies (%s)", refused)
                self.copies.close()
                self.copies = None
            return
        state.tracking_to = listener

    def disconnect(self, state):
        connection, state.connection, state.tracking_to = state.connection, None, None
        if self.copies is not None:
            self.copies.drop_all()  # what this connection read is no longer tracked
        if connection is not None:
            connection.disconnect()

    def close(self):
        if self.copies is not None:
            self.copies.close()


class CacheServerRestarted(Exception):
    pass


def run_id(info):
    """The `run_id` of Redis's `INFO server` reply: a new one each time the server starts."""
    text = info.decode() if isinstance(info, bytes) else info
    for line in text.splitlines():
        if line.startswith("run_id:"):
            return line.partition(":")[2].strip()
    return None


class CacheReader:
    """Any other cache (local memory in development and tests), through the cache API."""

    def __init__(self, backend):
        self.backend = backend

    def spell(self, keys):
        return tuple(keys)

    def read(self, keys):
        found = self.backend.get_many(keys)
        return [found.get(k) for k in keys]

    def close(self):
        pass
