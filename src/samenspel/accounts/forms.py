"""allauth's second-step forms with limits that hold across workers (accounts/second_step.py)."""

from typing import Any

from allauth.core import context
from allauth.mfa.adapter import get_adapter
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn import forms as webauthn_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samenspel.accounts import second_step
from samenspel.core.validators import validate_plain_text


class _SecondStepLimits:
    user: Any
    authenticator: Authenticator

    def clean_code(self) -> str:
        request = context.request
        ip = second_step.client_ip(request)
        failure: ValidationError | None = None
        # The check, the code and the count happen under the account's row lock, so two
        # workers cannot both let the fifth guess through; the failure is committed before
        # the form error is raised.
        with transaction.atomic():
            second_step.lock_account(self.user)
            refused = second_step.refusal(self.user, ip)
            if refused is not None:
                failure = ValidationError(refused, code="locked")
            else:
                try:
                    code: str = super().clean_code()  # type: ignore[misc]
                    if (
                        self.authenticator.type == Authenticator.Type.TOTP
                        and not second_step.spend_totp_code(self.authenticator, code)
                    ):
                        raise get_adapter().validation_error("incorrect_code")
                except ValidationError as error:
                    locked = second_step.record_failure(self.user, request, ip)
                    failure = ValidationError(locked, code="locked") if locked else error
                else:
                    second_step.clear_failures(self.user)
        if failure is not None:
            raise failure
        return code


class AuthenticateForm(_SecondStepLimits, mfa_forms.AuthenticateForm):
    pass


class ReauthenticateForm(_SecondStepLimits, mfa_forms.ReauthenticateForm):
    pass


class AddWebAuthnForm(webauthn_forms.AddWebAuthnForm):
    """allauth's form for adding a security key, with its field named in the user's language
    (allauth leaves the label to Django, which makes the English "Name")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name = self.fields["name"]
        name.label = _("Name of the key")
        name.max_length = 100
        name.widget.attrs["maxlength"] = "100"
        name.validators += [MaxLengthValidator(100), validate_plain_text]
        self.fields["name"].help_text = _("For example: the key on my key ring.")
