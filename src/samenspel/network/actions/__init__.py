"""Every change to a network's data: validated, in one transaction, logged in the access log.

Edits are optimistic: the form carries the version the editor started from, and the change is
refused (with a Dutch message) when someone else saved in between, instead of silently
overwriting their work.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.network.actions.common import claim_version, log_change
from samenspel.network.actions.common import conflict_error as conflict_error
from samenspel.network.actions.imports import commit_import as commit_import
from samenspel.network.actions.imports import confirm_import as confirm_import
from samenspel.network.actions.imports import start_import as start_import
from samenspel.network.models import (
    Agreement,
    AgreementVersion,
    ChecklistAnswer,
    Expertise,
    GlossarySynonym,
    GlossaryTerm,
    Intervention,
    Language,
    LegalBasis,
    Network,
    NetworkAssignment,
    NetworkChange,
    NetworkMembership,
    Organisation,
    ProcessReview,
    Professional,
    ProfessionalExpertise,
    ProfessionalPhoto,
    Sector,
    Service,
    Team,
)
from samenspel.network.values import (
    AgreementValues,
    InterventionValues,
    ReviewValues,
    ServiceValues,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User


@transaction.atomic
def update_network(
    network: Network,
    *,
    actor: User,
    expected_version: int,
    name: str,
    region: str = "",
    description: str = "",
    request: HttpRequest | None = None,
) -> Network:
    network.version = claim_version(Network, network.pk, expected_version)
    network.name, network.region, network.description = name, region, description
    network.full_clean()
    network.save()
    log_change(
        EventType.UPDATE,
        "network.network.update",
        actor=actor,
        request=request,
        obj=network,
        network=network,
        summary=_("Network details changed"),
        detail={"fields": ["name", "region", "description"]},
    )
    return network


@transaction.atomic
def update_own_profile(
    professional: Professional,
    *,
    actor: User,
    expected_version: int,
    languages: Iterable[Any],
    areas: Iterable[Any],
    photo: bytes | None = None,
    remove_photo: bool = False,
    request: HttpRequest | None = None,
) -> Professional:
    """A professional's own introduction, contact details (set on `professional`),
    languages and areas; shown in the history of every network they work in."""
    if professional.user_id != actor.pk:
        raise ValidationError(_("You can only change your own profile."))
    professional.version = claim_version(Professional, professional.pk, expected_version)
    if photo is not None:
        ProfessionalPhoto.objects.update_or_create(
            professional=professional, defaults={"image": photo, "updated_at": timezone.now()}
        )
        professional.photo_updated_at = timezone.now()
    elif remove_photo:
        ProfessionalPhoto.objects.filter(professional=professional).delete()
        professional.photo_updated_at = None
    professional.full_clean()
    professional.save()
    professional.languages.set(list(languages))
    professional.areas.set(list(areas))
    for network in Network.objects.filter(assignments__professional=professional).distinct():
        NetworkChange.objects.create(
            network=network,
            object_type=professional._meta.label_lower,
            object_id=str(professional.pk),
            summary=_("%(name)s updated their profile") % {"name": actor.full_name},
            changed_by=actor,
        )
    audit.record(
        EventType.UPDATE,
        "network.profile.update",
        actor=actor,
        request=request,
        obj=professional,
        purpose="own profile",
    )
    return professional


@transaction.atomic
def update_professional_work(
    professional: Professional,
    *,
    network: Network,
    actor: User,
    expected_version: int,
    hours_per_week: Any,
    valid_until: Any,
    levels: dict[Expertise, int],
    request: HttpRequest | None = None,
) -> Professional:
    """Hours for this network, the end of the assignment and expertise with levels."""
    professional.version = claim_version(Professional, professional.pk, expected_version)
    assignment = NetworkAssignment.objects.get(professional=professional, network=network)
    assignment.hours_per_week = hours_per_week
    assignment.valid_until = valid_until
    assignment.full_clean()
    assignment.save()
    professional.expertise_levels.exclude(expertise__in=list(levels)).delete()
    for item, level in levels.items():
        ProfessionalExpertise.objects.update_or_create(
            professional=professional, expertise=item, defaults={"level": level}
        )
    log_change(
        EventType.UPDATE,
        "network.professional.work",
        actor=actor,
        request=request,
        obj=professional,
        network=network,
        summary=_("Hours and expertise of %(name)s changed") % {"name": professional.user},
        detail={"hours": str(hours_per_week), "expertise": {e.code: v for e, v in levels.items()}},
    )
    return professional


@transaction.atomic
def save_team(
    team: Team,
    *,
    network: Network,
    actor: User,
    members: Iterable[Professional],
    areas: Iterable[Any],
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> Team:
    """Save a network team (its name set on `team`) with its members and areas; a member
    must work in this network."""
    created = team.pk is None
    if not created:
        team.version = claim_version(Team, team.pk, expected_version)
    team.network = network
    members = list(members)
    outside = {p.pk for p in members} - set(
        Professional.objects.in_network(network).values_list("pk", flat=True)
    )
    if outside:
        raise ValidationError({"members": _("Choose professionals who work in this network.")})
    team.full_clean()
    team.save()
    team.members.set(members)
    team.areas.set(list(areas))
    log_change(
        EventType.CREATE if created else EventType.UPDATE,
        "network.team.save",
        actor=actor,
        request=request,
        obj=team,
        network=network,
        summary=_("Team '%(name)s' saved") % {"name": team.name},
        detail={"members": team.members.count()},
    )
    return team


@transaction.atomic
def update_organisation(
    organisation: Organisation,
    *,
    network: Network,
    actor: User,
    expected_version: int,
    membership: NetworkMembership,
    request: HttpRequest | None = None,
) -> Organisation:
    """An organisation's details and its membership of this network (role, end date),
    changed by an administrator of that network."""
    organisation.version = claim_version(Organisation, organisation.pk, expected_version)
    organisation.full_clean()
    organisation.save()
    if membership.valid_until and membership.valid_until < membership.valid_from:
        raise ValidationError(_("The membership cannot end before it started."))
    membership.full_clean()
    membership.save()
    log_change(
        EventType.UPDATE,
        "network.organisation.update",
        actor=actor,
        request=request,
        obj=organisation,
        network=network,
        summary=_("Details of %(organisation)s changed") % {"organisation": organisation.name},
    )
    return organisation


@transaction.atomic
def save_taxonomy_item(
    item: Sector | Expertise | Language, *, actor: User, request: HttpRequest | None = None
) -> Sector | Expertise | Language:
    """A sector, expertise or language: shared data of the deployment (DOMAIN.md §3)."""
    created = item.pk is None
    item.full_clean()
    item.save()
    NetworkChange.objects.create(
        network=None,
        object_type=item._meta.label_lower,
        object_id=str(item.pk),
        summary=_("%(kind)s '%(name)s' saved")
        % {"kind": item._meta.verbose_name, "name": item.name},
        changed_by=actor,
    )
    audit.record(
        EventType.CREATE if created else EventType.UPDATE,
        "network.taxonomy.save",
        actor=actor,
        request=request,
        obj=item,
        purpose="network administration",
    )
    return item


@transaction.atomic
def save_agreement_version(
    network: Network,
    agreement: Agreement | None,
    *,
    actor: User,
    values: AgreementValues,
    request: HttpRequest | None = None,
) -> AgreementVersion:
    """Write a new version of `agreement` (or create the agreement with its first version).
    Refused when another version was written since the editor's starting point."""
    values.check()
    expected = values.expected_number
    if agreement is None:
        if expected != 0:
            raise conflict_error()
        agreement = Agreement.objects.create(network=network, category=values.category)
    claimed = Agreement.objects.filter(pk=agreement.pk, latest_number=expected).update(
        latest_number=F("latest_number") + 1, category=values.category
    )
    if not claimed:
        raise conflict_error()
    version = AgreementVersion(
        agreement=agreement,
        number=expected + 1,
        title=values.title,
        text=values.text,
        owner=values.owner,
        status=values.status,
        valid_from=values.valid_from,
        valid_until=values.valid_until,
        next_review_on=values.next_review_on,
        reason=values.reason,
        created_by=actor,
        created_at=timezone.now(),
    )
    version.full_clean(exclude=["agreement"])
    version.save()
    version.parties.set(list(values.parties))
    version.terms.set(list(values.terms))
    log_change(
        EventType.CREATE if version.number == 1 else EventType.UPDATE,
        "network.agreement.version",
        actor=actor,
        request=request,
        obj=agreement,
        network=network,
        summary=_("Agreement '%(title)s': version %(number)s (%(reason)s)")
        % {"title": version.title, "number": version.number, "reason": version.reason},
        detail={"version": version.number, "reason": version.reason},
    )
    agreement.latest_number = version.number
    return version


