"""The production settings with a cache that keeps nothing: every page rendered (serve_bench.sh's
"uncached" server)."""

from newsroom.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
