"""Cached pages and the generation tokens that say whether each is still current.

A page is stored under its address alone, with the tokens its keys (what it shows: "site",
"article-12", "section-news/hubei"…) had when it was rendered. Invalidating a key replaces its
token, so every page showing it stops matching. A lookup reads the page and its keys' tokens
in one `get_many` (one round trip to Redis). A page whose tokens no longer match, or whose
time is up, is kept a little longer (GRACE_SECONDS) so that while one process renders it again
the others go on serving the previous copy instead of all rendering it at once.
"""

import hashlib
import secrets
import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpResponse

GENERATION_PREFIX = "pc:g:"
# "pc:p:" held pickled response objects until the entries became plain tuples.
ENTRY_PREFIX = "pc:t:"
GRACE_SECONDS = 30
# Longer than any page takes to render; a process that died while rendering holds it no longer.
RENDER_LOCK_SECONDS = 10


def generation_key(key):
    return GENERATION_PREFIX + key


def new_token(invalidation_id=0):
    """`<id of the invalidation that made it>.<random>`: the id lets `reconcile` tell a token
    older than the database's record of the last change."""
    return f"{invalidation_id}.{secrets.token_hex(6)}"


def token_id(token):
    return int(token.split(".", 1)[0])


def entry_key(address):
    return ENTRY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


class Entry:
    """A stored page: the response as the whole stack produced it (status line, headers but
    the two a hit sets, body), the tokens of its keys when it was rendered, and when it stops
    being fresh. Stored as a plain tuple: a hit unpickles strings and bytes, no response object.
    """

    __slots__ = ("tokens", "fresh_until", "status", "headers", "content")

    # Set on every answer, from the entry's expiry and how it is answered.
    ANSWER_HEADERS = frozenset({"cache-control", "x-cache"})

    def __init__(self, tokens, fresh_until, status, headers, content):
        self.tokens, self.fresh_until = tokens, fresh_until
        self.status, self.headers, self.content = status, headers, content

    @classmethod
    def of_response(cls, tokens, fresh_until, response):
        headers = [(k, v) for k, v in response.items() if k.lower() not in cls.ANSWER_HEADERS]
        status = f"{response.status_code} {response.reason_phrase}"
        return cls(tuple(tokens), fresh_until, status, headers, response.content)

    @classmethod
    def loads(cls, stored):
        return None if stored is None else cls(*stored)

    def dumps(self):
        return (self.tokens, self.fresh_until, self.status, self.headers, self.content)

    def is_current(self, tokens, now):
        return now < self.fresh_until and self.tokens == tokens and None not in tokens

    def response(self):
        code, reason = self.status.split(" ", 1)
        response = HttpResponse(self.content, status=int(code), reason=reason)
        for name, value in self.headers:
            response[name] = value
        return response


def _get_many(keys):
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # Our keys are short ASCII: skip the per-character validation of every key, which costs
        # more than the round trip on a hit.
        made = [backend.make_key(k) for k in keys]
        found = backend._cache.get_many(made)
        return {k: found[m] for k, m in zip(keys, made, strict=True) if m in found}
    return backend.get_many(keys)


def look_up(key, page_keys):
    """The stored entry (or None) and the current tokens of `page_keys`, in one round trip."""
    generation_keys = [generation_key(k) for k in page_keys]
    found = _get_many([key, *generation_keys])
    return Entry.loads(found.get(key)), tuple(found.get(g) for g in generation_keys)


def tokens_for_storing(page_keys, tokens):
    """The tokens read before rendering, with a first token made for keys that had none."""
    missing = [generation_key(k) for k, t in zip(page_keys, tokens, strict=True) if t is None]
    if not missing:
        return tokens
    for g in missing:
        cache.add(g, new_token(), None)
    made = cache.get_many(missing)
    return tuple(
        t if t is not None else made.get(generation_key(k))
        for k, t in zip(page_keys, tokens, strict=True)
    )


def store(key, entry):
    timeout = max(1, int(entry.fresh_until - time.time())) + GRACE_SECONDS
    cache.set(key, entry.dumps(), timeout)


def take_render_lock(key):
    return cache.add(key + ":render", 1, RENDER_LOCK_SECONDS)


def release_render_lock(key):
    cache.delete(key + ":render")