@transaction.atomic
def record_process_review(
    network: Network, *, actor: User, values: ReviewValues, request: HttpRequest | None = None
) -> ProcessReview:
    produced = list(values.produced_versions)
    if any(version.agreement.network_id != network.pk for version in produced):
        raise ValidationError(_("A review can only link to this network's agreements."))
    review = ProcessReview(
        network=network,
        held_on=values.held_on,
        participants=values.participants,
        case_summary=values.case_summary,
        findings=values.findings,
        recorded_by=actor,
    )
    review.full_clean()
    review.save()
    review.produced_versions.set(produced)
    log_change(
        EventType.CREATE,
        "network.review.create",
        actor=actor,
        request=request,
        obj=review,
        network=network,
        summary=_("Process review of %(date)s recorded")
        % {"date": date_format(review.held_on, "j F Y")},
        detail={"versions": [version.pk for version in produced]},
    )
    return review


@transaction.atomic
def answer_checklist_question(
    network: Network,
    *,
    actor: User,
    question: str,
    answer: str,
    request: HttpRequest | None = None,
) -> ChecklistAnswer:
    """A new answer; earlier answers stay as the question's history."""
    row = ChecklistAnswer(network=network, question=question, answer=answer, answered_by=actor)
    row.full_clean()
    row.save()
    log_change(
        EventType.UPDATE,
        "network.checklist.answer",
        actor=actor,
        request=request,
        obj=row,
        network=network,
        summary=_("Checklist answered: %(question)s") % {"question": row.get_question_display()},
        detail={"question": question},
    )
    return row


