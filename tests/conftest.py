import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Staff factories set passwords; the production hasher is slow on purpose, tests need not be.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
