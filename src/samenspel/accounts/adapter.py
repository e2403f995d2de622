"""allauth adapters: no self-service sign-up, encrypted TOTP secrets, MFA that cannot be
switched off by a professional."""

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from samenspel.accounts.middleware import SESSION_STARTED
from samenspel.core import crypto

# Enrolling the first second factor right after logging in needs no password again.
FIRST_ENROLMENT_WINDOW_SECONDS = 15 * 60


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Professionals are invited by a network administrator; families by their team.
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Changing a second factor asks for the password again (a stolen session must not
        swap in the thief's app), except for the very first enrolment just after login,
        which the MFA requirement forces on the user."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if not required or app != "allauth.mfa":
            return required
        request = context.request
        user = request.user
        if not user.is_authenticated or Authenticator.objects.filter(user=user).exists():
            return True
        started = request.session.get(SESSION_STARTED, 0)
        return time.time() - started > FIRST_ENROLMENT_WINDOW_SECONDS


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        user: Any = authenticator.user
        if not user.requires_mfa:
            return True
        # A professional may swap factors but never end up with none (recovery codes
        # alone are not a second factor).
        others = Authenticator.objects.filter(user=user).exclude(pk=authenticator.pk)
        return others.exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