@transaction.atomic
def save_legal_basis(
    legal_basis: LegalBasis,
    *,
    actor: User,
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> LegalBasis:
    """Save a legal basis (new when it has no pk yet)."""
    created = legal_basis.pk is None
    if not created:
        legal_basis.version = claim_version(LegalBasis, legal_basis.pk, expected_version)
    legal_basis.full_clean()
    legal_basis.save()
    log_change(
        EventType.CREATE if created else EventType.UPDATE,
        "network.legal_basis.save",
        actor=actor,
        request=request,
        obj=legal_basis,
        network=legal_basis.network,
        summary=_("Legal basis for '%(purpose)s' at %(organisation)s saved")
        % {"purpose": legal_basis.purpose, "organisation": legal_basis.organisation},
        detail={"organisation": legal_basis.organisation_id, "basis": legal_basis.basis},
    )
    return legal_basis


@transaction.atomic
def save_glossary_term(
    term: GlossaryTerm,
    *,
    actor: User,
    synonyms: list[tuple[str, str, Sector | None]],
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> GlossaryTerm:
    created = term.pk is None
    if not created:
        term.version = claim_version(GlossaryTerm, term.pk, expected_version)
    term.updated_at = timezone.now()
    term.full_clean()
    term.save()
    term.synonyms.all().delete()
    GlossarySynonym.objects.bulk_create(
        GlossarySynonym(term=term, text=text, country=country, sector=sector)
        for text, country, sector in dict.fromkeys(synonyms)
    )
    log_change(
        EventType.CREATE if created else EventType.UPDATE,
        "network.glossary.save",
        actor=actor,
        request=request,
        obj=term,
        network=term.network,
        summary=_("Glossary term '%(term)s' saved") % {"term": term.term},
        detail={"term": term.term, "synonyms": len(synonyms)},
    )
    return term


@transaction.atomic
def save_service(
    service: Service,
    *,
    network: Network,
    actor: User,
    values: ServiceValues,
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> Service:
    """Save a service of the catalogue (new when it has no pk yet: `Service(organisation=…)`)
    with its target groups from this network's glossary, its expertise and interventions."""
    if any(term.network_id != network.pk for term in values.target_groups):
        # Django's own words for a choice that was not offered (translated by Django).
        message = _("Select a valid choice. That choice is not one of the available choices.")
        raise ValidationError({"target_groups": message}, code="invalid_choice")
    created = service.pk is None
    # Only this network's glossary is offered: keep target groups that other networks of the
    # same organisation linked.
    others = [] if created else list(service.target_groups.exclude(network=network))
    if not created:
        service.version = claim_version(Service, service.pk, expected_version)
    for name in ("name", "description", "waiting_weeks", "tariff", "tariff_unit"):
        setattr(service, name, getattr(values, name))
    service.full_clean()
    service.save()
    service.target_groups.set(values.target_groups)
    service.expertise.set(values.expertise)
    service.target_groups.add(*others)
    for change in values.interventions:
        _save_intervention(service, change)
    log_change(
        EventType.CREATE if created else EventType.UPDATE,
        "network.service.save",
        actor=actor,
        request=request,
        obj=service,
        network=network,
        summary=_("Service '%(name)s' of %(organisation)s saved")
        % {"name": service.name, "organisation": service.organisation},
        detail={"organisation": service.organisation_id},
    )
    return service


def _save_intervention(service: Service, change: InterventionValues) -> None:
    row = change.intervention or Intervention(service=service)
    if row.service_id != service.pk:
        raise ValueError("an intervention of another service")
    if change.remove:
        if row.pk is not None:
            row.delete()
        return
    row.name = change.name
    row.effectiveness = change.effectiveness
    row.full_clean(exclude=["service"])
    row.save()
