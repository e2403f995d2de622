"""Wording we choose over django-allauth's own Dutch.

Our catalogue (LOCALE_PATHS) wins over allauth's, but makemessages only keeps strings that
appear in our source; listing them here keeps them, so "Sign In" reads "Inloggen" on every
page, as on our own login page.
"""

from django.utils.translation import gettext_noop

ALLAUTH_WORDING = (
    gettext_noop("Sign In"),
    gettext_noop("Sign Out"),
    gettext_noop("Two-Factor Authentication"),
    gettext_noop(
        "Your account is protected by two-factor authentication. Please enter an authenticator code:"  # noqa: E501 - allauth's exact msgid
    ),
    gettext_noop("Activate Authenticator App"),
    gettext_noop("Authenticator code"),
)
