import uuid

import pytest


@pytest.fixture(autouse=True)
def fresh_page_cache(settings):
    """Each test gets an empty local cache, whatever REDIS_URL says, so pages never leak across tests."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4().hex}",
        }
    }


@pytest.fixture(autouse=True)
def no_periodic_page_cache_reconciling(settings):
    # Run every few seconds in production, it would add a query to whichever request comes due;
    # the tests of reconciling call it themselves.
    settings.PAGE_CACHE_RECONCILE_SECONDS = 0


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Staff factories set passwords; the production hasher is slow on purpose, tests need not be.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path_factory):
    """Uploads and renditions made by a test never land in the project's own media folder."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT
