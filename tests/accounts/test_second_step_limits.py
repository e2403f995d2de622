"""Second-step codes cannot be guessed or replayed, across worker processes.

A per-process cache is no protection when requests reach different workers: these tests
clear Django's cache between requests to stand in for "the next request reached another
worker", so only what all workers share (the database) may carry the limits."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from samenspel.accounts.models import Role
from samenspel.audit.models import AccessEvent
from tests.factories import TEST_PASSWORD, UserFactory, enrol_totp
from tests.helpers import totp_code

pytestmark = pytest.mark.django_db


def _password_step(client, user, ip="10.0.0.1"):
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": TEST_PASSWORD},
        REMOTE_ADDR=ip,
    )
    assert response.url == reverse("mfa_authenticate")


def _wrong(secret):
    return f"{(int(totp_code(secret)) + 500_000) % 1_000_000:06d}"


def test_five_wrong_codes_lock_the_second_step_even_for_the_right_code(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(roles=[Role.PROFESSIONAL])
    secret = enrol_totp(user)
    _password_step(client, user)
    for _attempt in range(5):
        cache.clear()  # each guess on another worker
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("mfa_authenticate"), {"code": _wrong(secret)})

    cache.clear()
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert response.status_code == 200, "the right code after five wrong ones is refused"
    assert "geblokkeerd" in response.text
    assert client.get(reverse("core:home")).status_code == 302
    locked = AccessEvent.objects.filter(action="accounts.mfa_locked", user=user)
    assert locked.count() == 1, "the security officer sees the lockout in the access log"
    assert [m.to for m in mailoutbox] == [[user.email]], "the user is told by e-mail"


def test_the_lockout_ends_after_its_time(client, time_machine):
    time_machine.move_to("2026-11-02 09:00:00+01:00", tick=False)
    user = UserFactory(roles=[Role.PROFESSIONAL])
    secret = enrol_totp(user)
    _password_step(client, user)
    for _attempt in range(5):
        client.post(reverse("mfa_authenticate"), {"code": _wrong(secret)})

    time_machine.move_to("2026-11-02 09:16:00+01:00", tick=False)
    _password_step(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_one_address_cannot_guess_across_many_accounts(client):
    users = [UserFactory(roles=[Role.PROFESSIONAL]) for _ in range(6)]
    secrets = [enrol_totp(user) for user in users]
    for user, secret in zip(users, secrets, strict=True):
        client.logout()
        _password_step(client, user, ip="10.9.9.9")
        for _attempt in range(4):  # under the per-account limit
            cache.clear()
            client.post(
                reverse("mfa_authenticate"), {"code": _wrong(secret)}, REMOTE_ADDR="10.9.9.9"
            )

    client.logout()
    user = UserFactory(roles=[Role.PROFESSIONAL])
    secret = enrol_totp(user)
    _password_step(client, user, ip="10.9.9.9")
    response = client.post(
        reverse("mfa_authenticate"), {"code": totp_code(secret)}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 200, "24 wrong codes from one address stop that address"


def test_a_code_works_once_even_on_another_worker(client, django_user_model):
    from django.test import Client

    user = UserFactory(roles=[Role.PROFESSIONAL])
    secret = enrol_totp(user)
    code = totp_code(secret)
    _password_step(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302

    thief = Client()
    _password_step(thief, user, ip="10.0.0.2")
    cache.clear()  # the thief's request reaches another worker
    response = thief.post(reverse("mfa_authenticate"), {"code": code}, REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 200
    assert thief.get(reverse("core:home")).status_code == 302


def test_an_older_code_is_refused_after_a_newer_one(client, time_machine):
    time_machine.move_to("2026-11-02 09:00:00+01:00", tick=False)
    user = UserFactory(roles=[Role.PROFESSIONAL])
    secret = enrol_totp(user)
    old_code = totp_code(secret)
    time_machine.move_to("2026-11-02 09:00:30+01:00", tick=False)
    _password_step(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)}).status_code == 302

    client.logout()
    _password_step(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": old_code})
    assert response.status_code == 200, "a code from before the last one used is spent too"
