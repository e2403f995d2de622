"""Registration (aanmelding): search before create, the registration form with its safety
check, the Meldcode steps, and the coordinator's intake queue."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.access.policy import Action, decide, get_family_for_user, visible_among
from samenspel.access.queues import intake_registrations
from samenspel.accounts.models import Role, User
from samenspel.audit.models import EventType
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.core.paging import paginate
from samenspel.families import actions
from samenspel.families.forms import (
    FamilySearchForm,
    HelpQuestionFormSet,
    MeldcodeForm,
    MemberFormSet,
    RegistrationForm,
)
from samenspel.families.models import Family, Registration
from samenspel.families.search import find_possible_duplicates
from samenspel.families.views.common import apply_errors, refusal_page
from samenspel.network.models import Network
from samenspel.trajectories.models import DirectRequest, Phase, RequestStatus

REGISTRARS = (Role.PROFESSIONAL, Role.COORDINATOR)


def work_networks(user: User) -> QuerySet[Network]:
    """The networks this user works in (hours in the network, or a coordinator grant)."""
    condition = Q(assignments__professional__user=user)
    coordinated = user.networks_with_role(Role.COORDINATOR)
    if coordinated is None and user.has_role(Role.COORDINATOR):
        return Network.objects.all()
    if coordinated:
        condition |= Q(pk__in=coordinated)
    return Network.objects.filter(condition).distinct()


@role_required(*REGISTRARS)
def family_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1 of a registration, and the way to a file in an emergency: does this family
    already have a file in your networks? Shows only what is needed to recognise it."""
    form = FamilySearchForm(request.GET or None)
    matches = None
    if form.is_bound and form.is_valid():
        networks = list(work_networks(request.user).values_list("pk", flat=True))
        matches = find_possible_duplicates(networks, **form.cleaned_data)
        # The policy's queryset, once for all matches (the same answer as decide()).
        visible = set(
            Family.objects.visible_to(request.user)
            .filter(pk__in=[m.family.pk for m in matches])
            .values_list("pk", flat=True)
        )
        for match in matches:
            match.visible = match.family.pk in visible
        # The names shown are those of files the policy lets this user open: each is a
        # read of that file. A file they may not open is shown without name or address,
        # only that it may exist (number, network, what matched), so no name leaks.
        audit.record_each_family(
            EventType.READ,
            "families.family.search_result",
            actor=request.user,
            request=request,
            family_ids=sorted(visible),
            purpose="registration",
        )
        audit.record(
            EventType.SEARCH,
            "families.family.search",
            actor=request.user,
            request=request,
            purpose="registration",
            detail={
                "fields": sorted(k for k, v in form.cleaned_data.items() if v),
                "results": [m.family.pk for m in matches],
            },
        )
    return render(
        request,
        "families/family_search.html",
        {"form": form, "matches": matches, "query": request.GET.urlencode()},
    )


@role_required(*REGISTRARS)
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 2: the registration itself, for a found file (`?family=`) or a new one."""
    networks = work_networks(request.user)
    existing = _existing(request, networks)
    prefix = request.GET
    form = RegistrationForm(
        request.POST or None,
        networks=networks,
        existing=existing,
        initial={"family_name": prefix.get("name", ""), "postcode": prefix.get("postcode", "")},
    )
    members = MemberFormSet(request.POST or None, prefix="member")
    questions = HelpQuestionFormSet(request.POST or None, prefix="question")
    if request.method == "POST" and all(
        [form.is_valid(), members.is_valid(), questions.is_valid()]
    ):
        try:
            registration = _register(request, form, members, questions, existing)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The registration is in the coordinator's intake queue."))
            if registration.needs_meldcode:
                messages.warning(request, _("There are safety concerns: follow the Meldcode."))
            if decide(request.user, registration.family).allowed:
                return redirect("families:family_detail", family_id=registration.family_id)
            return redirect("families:my_registrations")
    return render(
        request,
        "families/register.html",
        {"form": form, "members": members, "questions": questions, "existing": existing},
    )


def _existing(request: AuthenticatedHttpRequest, networks: QuerySet[Network]) -> Family | None:
    raw = request.GET.get("family") or request.POST.get("family")
    if not raw:
        return None
    try:
        family_id = int(raw)
    except ValueError:
        raise Http404 from None
    # Only a file the search could have offered: one in the networks you work in.
    family = Family.objects.filter(pk=family_id, network__in=networks).first()
    if family is None:
        raise Http404
    return family


def _register(
    request: AuthenticatedHttpRequest,
    form: RegistrationForm,
    members: forms.BaseFormSet,
    questions: forms.BaseFormSet,
    existing: Family | None,
) -> Registration:
    data = form.cleaned_data
    network = existing.network if existing is not None else data["network"]
    new_family = None
    if existing is None:
        new_family = actions.FamilyData(
            name=data["family_name"],
            address=data["address"],
            postcode=data["postcode"],
            city=data["city"],
            district=data["district"],
        )
    return actions.register_family(
        actor=request.user,
        network=network,
        family=existing,
        new_family=new_family,
        members=[
            actions.MemberData(**m.cleaned_data)
            for m in members
            if m.cleaned_data.get("given_name")
        ],
        questions=[
            actions.QuestionData(
                text=q.cleaned_data["text"],
                kind=q.cleaned_data["kind"],
                domain_ids=[d.pk for d in q.cleaned_data.get("life_domains") or []],
            )
            for q in questions
            if q.cleaned_data.get("text")
        ],
        registration=actions.RegistrationData(
            referrer_kind=data["referrer_kind"],
            referrer_organisation=data["referrer_organisation"],
            referrer_name=data["referrer_name"],
            family_wishes=data["family_wishes"],
            urgency=data["urgency"],
            safety_status=data["safety_status"],
            safety_notes=data["safety_notes"],
            asked_professional=data["asked_professional"],
            asked_reason=(data["asked_reason"] or "").strip(),
            verwijsindex_flagged_on=timezone.localdate() if data.get("verwijsindex") else None,
        ),
        request=request,
    )


@role_required(Role.COORDINATOR)
def intake_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator's intake queue: registrations in their networks waiting to be taken
    on; acute safety first, then urgency, then oldest first."""
    # The policy's queue (access/queues.py): the same registrations its INTAKE ground opens.
    queue = intake_registrations(request.user).select_related(
        "family", "network", "asked_professional__user"
    )
    order = {"acute": 0, "concerns": 1, "in_order": 2}
    urgency = {"urgent": 0, "soon": 1, "normal": 2}
    queue = queue.order_by(
        Case(
            *[When(safety_status=k, then=Value(v)) for k, v in order.items()],
            output_field=IntegerField(),
        ),
        Case(
            *[When(urgency=k, then=Value(v)) for k, v in urgency.items()],
            output_field=IntegerField(),
        ),
        "registered_at",
        "id",
    )
    page = paginate(request, queue)
    audit.record(
        EventType.READ,
        "families.intake_queue.read",
        actor=request.user,
        request=request,
        purpose="intake",
        detail={"registrations": [r.pk for r in page]},
    )
    return render(request, "families/intake_queue.html", {"page": page})


