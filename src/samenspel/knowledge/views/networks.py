"""Learning networks: the list, the page of one (what it works on, members, meetings, the
feed), and the facilitator's forms."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.core.paging import paginate
from samenspel.knowledge import actions, ical
from samenspel.knowledge.access import can_manage, get_learning_network_for_user, is_member
from samenspel.knowledge.forms import LearningNetworkForm, MeetingForm, MemberForm, UpdateForm
from samenspel.knowledge.models import LearningMeeting, LearningNetwork, Membership
from samenspel.knowledge.querysets import HUB_ROLES
from samenspel.knowledge.richtext import render_plain
from samenspel.knowledge.views.common import linker_for


@role_required(*HUB_ROLES)
def learning_network_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = LearningNetworkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        learning_network = actions.create_learning_network(
            actor=request.user,
            name=data["name"],
            theme=data["theme"],
            purpose=data["purpose"],
            networks=list(data["networks"]),
            is_public=data["is_public"],
            request=request,
        )
        messages.success(request, _("The learning network has been created."))
        return redirect("knowledge:learning_network", learning_network.slug)
    title = _("New learning network")
    return render(request, "knowledge/form.html", {"form": form, "title": title})


@login_required
def learning_network_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    learning_network = get_learning_network_for_user(request.user, slug)
    now = timezone.now()
    members = (
        Membership.objects.filter(learning_network=learning_network, left_on__isnull=True)
        .select_related("user", "organisation")
        .order_by("kind", "user__full_name")
    )
    meetings = LearningMeeting.objects.filter(
        learning_network=learning_network, starts_at__gte=now - datetime.timedelta(hours=3)
    )[:5]
    updates = learning_network.updates.visible_to(request.user)
    page = paginate(request, updates, per_page=10)
    lessons = learning_network.lessons.visible_to(request.user)[:10]
    linker = linker_for(learning_network)
    member = is_member(request.user, learning_network)
    context = {
        "learning_network": learning_network,
        "purpose": linker.render(learning_network.purpose),
        "footnotes": linker.used,
        "members": members,
        "networks": learning_network.networks.all(),
        "meetings": meetings,
        "page_obj": page,
        "rendered_updates": [(update, render_plain(update.body)) for update in page],
        "lessons": lessons,
        "is_member": member,
        "can_manage": can_manage(request.user, learning_network),
    }
    return render(request, "knowledge/learning_network.html", context)


@login_required
def member_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    learning_network = get_learning_network_for_user(request.user, slug)
    if not can_manage(request.user, learning_network):
        raise PermissionDenied
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_member(
                learning_network,
                actor=request.user,
                user=form.cleaned_data["email"],
                kind=form.cleaned_data["kind"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The member has been added."))
            return redirect("knowledge:learning_network", slug)
    context = {"form": form, "title": _("Add a member"), "learning_network": learning_network}
    return render(request, "knowledge/form.html", context)


@login_required
def meeting_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    learning_network = get_learning_network_for_user(request.user, slug)
    if not can_manage(request.user, learning_network):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.plan_meeting(
            learning_network, actor=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, _("The meeting has been planned."))
        return redirect("knowledge:learning_network", slug)
    context = {
        "form": form,
        "title": pgettext("learning network", "Plan a meeting"),
        "learning_network": learning_network,
    }
    return render(request, "knowledge/form.html", context)


@login_required
def meeting_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = (
        LearningMeeting.objects.filter(
            pk=pk, learning_network__in=LearningNetwork.objects.visible_to(request.user)
        )
        .select_related("learning_network")
        .first()
    )
    if meeting is None:
        raise Http404
    url = request.build_absolute_uri(
        reverse("knowledge:learning_network", args=[meeting.learning_network.slug])
    )
    response = HttpResponse(
        ical.meeting_ics(meeting, url=url, now=timezone.now()), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'attachment; filename="leernetwerk.ics"'
    return response


@login_required
def update_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    learning_network = get_learning_network_for_user(request.user, slug)
    if not is_member(request.user, learning_network):
        raise PermissionDenied
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.post_update(
            learning_network,
            actor=request.user,
            values=actions.UpdateValues(**form.cleaned_data),
            request=request,
        )
        messages.success(request, _("Your update has been posted."))
        return redirect("knowledge:learning_network", slug)
    context = {"form": form, "title": _("Post an update"), "learning_network": learning_network}
    return render(request, "knowledge/form.html", context)
