"""The professional's calendar link page and the feed itself (the token is the key)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samenspel import audit
from samenspel.accounts.models import Role
from samenspel.api import actions
from samenspel.api.calendar import feed_events, feed_ics
from samenspel.api.models import CalendarFeed
from samenspel.audit.models import EventType
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest

PROFESSIONALS = (Role.PROFESSIONAL, Role.COORDINATOR)


@login_required
@role_required(*PROFESSIONALS)
def calendar_link(request: AuthenticatedHttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    url = (
        request.build_absolute_uri(reverse("api:calendar_feed", args=[feed.token])) if feed else ""
    )
    return render(request, "api/calendar_link.html", {"feed": feed, "url": url})


@login_required
@role_required(*PROFESSIONALS)
@require_POST
@transaction.atomic
def calendar_link_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make a new link; an old one stops working (revoke, then create)."""
    actions.revoke_calendar_feed(request.user)
    actions.calendar_feed(request.user)
    audit.record(EventType.CREATE, "api.calendar.create", actor=request.user, request=request)
    messages.success(request, _("Your new calendar link is ready. An older link no longer works."))
    return redirect("api:calendar_link")


@login_required
@role_required(*PROFESSIONALS)
@require_POST
@transaction.atomic
def calendar_link_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    actions.revoke_calendar_feed(request.user)
    audit.record(EventType.DELETE, "api.calendar.revoke", actor=request.user, request=request)
    messages.success(request, _("Your calendar link no longer works."))
    return redirect("api:calendar_link")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    meetings, due = feed_events(feed.user)
    family_ids = [m.trajectory.family_id for m in meetings] if meetings else []
    family_ids += [t.family_id for t in due]
    audit.record_each_family(
        EventType.EXPORT,
        "api.calendar.read",
        actor=feed.user,
        family_ids=family_ids,
        request=request,
    )
    body = feed_ics(meetings, due, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="samenspel.ics"'
    return response
