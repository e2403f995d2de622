"""Every change to a network's data: validated, in one transaction, logged in the access log.

Edits are optimistic: the form carries the version the editor started from, and the change is
refused (with a Dutch message) when someone else saved in between, instead of silently
overwriting their work.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.network import importing
from samenspel.network.models import (
    Agreement,
    AgreementVersion,
    ChecklistAnswer,
    Expertise,
    GlossarySynonym,
    GlossaryTerm,
    ImportJob,
    ImportStatus,
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

if TYPE_CHECKING:
    from django.forms import BaseInlineFormSet
    from django.http import HttpRequest

    from samenspel.accounts.models import User


def conflict_error() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved a change in the meantime. Reload the page to see it, "
            "then make your change again."
        ),
        code="conflict",
    )


def _claim_version(model: type[models.Model], pk: int, expected: int | None) -> int:
    """Move the row's version on by one if it is still `expected`; the UPDATE also locks the
    row until the transaction ends, so two editors cannot both pass this check."""
    updated = model._default_manager.filter(pk=pk, version=expected).update(
        version=F("version") + 1
    )
    if not updated:
        raise conflict_error()
    return (expected or 0) + 1


def _log(
    event_type: EventType,
    action: str,
    *,
    actor: User,
    request: HttpRequest | None,
    obj: models.Model,
    network: Network,
    summary: str,
    detail: dict[str, Any] | None = None,
) -> None:
    NetworkChange.objects.create(
        network=network,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        changed_by=actor,
    )
    audit.record(
        event_type,
        action,
        actor=actor,
        request=request,
        obj=obj,
        purpose="network administration",
        detail=detail or {},
    )


@transaction.atomic
def update_network(
    network: Network,
    *,
    actor: User,
    expected_version: int,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> Network:
    network.version = _claim_version(Network, network.pk, expected_version)
    for field in ("name", "region", "description"):
        setattr(network, field, data[field])
    network.full_clean()
    network.save()
    _log(
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
    professional.version = _claim_version(Professional, professional.pk, expected_version)
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
    professional.version = _claim_version(Professional, professional.pk, expected_version)
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
    _log(
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
        team.version = _claim_version(Team, team.pk, expected_version)
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
    _log(
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
    organisation.version = _claim_version(Organisation, organisation.pk, expected_version)
    organisation.full_clean()
    organisation.save()
    if membership.valid_until and membership.valid_until < membership.valid_from:
        raise ValidationError(_("The membership cannot end before it started."))
    membership.full_clean()
    membership.save()
    _log(
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
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> AgreementVersion:
    """Write a new version of `agreement` (or create the agreement with its first version).
    Refused when another version was written since the editor's starting point."""
    expected = data["expected_number"]
    if agreement is None:
        if expected != 0:
            raise conflict_error()
        agreement = Agreement.objects.create(network=network, category=data["category"])
    claimed = Agreement.objects.filter(pk=agreement.pk, latest_number=expected).update(
        latest_number=F("latest_number") + 1, category=data["category"]
    )
    if not claimed:
        raise conflict_error()
    version = AgreementVersion(
        agreement=agreement,
        number=expected + 1,
        title=data["title"],
        text=data["text"],
        owner=data.get("owner"),
        status=data["status"],
        valid_from=data.get("valid_from"),
        valid_until=data.get("valid_until"),
        next_review_on=data.get("next_review_on"),
        reason=data["reason"],
        created_by=actor,
        created_at=timezone.now(),
    )
    version.full_clean(exclude=["agreement"])
    version.save()
    version.parties.set(data.get("parties") or [])
    version.terms.set(data.get("terms") or [])
    _log(
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
    network: Network, *, actor: User, data: dict[str, Any], request: HttpRequest | None = None
) -> ProcessReview:
    produced = list(data.get("produced_versions") or [])
    if any(version.agreement.network_id != network.pk for version in produced):
        raise ValidationError(_("A review can only link to this network's agreements."))
    review = ProcessReview(
        network=network,
        held_on=data["held_on"],
        participants=data["participants"],
        case_summary=data["case_summary"],
        findings=data["findings"],
        recorded_by=actor,
    )
    review.full_clean()
    review.save()
    review.produced_versions.set(produced)
    _log(
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
    _log(
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
    """Save a legal basis built by a validated form (new when it has no pk yet)."""
    created = legal_basis.pk is None
    if not created:
        legal_basis.version = _claim_version(LegalBasis, legal_basis.pk, expected_version)
    legal_basis.full_clean()
    legal_basis.save()
    _log(
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
        term.version = _claim_version(GlossaryTerm, term.pk, expected_version)
    term.updated_at = timezone.now()
    term.full_clean()
    term.save()
    term.synonyms.all().delete()
    GlossarySynonym.objects.bulk_create(
        GlossarySynonym(term=term, text=text, country=country, sector=sector)
        for text, country, sector in dict.fromkeys(synonyms)
    )
    _log(
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
    form_m2m: Any,
    interventions: BaseInlineFormSet,
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> Service:
    """Save a service of the catalogue with its interventions (from validated forms)."""
    created = service.pk is None
    # The form only offers this network's glossary: keep target groups that other networks
    # of the same organisation linked.
    others = [] if created else list(service.target_groups.exclude(network=network))
    if not created:
        service.version = _claim_version(Service, service.pk, expected_version)
    service.full_clean()
    service.save()
    form_m2m()
    service.target_groups.add(*others)
    interventions.instance = service
    interventions.save()
    _log(
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


@transaction.atomic
def start_import(
    network: Network,
    *,
    actor: User,
    kind: str,
    file_name: str,
    rows: list[dict[str, Any]],
    request: HttpRequest | None = None,
) -> ImportJob:
    """Keep the parsed rows and start the dry run in the background."""
    from samenspel.network.tasks import check_import

    job = ImportJob.objects.create(
        network=network, kind=kind, file_name=file_name[:255], rows=rows, created_by=actor
    )
    _log(
        EventType.CREATE,
        "network.import.upload",
        actor=actor,
        request=request,
        obj=job,
        network=network,
        summary=_("File '%(file)s' uploaded for import") % {"file": job.file_name},
        detail={"kind": kind, "rows": len(rows), "file": job.file_name},
    )
    transaction.on_commit(lambda: check_import.enqueue(job.pk))
    return job


@transaction.atomic
def confirm_import(job: ImportJob, *, actor: User, request: HttpRequest | None = None) -> None:
    """The administrator saw a clean dry run and asks to import."""
    from samenspel.network.tasks import run_import

    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED, problems=[]).update(
        status=ImportStatus.IMPORTING, processed=0
    )
    if not claimed:
        raise ValidationError(_("This file cannot be imported (again)."))
    transaction.on_commit(lambda: run_import.enqueue(job.pk))


@transaction.atomic
def commit_import(job: ImportJob, *, actor: User) -> ImportJob:
    """All rows or none: the rows are written and the job marked done in one transaction."""
    created, updated = importing.apply_rows(job.kind, job.rows, job.network, user=job.created_by)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        processed=len(job.rows),
        created_count=created,
        updated_count=updated,
    )
    _log(
        EventType.CREATE,
        "network.import.commit",
        actor=actor,
        request=None,
        obj=job,
        network=job.network,
        summary=_("File '%(file)s' imported: %(created)s new, %(updated)s updated")
        % {"file": job.file_name, "created": created, "updated": updated},
        detail={"kind": job.kind, "created": created, "updated": updated},
    )
    return job
