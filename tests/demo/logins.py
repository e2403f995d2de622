"""Logging in as a demo login the way a visitor of the demo does: the password printed on the
login page, then the code the demo shows on the second-step page (DEMO_MODE)."""

import re

from django.test import Client
from django.urls import reverse

from samenspel.demo.accounts import DEMO_PASSWORD


def log_in_as(client: Client, email: str) -> Client:
    """Both login steps through the pages; needs `settings.DEMO_MODE = True`."""
    client.logout()
    client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    code = re.search(
        r'data-testid="demo-code">(\d{6})<', client.get(reverse("mfa_authenticate")).text
    )
    assert code, f"no demo code on the second-step page for {email}"
    client.post(reverse("mfa_authenticate"), {"code": code.group(1)})
    assert client.get(reverse("core:home")).status_code == 200
    return client
