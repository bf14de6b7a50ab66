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
