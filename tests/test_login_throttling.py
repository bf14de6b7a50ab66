"""django-axes: wrong passwords lock an account for a while, whatever address they come from."""

import datetime

import pytest
import time_machine
from django.conf import settings

from articles import roles
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/?next=/admin/"
START = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Dozens of logins here; the production hasher's cost is the point in production only.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor():
    return make_staff("editor", roles.EDITOR)


def attempt(client, password, username="editor", address="203.0.113.7", **kwargs):
    return client.post(
        LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address, **kwargs
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def lock(client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")


def test_twenty_wrong_passwords_lock_the_account_and_then_refuse_the_right_one(client, editor):
    statuses = [attempt(client, f"guess-{n}").status_code for n in range(20)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert statuses[limit - 1 :] == [429] * (20 - limit + 1)
    response = attempt(client, "pw-editor", headers={"Accept-Language": "en"})
    assert response.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"locked. Try again in {minutes} minutes." in response.content.decode()
    assert "Django" not in response.content.decode()
    assert f"Login locked | {settings.SITE_NAME} Newsroom</title>" in response.content.decode()
    assert not logged_in(client)


def test_lock_holds_from_another_address(client, editor):
    lock(client)
    assert attempt(client, "pw-editor", address="198.51.100.20").status_code == 429
    assert not logged_in(client)


def test_locked_account_stays_locked_until_the_cool_off_has_passed(client, editor):
    with time_machine.travel(START, tick=False) as traveller:
        lock(client)
        traveller.shift(settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1))
        response = attempt(client, "pw-editor")
    assert response.status_code == 429
    assert not logged_in(client)


def test_locked_account_opens_again_after_the_cool_off(client, editor):
    with time_machine.travel(START, tick=False) as traveller:
        lock(client)
        traveller.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1))
        assert attempt(client, "pw-editor").status_code == 302
        assert logged_in(client)


def test_other_accounts_still_log_in_while_one_is_locked(client, editor):
    make_staff("reporter", roles.REPORTER)
    lock(client)
    response = attempt(client, "pw-reporter", username="reporter")
    assert response.status_code == 302
    assert logged_in(client)


def test_a_successful_login_forgets_earlier_failures(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, "pw-editor").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, "pw-editor").status_code == 302
