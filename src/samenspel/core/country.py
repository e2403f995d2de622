"""Flemish where it is Flemish (issue 13, DOMAIN.md §6): a person who works or gets help in
Belgium reads Samenspel in `nl-be`, the Dutch catalogue with Flemish overrides
(rijksregisternummer, Vertrouwenscentrum Kindermishandeling / 1712, the decree instead of the
Jeugdwet, trajectbegeleider). Not template branches: the catalogue `locale/nl_BE` holds only
what differs, and gettext falls back to Dutch for the rest.

The country is looked up once, at login, and kept in the session, so no page pays a query.
A professional's country is their home organisation's; a family member's is the network of
their family. Someone who chose English keeps English.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation

SESSION_COUNTRY = "samenspel_country"
FLEMISH = "nl-be"


def country_of(user: Any) -> str:
    """ "BE" or "NL" (the default) for a logged-in user."""
    from samenspel.families.models import FamilyMember
    from samenspel.network.models import Professional

    country = (
        Professional.objects.filter(user=user)
        .values_list("home_organisation__country", flat=True)
        .first()
    )
    if country is None:
        country = (
            FamilyMember.objects.filter(user=user)
            .values_list("family__network__country", flat=True)
            .first()
        )
    return country or "NL"


def remember_country(request: HttpRequest, user: Any) -> None:
    request.session[SESSION_COUNTRY] = country_of(user)


def country_language_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """After LocaleMiddleware and the session: Dutch becomes Flemish Dutch for a person whose
    country is Belgium. LocaleMiddleware's response step then says `Content-Language: nl-be`
    and the page's `lang` follows."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if (
            translation.get_language() == "nl"
            and getattr(request, "session", None) is not None
            and request.session.get(SESSION_COUNTRY) == "BE"
        ):
            translation.activate(FLEMISH)
            request.LANGUAGE_CODE = FLEMISH
        return get_response(request)

    return middleware
