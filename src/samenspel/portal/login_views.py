"""The one-time login link: the coordinator sends it from the family file; the family member
opens it and lands in the portal (actions/login_links.py holds the rules)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenspel.access.policy import Action, get_family_for_user
from samenspel.audit.models import EventType
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.families.views.common import refusal_page
from samenspel.portal.actions import login_links
from samenspel.portal.forms import LoginLinkForm
from samenspel.trajectories.access import may_coordinate
from samenspel.trajectories.models import Trajectory

# The family's login goes through allauth's backend, like a password login (allauth's
# session bookkeeping and the `accounts.login` event follow from django's login()).
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@login_required
@require_POST
@refusal_page
def login_link_send(request: AuthenticatedHttpRequest, family_id: int) -> HttpResponse:
    """The family's coordinator mails one family member a one-time login link."""
    family, _decision = get_family_for_user(
        request,
        family_id,
        action=Action.EDIT,
        audit_action="portal.login_link.send",
        event_type=EventType.UPDATE,
    )
    open_trajectories = Trajectory.objects.filter(
        family=family, closed_on__isnull=True
    ).select_related("network")
    if not any(may_coordinate(request.user, t) for t in open_trajectories):
        raise PermissionDenied
    form = LoginLinkForm(request.POST)
    member = (
        family.members.select_related("user").filter(pk=form.cleaned_data["member"]).first()
        if form.is_valid()
        else None
    )
    if member is None:
        messages.error(request, _("Choose a family member."))
    else:
        try:
            login_links.send_login_link(member, actor=request.user, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("A login link has been sent to %(name)s. It works once, for %(minutes)s minutes.")
                % {
                    "name": member.given_name,
                    "minutes": int(login_links.LINK_LIFETIME.total_seconds() // 60),
                },
            )
    return redirect("families:family_detail", family.pk)


def login_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail programs open links to check them: that must not use the
    link up); POST logs in once and goes to the portal."""
    if request.method == "POST":
        user = login_links.use_login_link(token, request=request)
        if user is not None:
            login(request, user, backend=BACKEND)
            messages.success(request, _("You are logged in."))
            return redirect("portal:home")
        return render(request, "portal/login_link.html", {"refused": True}, status=410)
    return render(request, "portal/login_link.html", {"refused": False})