@dataclass(frozen=True)
class RegistrationStatus:
    """One line of the referrer's list: what became of a registration. The family's name and
    help questions only when the policy lets the referrer open the file."""

    registration: Registration
    family_name: str | None
    step: str
    asked_answer: str | None


def _step(registration: Registration) -> str:
    trajectory = registration.trajectory
    if trajectory.closed_on is not None or trajectory.phase == Phase.CLOSED:
        return _("Closed")
    if trajectory.phase == Phase.REGISTRATION:
        return _("Waiting for a coordinator")
    if trajectory.phase == Phase.TEAM_COMPOSITION:
        return _("Taken on: the team is being formed")
    return _("Help has started")


@role_required(*REGISTRARS)
def my_registrations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The referrer's own registrations and the step each reached (issue 12). A referrer who
    is not on the family's team sees no name, question or safety note: only the number, the
    date, the network, the step and the answer of the professional they asked for."""
    registrations = Registration.objects.filter(registered_by=request.user).select_related(
        "network", "trajectory", "family", "asked_professional__user"
    )
    page = paginate(request, registrations)
    visible = visible_among(request.user, [r.family_id for r in page])
    answers = dict(
        DirectRequest.objects.filter(
            trajectory__in=[r.trajectory_id for r in page if r.asked_professional_id],
            professional_id__in=[r.asked_professional_id for r in page if r.asked_professional_id],
        )
        .order_by("requested_at")
        .values_list("trajectory_id", "status")
    )
    labels = dict(RequestStatus.choices)
    rows = [
        RegistrationStatus(
            registration=r,
            family_name=r.family.name if r.family_id in visible else None,
            step=_step(r),
            asked_answer=(
                str(labels[answers[r.trajectory_id]])
                if r.trajectory_id in answers
                else _("Asked when the team is formed")
                if r.asked_professional_id
                else None
            ),
        )
        for r in page
    ]
    audit.record_each_family(
        EventType.READ,
        "families.registration.status",
        actor=request.user,
        request=request,
        family_ids=sorted({r.family_id for r in page}),
        purpose="registration",
    )
    return render(request, "families/my_registrations.html", {"page": page, "rows": rows})


@login_required
@refusal_page
def meldcode_add(
    request: AuthenticatedHttpRequest, family_id: int, registration_id: int
) -> HttpResponse:
    family, _decision = get_family_for_user(
        request, family_id, action=Action.EDIT, audit_action="families.meldcode.form"
    )
    registration = Registration.objects.filter(pk=registration_id, family=family).first()
    if registration is None:
        raise Http404
    done = set(registration.meldcode_steps.values_list("step", flat=True))
    form = MeldcodeForm(request.POST or None, initial={"step": min({1, 2, 3, 4, 5} - done or {5})})
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_meldcode_step(
                registration, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The Meldcode step has been recorded."))
            return redirect("families:family_detail", family_id=family.pk)
    title = _("Record a Meldcode step")
    return render(
        request, "families/form_page.html", {"family": family, "form": form, "title": title}
    )
