"""django-axes in two tiers: wrong passwords lock an account from the address they come from, and
many more, from anywhere, lock it everywhere but where it logged in from lately."""

import datetime
import logging

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from articles import roles
from newsroom.lockout import log_tag
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


def test_a_lock_from_one_address_leaves_the_editor_free_to_log_in_from_their_own(client, editor):
    lock(client)
    assert attempt(client, "pw-editor").status_code == 429
    assert attempt(client, "pw-editor", address="198.51.100.20").status_code == 302
    assert logged_in(client)


@pytest.fixture
def account_limit(settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3 * settings.AXES_FAILURE_LIMIT
    return settings.LOGIN_ACCOUNT_FAILURE_LIMIT


def spread_guesses(client, count):
    """`count` wrong passwords, each from an address of its own: below the address tier."""
    for n in range(count):
        attempt(client, "wrong", address=f"192.0.2.{n + 1}")


def test_guesses_spread_over_many_addresses_lock_the_account_at_the_higher_limit(
    client, editor, account_limit
):
    spread_guesses(client, account_limit - 1)
    assert attempt(client, "pw-editor", address="198.51.100.20").status_code == 302
    client.logout()
    # The success forgot the failures; the guesser starts again.
    spread_guesses(client, account_limit)
    assert attempt(client, "pw-editor", address="198.51.100.99").status_code == 429
    assert not logged_in(client)


def test_the_account_lock_spares_the_addresses_the_editor_logged_in_from(
    client, editor, account_limit
):
    desk = "198.51.100.20"
    assert attempt(client, "pw-editor", address=desk).status_code == 302
    client.logout()
    spread_guesses(client, account_limit)
    assert attempt(client, "pw-editor", address="198.51.100.99").status_code == 429
    assert attempt(client, "pw-editor", address=desk).status_code == 302
    assert logged_in(client)


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        # A client cannot choose its address by writing X-Forwarded-For itself.
        forged = f"10.0.0.{_}, 203.0.113.7"
        attempt(client, "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR=forged)
    behind_proxy = {"address": "127.0.0.1"}
    response = attempt(client, "pw-editor", HTTP_X_FORWARDED_FOR="203.0.113.7", **behind_proxy)
    assert response.status_code == 429
    response = attempt(client, "pw-editor", HTTP_X_FORWARDED_FOR="198.51.100.20", **behind_proxy)
    assert response.status_code == 302


def test_failures_and_locks_are_logged_at_warning_naming_account_and_address_by_hash(
    client, editor, caplog
):
    with caplog.at_level(logging.WARNING):
        lock(client)
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    tags = f"user: {log_tag('editor')}, address: {log_tag('203.0.113.7')}"
    failures = [line for line in lines if "login failure by" in line]
    assert len(failures) == settings.AXES_FAILURE_LIMIT
    assert all(tags in line for line in failures)
    assert any("Locking out" in line and tags in line for line in lines)
    assert not any("editor" in line or "203.0.113.7" in line or "****" in line for line in lines)
    assert all(record.exc_info is None for record in caplog.records)


def test_an_operator_can_compute_the_tag_of_a_suspect_username(capsys):
    call_command("login_log_tag", "editor", "203.0.113.7")
    assert capsys.readouterr().out.split() == [
        "editor",
        log_tag("editor"),
        "203.0.113.7",
        log_tag("203.0.113.7"),
    ]


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
