"""Session timeouts and the MFA requirement, checked on every request."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

SESSION_STARTED = "samenspel.session_started"
SESSION_LAST_SEEN = "samenspel.session_last_seen"
SESSION_MFA_OK = "samenspel.mfa_ok"

Middleware = Callable[[HttpRequest], HttpResponse]


def _login_redirect(request: HttpRequest) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = settings.LOGIN_URL_PATH
        return response
    return redirect_to_login(request.get_full_path())


def remember_language_middleware(get_response: Middleware) -> Middleware:
    """A logged-in user who switches the language keeps it for what is sent to them (mails
    from the daily run are written in `User.language`)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        language = request.POST.get("language", "") if request.method == "POST" else ""
        user = getattr(request, "user", None)
        if (
            language
            and user is not None
            and user.is_authenticated
            and language in dict(settings.LANGUAGES)
            and language != user.language
            and request.path == "/i18n/setlang/"
        ):
            from samenspel.accounts.models import User

            User.objects.filter(pk=user.pk).update(language=language)
        return response

    return middleware


def session_timeout_middleware(get_response: Middleware) -> Middleware:
    """End a session after SESSION_IDLE_TIMEOUT without requests, or SESSION_ABSOLUTE_TIMEOUT
    after login, whichever comes first (NEN 7510)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            # Never coarser than half the idle limit, or activity could not keep a session.
            resolution = min(settings.SESSION_LAST_SEEN_RESOLUTION.total_seconds(), idle / 2)
            now = time.time()
            started = request.session.get(SESSION_STARTED, now)
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            if now - last_seen > idle or now - started > absolute:
                logout(request)
                messages.info(request, _("You were logged out because your session expired."))
                return _login_redirect(request)
            if SESSION_STARTED not in request.session:
                request.session[SESSION_STARTED] = now
            if now - last_seen >= resolution or SESSION_LAST_SEEN not in request.session:
                request.session[SESSION_LAST_SEEN] = now
        return get_response(request)

    return middleware


# The pages a professional without a second factor may still reach: enrolment itself.
MFA_ENROLMENT_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_signup_webauthn",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "set_language",
    }
)


def mfa_required_middleware(get_response: Middleware) -> Middleware:
    """A professional role without a second factor sees nothing but MFA enrolment."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(SESSION_MFA_OK)
            and not request.path_info.startswith(settings.STATIC_URL)
            and user.requires_mfa
        ):
            from allauth.mfa.models import Authenticator

            enrolled = (
                Authenticator.objects.filter(user=user)
                .exclude(type=Authenticator.Type.RECOVERY_CODES)
                .exists()
            )
            if enrolled:
                request.session[SESSION_MFA_OK] = True
            elif _url_name(request) not in MFA_ENROLMENT_URL_NAMES:
                messages.warning(
                    request,
                    _(
                        "Set up a second step for logging in first. Samenspel holds "
                        "information about families, so a password alone is not enough."
                    ),
                )
                return redirect("mfa_activate_totp")
        return get_response(request)

    return middleware


def _url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None
