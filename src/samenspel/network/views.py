"""The network's pages for professionals: "wie is wie", profiles, organisations with their
services, the network page, the agreements register and the glossary."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.accounts.models import Role
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest, render_page
from samenspel.core.paging import Pager, paginate
from samenspel.core.validators import UNSAFE_CHARACTERS
from samenspel.network import actions, comparison
from samenspel.network.access import (
    NetworkAction,
    can_manage,
    can_manage_taxonomy,
    get_network_for_user,
)
from samenspel.network.forms import DirectoryFilterForm, ProfileForm
from samenspel.network.models import (
    Absence,
    Agreement,
    AgreementVersion,
    Area,
    ChecklistAnswer,
    ChecklistQuestion,
    GlossaryTerm,
    Intervention,
    LegalBasis,
    Network,
    NetworkAssignment,
    NetworkMembership,
    ProcessReview,
    Professional,
    ProfessionalExpertise,
    ProfessionalPhoto,
    Service,
    Team,
)
from samenspel.network.querysets import ProfessionalQuerySet

PAGE_SIZE = 25
NETWORK_ROLES = (
    Role.PROFESSIONAL,
    Role.COORDINATOR,
    Role.NETWORK_ADMIN,
    Role.POLICY_ADVISER,
    Role.SYSTEM_ADMIN,
)


def this_week(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """From today to the coming Sunday: "available this week" means for the rest of it."""
    today = today or timezone.localdate()
    return today, today + datetime.timedelta(days=6 - today.weekday())


@role_required(*NETWORK_ROLES)
def network_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    from samenspel.network.models import Network

    networks = list(Network.objects.visible_to(request.user).order_by("name"))
    shared_lists = can_manage_taxonomy(request.user)
    if len(networks) == 1 and not shared_lists:
        return redirect("network:directory", slug=networks[0].slug)
    context = {
        "networks": networks,
        "has_profile": Professional.objects.filter(user=request.user).exists(),
        "can_manage_taxonomy": shared_lists,
    }
    return render(request, "network/index.html", context)


@role_required(*NETWORK_ROLES)
def my_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A professional keeps their own entry in "Wie is wie" current."""
    professional = Professional.objects.filter(user=request.user).first()
    if professional is None:
        raise Http404
    form = ProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=professional,
        initial={"version": professional.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_own_profile(
                form.save(commit=False),
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                languages=form.cleaned_data["languages"],
                areas=form.cleaned_data["areas"],
                photo=form.cleaned_data["photo"],
                remove_photo=form.cleaned_data["remove_photo"],
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("network:index")
    return render(request, "network/my_profile.html", {"form": form})


@role_required(*NETWORK_ROLES)
def professional_photo(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The photo, only for those who may see this network's directory."""
    network = get_network_for_user(request.user, slug, action=NetworkAction.VIEW)
    photo = ProfessionalPhoto.objects.filter(
        professional__in=Professional.objects.in_network(network), professional_id=pk
    ).first()
    if photo is None:
        raise Http404
    response = HttpResponse(bytes(photo.image), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def directory_people(network: Network, *, today: datetime.date) -> ProfessionalQuerySet:
    """The professionals of a network with everything a directory row shows, in a constant
    number of queries."""
    return _with_directory_details(
        Professional.objects.in_network(network, on=today), today=today
    ).order_by("user__full_name", "pk")


def _with_directory_details(
    people: ProfessionalQuerySet, *, today: datetime.date
) -> ProfessionalQuerySet:
    """Everything a directory row shows, in a constant number of queries."""
    start, end = this_week(today)
    away = Absence.objects.filter(starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start)
    )
    return cast(
        "ProfessionalQuerySet",
        people.select_related("user", "home_organisation").prefetch_related(
            Prefetch(
                "expertise_levels",
                queryset=ProfessionalExpertise.objects.select_related("expertise").order_by(
                    "-level", "expertise__position"
                ),
            ),
            "languages",
            "areas",
            Prefetch("absences", queryset=away, to_attr="absences_this_week"),
        ),
    )


def _people_page(
    request: AuthenticatedHttpRequest, people: ProfessionalQuerySet, *, today: datetime.date
) -> Pager[Professional]:
    """One page of the directory: the filters and the text search run once, for the ordered
    ids of everyone they find (at most the few hundred of one network); the exact count is
    their number, and only the page's rows are read in full, by id. Paginating the queryset
    ran the search twice, once for its COUNT and once for the page."""
    ids: list[int] = list(people.values_list("pk", flat=True))
    page = paginate(request, ids, per_page=PAGE_SIZE)
    on_page = list(page.object_list)
    rows = Professional.objects.filter(pk__in=on_page)
    by_id = _with_directory_details(rows, today=today).in_bulk()
    page.object_list = [by_id[pk] for pk in on_page if pk in by_id]  # ids become rows
    return page


@role_required(*NETWORK_ROLES)
def directory(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """ "Wie is wie": find a colleague by name, expertise, language, area, organisation and
    availability this week; every filter narrows the list."""
    network = get_network_for_user(request.user, slug, action=NetworkAction.VIEW)
    today = timezone.localdate()
    areas = [(str(area.pk), str(area)) for area in Area.objects.all()]
    form = DirectoryFilterForm(request.GET or None, network=network, areas=areas)
    people = directory_people(network, today=today)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["expertise"]:
            people = people.filter(expertise_levels__expertise=data["expertise"])
        if data["language"]:
            people = people.filter(languages=data["language"])
        if data["area"]:
            people = people.filter(areas=data["area"])
        if data["organisation"]:
            people = people.filter(home_organisation=data["organisation"])
        if data["available"]:
            people = people.available_between(network, *this_week(today))
        people = people.search(data["q"])
    page = _people_page(request, people, today=today)
    context = {
        "network": network,
        "form": form,
        "page_obj": page,
        "can_manage": can_manage(request.user, network),
    }
    return render_page(request, "network/directory.html", context, partial="directory-results")


@role_required(*NETWORK_ROLES)
def professional_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = get_network_for_user(request.user, slug, action=NetworkAction.VIEW)
    today = timezone.localdate()
    professional = directory_people(network, today=today).filter(pk=pk).first()
    if professional is None:
        raise Http404
    assignment = NetworkAssignment.objects.filter(
        professional=professional, network=network
    ).first()
    teams = Team.objects.filter(members=professional).filter(
        Q(network=network) | Q(organisation=professional.home_organisation)
    )
    absence = next(iter(professional.absences_this_week), None)  # type: ignore[attr-defined]
    if absence is not None and absence.cover_id:
        absence = Absence.objects.select_related("cover__user").get(pk=absence.pk)
    context = {
        "network": network,
        "professional": professional,
        "assignment": assignment,
        "teams": teams,
        "absence": absence,
        "can_manage": can_manage(request.user, network),
    }
    return render(request, "network/professional_detail.html", context)


@role_required(*NETWORK_ROLES)
def organisation_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = get_network_for_user(request.user, slug, action=NetworkAction.VIEW)
    membership = (
        NetworkMembership.objects.filter(network=network, organisation_id=pk)
        .select_related("organisation__sector")
        .first()
    )
    if membership is None:
        raise Http404
    organisation = membership.organisation
    services = organisation.services.prefetch_related(
        # An organisation can serve several networks; show this network's definitions.
        Prefetch("target_groups", queryset=GlossaryTerm.objects.filter(network=network)),
        "expertise",
        Prefetch("interventions", queryset=Intervention.objects.order_by("name")),
    )
    people = (
        Professional.objects.in_network(network)
        .filter(home_organisation=organisation)
        .select_related("user")
        .order_by("user__full_name")
    )
    context = {
        "network": network,
        "membership": membership,
        "organisation": organisation,
        "services": paginate(request, services),
        "people": people[:50],
        "people_count": people.count(),
        "can_manage": can_manage(request.user, network),
    }
    return render(request, "network/organisation_detail.html", context)


def latest_versions() -> Prefetch[Any]:
    return Prefetch(
        "versions",
        queryset=AgreementVersion.objects.filter(number=F("agreement__latest_number")),
        to_attr="latest",
    )


@role_required(*NETWORK_ROLES)
def network_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Members, teams, the latest agreements and reviews, the checklist and legal bases."""
    network = get_network_for_user(request.user, slug, action=NetworkAction.VIEW)
    members = network.memberships.select_related("organisation__sector").order_by(
        "organisation__name"
    )
    teams = (
        network.teams.annotate(member_count=Count("members", distinct=True))
        .prefetch_related("areas")
        .order_by("name")
    )
    agreements = (
        Agreement.objects.filter(network=network)
        .prefetch_related(latest_versions())
        .order_by("category", "pk")
    )
    reviews = network.reviews.prefetch_related("produced_versions__agreement")[:5]
    answers: dict[str, ChecklistAnswer] = {}
    for answer in ChecklistAnswer.objects.filter(network=network).select_related("answered_by"):
        answers.setdefault(answer.question, answer)
    checklist = [(question, answers.get(question.value)) for question in ChecklistQuestion]
    context = {
        "network": network,
        "members": members,
        "teams": teams,
        "agreements": agreements[:20],
        "agreement_count": agreements.count(),
        "reviews": reviews,
        "checklist": checklist,
        "legal_bases": LegalBasis.objects.filter(network=network).select_related("organisation")[
            :50
        ],
        "can_manage": can_manage(request.user, network),
    }
    return render(request, "network/network_detail.html", context)


@role_required(*NETWORK_ROLES)
def agreement_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for_user(request.user, slug, action=NetworkAction.VIEW)
    agreements = (
        Agreement.objects.filter(network=network)
        .prefetch_related(latest_versions())
        .order_by("category", "pk")
    )
    context = {
        "network": network,
        "page_obj": paginate(request, agreements),
        "can_manage": can_manage(request.user, network),
    }
    return render(request, "network/agreement_list.html", context)


@role_required(*NETWORK_ROLES)
def agreement_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = get_network_for_user(request.user, slug, action=NetworkAction.VIEW)
    agreement = Agreement.objects.filter(network=network, pk=pk).first()
    if agreement is None:
        raise Http404
    versions = agreement.versions.select_related("created_by", "owner").prefetch_related(
        "parties", "terms", "reviews"
    )
    page = paginate(request, versions, per_page=20)
    current = page.object_list[0] if page.number == 1 and page.object_list else None
    context = {
        "network": network,
        "agreement": agreement,
        "current": current,
        "page_obj": page,
        "can_manage": can_manage(request.user, network),
    }
    return render(request, "network/agreement_detail.html", context)


@role_required(*NETWORK_ROLES)
def agreement_compare(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Two versions side by side: the changed fields and the text's changes line by line."""
    network = get_network_for_user(request.user, slug, action=NetworkAction.VIEW)
    agreement = Agreement.objects.filter(network=network, pk=pk).first()
    if agreement is None:
        raise Http404
    numbers = list(agreement.versions.values_list("number", flat=True))
    try:
        old_number = int(request.GET.get("from") or max(agreement.latest_number - 1, 1))
        new_number = int(request.GET.get("to") or agreement.latest_number)
    except ValueError as error:
        raise Http404 from error
    if old_number not in numbers or new_number not in numbers:
        raise Http404
    pair = {
        version.number: version
        for version in agreement.versions.filter(number__in=[old_number, new_number])
        .select_related("owner", "created_by")
        .prefetch_related("parties", "terms")
    }
    old, new = pair[old_number], pair[new_number]
    context = {
        "network": network,
        "agreement": agreement,
        "numbers": numbers,
        "old": old,
        "new": new,
        "fields": comparison.field_changes(old, new),
        "lines": comparison.text_changes(old.text, new.text),
        "can_manage": can_manage(request.user, network),
    }
    return render(request, "network/agreement_compare.html", context)


@role_required(*NETWORK_ROLES)
def review_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for_user(request.user, slug, action=NetworkAction.VIEW)
    reviews = ProcessReview.objects.filter(network=network).prefetch_related(
        "produced_versions__agreement"
    )
    context = {
        "network": network,
        "page_obj": paginate(request, reviews, per_page=10),
        "can_manage": can_manage(request.user, network),
    }
    return render(request, "network/review_list.html", context)


@role_required(*NETWORK_ROLES)
def glossary(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for_user(request.user, slug, action=NetworkAction.VIEW)
    terms = GlossaryTerm.objects.filter(network=network).prefetch_related("synonyms__sector")
    # Control characters (a NUL fails PostgreSQL's text) are no part of a word.
    text = UNSAFE_CHARACTERS.sub("", request.GET.get("q", "")).strip()[:100]
    if text:
        matching = GlossaryTerm.objects.filter(network=network).filter(
            Q(term__icontains=text) | Q(synonyms__text__icontains=text)
        )
        terms = terms.filter(pk__in=matching.values("pk"))
    context = {
        "network": network,
        "page_obj": paginate(request, terms),
        "q": text,
        "can_manage": can_manage(request.user, network),
    }
    return render_page(request, "network/glossary.html", context, partial="glossary-results")


@role_required(*NETWORK_ROLES)
def glossary_term(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = get_network_for_user(request.user, slug, action=NetworkAction.VIEW)
    term = (
        GlossaryTerm.objects.filter(network=network, pk=pk)
        .prefetch_related("synonyms__sector")
        .first()
    )
    if term is None:
        raise Http404
    services = Service.objects.filter(target_groups=term).select_related("organisation")[:50]
    agreements = (
        Agreement.objects.filter(network=network, versions__terms=term)
        .filter(versions__number=F("latest_number"))
        .prefetch_related(latest_versions())
        .distinct()[:50]
    )
    context = {
        "network": network,
        "term": term,
        "services": services,
        "agreements": agreements,
        "can_manage": can_manage(request.user, network),
    }
    return render(request, "network/glossary_term.html", context)
