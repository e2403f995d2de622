"""Every business write to a family file: registration, members, relations, the informal
network, Meldcode steps, consent. Verb-first, keyword-only `actor=`, one transaction with
the access event (STYLE.md); each change moves the file's `changed_at`, from which the
retention date is computed."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.families import retention
from samenspel.families.identifiers import national_number
from samenspel.families.models import (
    ConfidentialSection,
    Consent,
    Family,
    FamilyMember,
    HelpQuestion,
    InformalNetworkContact,
    MeldcodeRecord,
    MemberRelation,
    MemberRole,
    Registration,
    RelationKind,
    SafetyStatus,
    required_consenters,
)
from samenspel.families.search import display_postcode, fold

# The value objects are part of this module's interface (callers write actions.FamilyData).
from samenspel.families.values import ConsentValues as ConsentValues
from samenspel.families.values import ContactValues as ContactValues
from samenspel.families.values import FamilyData as FamilyData
from samenspel.families.values import MemberChanges as MemberChanges
from samenspel.families.values import MemberData as MemberData
from samenspel.families.values import QuestionData as QuestionData
from samenspel.families.values import RegistrationData as RegistrationData
from samenspel.families.values import model_values

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.network.models import Network, Professional


class StaleEditError(ValidationError):
    """Someone else saved the file since this form was shown."""


def touch(family: Family, *, expected_version: int | None = None) -> None:
    """Record a change to the file: bump the version (refusing a stale one), move
    `changed_at`, refresh the search key and the retention date."""
    now = timezone.now()
    updated = Family.objects.filter(pk=family.pk)
    if expected_version is not None:
        updated = updated.filter(version=expected_version)
    if not updated.update(version=F("version") + 1, changed_at=now):
        raise StaleEditError(
            _("Someone else changed this file while you were editing. Reload and try again.")
        )
    family.refresh_from_db(fields=["version", "changed_at"])
    surnames = FamilyMember.objects.filter(family=family).values_list("family_name", flat=True)
    family.search_key = fold(" ".join([family.name, *sorted(set(surnames))]))[:500]
    family.retain_until = retention.retain_until(family)
    family.save(update_fields=["search_key", "retain_until"])


@transaction.atomic
def register_family(
    *,
    actor: User,
    network: Network,
    family: Family | None = None,
    new_family: FamilyData | None = None,
    members: Sequence[MemberData] = (),
    questions: Sequence[QuestionData] = (),
    registration: RegistrationData,
    request: HttpRequest | None = None,
) -> Registration:
    """Register a family: reuse the file found by search-before-create (`family`) or create
    one from `new_family`, add the members, and open a trajectory in phase "registration" —
    which puts the registration in the coordinator's intake queue."""
    from samenspel.trajectories.models import Phase, Trajectory

    if family is not None and family.network_id != network.pk:
        raise ValidationError(_("This file belongs to another network."))
    if not questions:
        raise ValidationError(_("Write down at least one help question."))
    if registration.safety_status not in SafetyStatus.values:
        raise ValidationError(_("First check basic care and safety."))
    asked = registration.asked_professional
    if asked is not None and not asked.assignments.filter(network=network).exists():
        raise ValidationError(_("Ask for a professional who works in this network."))
    created = family is None
    if family is None:
        if new_family is None:
            raise ValidationError(_("Give the family's name."))
        family = Family(network=network, **model_values(new_family))
        family.postcode = display_postcode(family.postcode)
        family.full_clean(exclude=["network"])
        _refuse_certain_duplicate(family, members)
        family.save()
    for data in members:
        add_member(family, data, actor=actor, request=request, touch_file=False)
    trajectory = Trajectory.objects.create(family=family, network=network, phase=Phase.REGISTRATION)
    record = Registration(
        family=family,
        network=network,
        trajectory=trajectory,
        registered_by=actor,
        **model_values(registration),
    )
    if record.verwijsindex_flagged_on:
        record.verwijsindex_flagged_by = actor
    record.full_clean(exclude=["trajectory", "family", "network"])
    record.save()
    for position, question in enumerate(questions):
        help_question = HelpQuestion.objects.create(
            registration=record, text=question.text, kind=question.kind, position=position
        )
        help_question.life_domains.set(question.domain_ids)
    touch(family)
    audit.record(
        EventType.CREATE,
        "families.registration.create",
        actor=actor,
        request=request,
        family_id=family.pk,
        obj=record,
        purpose="registration",
        detail={
            "new_file": created,
            "safety": record.safety_status,
            "urgency": record.urgency,
        },
    )
    return record


def _refuse_certain_duplicate(family: Family, members: Sequence[MemberData]) -> None:
    """Search before create happens in the browser, so two people can register the same
    family at once. Under a lock on the network, refuse a new file with the same name,
    postcode and a member's date of birth as an existing one."""
    from samenspel.network.models import Network

    Network.objects.select_for_update().filter(pk=family.network_id).first()
    births = [m.date_of_birth for m in members if m.date_of_birth]
    if not (family.postcode and births):
        return
    twin = Family.objects.filter(
        network_id=family.network_id,
        postcode=family.postcode,
        search_key__startswith=fold(family.name),
        members__date_of_birth__in=births,
    ).first()
    if twin is not None:
        raise ValidationError(
            _(
                "This family already has a file (number %(number)s). Search again and "
                "register for that file."
            )
            % {"number": twin.pk}
        )


@transaction.atomic
def add_member(
    family: Family,
    data: MemberData,
    *,
    actor: User,
    request: HttpRequest | None = None,
    touch_file: bool = True,
) -> FamilyMember:
    member = FamilyMember(
        family=family,
        given_name=data.given_name,
        family_name=data.family_name,
        date_of_birth=data.date_of_birth,
        role=data.role,
        gender=data.gender,
    )
    if data.bsn:
        member.bsn = national_number(data.bsn, family.network.country)
    member.full_clean(exclude=["family"])
    member.save()
    if touch_file:
        touch(family)
    audit.record(
        EventType.CREATE,
        "families.member.create",
        actor=actor,
        request=request,
        family_id=family.pk,
        member_id=member.pk,
        obj=member,
    )
    return member


@transaction.atomic
def update_family(
    family: Family,
    *,
    actor: User,
    data: FamilyData,
    version: int,
    request: HttpRequest | None = None,
) -> Family:
    """Change the name and address, refusing a change made from a version shown before
    someone else's save."""
    fields = model_values(data)
    locked = Family.objects.select_for_update().get(pk=family.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.postcode = display_postcode(locked.postcode)
    locked.full_clean(exclude=["network"])
    locked.save(update_fields=list(fields))
    touch(locked, expected_version=version)
    audit.record(
        EventType.UPDATE,
        "families.family.update",
        actor=actor,
        request=request,
        family_id=locked.pk,
        obj=locked,
        detail={"fields": sorted(fields)},
    )
    return locked


@transaction.atomic
def update_member(
    member: FamilyMember,
    *,
    actor: User,
    changes: MemberChanges,
    version: int,
    bsn: str = "",
    remove_bsn: bool = False,
    request: HttpRequest | None = None,
) -> FamilyMember:
    """Change a member's details. An empty BSN keeps the stored one (it is never shown, so
    the form cannot show it back); `remove_bsn` erases it."""
    Family.objects.select_for_update().filter(pk=member.family_id).first()
    locked = FamilyMember.objects.get(pk=member.pk)
    fields = model_values(changes)
    for name, value in fields.items():
        setattr(locked, name, value)
    if bsn:
        locked.bsn = national_number(bsn, locked.family.network.country)
    elif remove_bsn:
        locked.bsn = ""
    locked.full_clean(exclude=["family", "user"])
    locked.save()
    touch(locked.family, expected_version=version)
    audit.record(
        EventType.UPDATE,
        "families.member.update",
        actor=actor,
        request=request,
        family_id=locked.family_id,
        member_id=locked.pk,
        obj=locked,
        detail={"fields": sorted(fields) + (["bsn"] if bsn or remove_bsn else [])},
    )
    return locked


@transaction.atomic
def add_relation(
    member: FamilyMember,
    *,
    kind: str,
    other: FamilyMember,
    parental_authority: bool,
    actor: User,
    request: HttpRequest | None = None,
) -> MemberRelation:
    if other.family_id != member.family_id:
        raise ValidationError(_("Both people must belong to this family."))
    relation = MemberRelation(
        member=member, kind=kind, other=other, parental_authority=parental_authority
    )
    relation.full_clean()
    relation.save()
    touch(member.family)
    audit.record(
        EventType.CREATE,
        "families.relation.create",
        actor=actor,
        request=request,
        family_id=member.family_id,
        member_id=other.pk,
        obj=relation,
    )
    return relation


@transaction.atomic
def remove_relation(
    relation: MemberRelation, *, actor: User, request: HttpRequest | None = None
) -> None:
    """Correct the file (the family's right to rectification): a relation recorded wrongly."""
    family = relation.member.family
    audit.record(
        EventType.DELETE,
        "families.relation.delete",
        actor=actor,
        request=request,
        family_id=family.pk,
        member_id=relation.other_id,
        obj=relation,
    )
    relation.delete()
    touch(family)


@transaction.atomic
def add_informal_contact(
    family: Family,
    *,
    actor: User,
    values: ContactValues,
    request: HttpRequest | None = None,
) -> InformalNetworkContact:
    contact = InformalNetworkContact(family=family, **model_values(values))
    contact.full_clean(exclude=["family"])
    contact.save()
    touch(family)
    audit.record(
        EventType.CREATE,
        "families.informal_contact.create",
        actor=actor,
        request=request,
        family_id=family.pk,
        obj=contact,
    )
    return contact


@transaction.atomic
def remove_informal_contact(
    contact: InformalNetworkContact, *, actor: User, request: HttpRequest | None = None
) -> None:
    audit.record(
        EventType.DELETE,
        "families.informal_contact.delete",
        actor=actor,
        request=request,
        family_id=contact.family_id,
        obj=contact,
    )
    contact.delete()
    touch(contact.family)


@transaction.atomic
def record_meldcode_step(
    registration: Registration,
    *,
    actor: User,
    step: int,
    done_on: datetime.date,
    done_by: str,
    outcome: str,
    request: HttpRequest | None = None,
) -> MeldcodeRecord:
    """Record one of the Meldcode's five steps (DOMAIN.md §7); each step once, in order."""
    done = set(registration.meldcode_steps.values_list("step", flat=True))
    if step in done:
        raise ValidationError(_("This step has already been recorded."))
    if any(earlier not in done for earlier in range(1, step)):
        raise ValidationError(_("Record the earlier steps first."))
    record = MeldcodeRecord(
        registration=registration,
        step=step,
        done_on=done_on,
        done_by=done_by,
        outcome=outcome,
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    touch(registration.family)
    audit.record(
        EventType.CREATE,
        "families.meldcode.record",
        actor=actor,
        request=request,
        family_id=registration.family_id,
        obj=record,
        purpose="safety",
        detail={"step": step},
    )
    return record


def check_consent_givers(
    about: list[FamilyMember], given_by: list[FamilyMember], *, on: datetime.date, country: str
) -> None:
    """Enforce who must consent, from each person's age on the day of consent (Jeugdwet
    7.3.4; Flanders: capable from 12). Raises a ValidationError saying who is missing."""
    givers = {m.pk for m in given_by}
    for person in about:
        if person.role != MemberRole.CHILD:
            if person.pk not in givers:
                raise ValidationError(
                    _("%(name)s must give consent about themselves.") % {"name": person}
                )
            continue
        age = person.age_on(on)
        if age is None:
            raise ValidationError(
                _("Fill in the date of birth of %(name)s: who must consent depends on age.")
                % {"name": person}
            )
        rule = required_consenters(age, country=country)
        if rule.person_self and person.pk not in givers:
            raise ValidationError(
                _("%(name)s is %(age)s and must give consent themselves.")
                % {"name": person, "age": age}
            )
        if rule.parents and not (givers & authority_holders(person)):
            raise ValidationError(
                _("A parent with parental authority over %(name)s must give consent.")
                % {"name": person}
            )


def authority_holders(child: FamilyMember) -> set[int]:
    """Who has parental authority over the child; if none is recorded, every parent in the
    household (minimal data: gezag is recorded only when it matters)."""
    relations = MemberRelation.objects.filter(
        other=child, kind__in=[RelationKind.PARENT_OF, RelationKind.GUARDIAN_OF]
    )
    holders = set(relations.filter(parental_authority=True).values_list("member_id", flat=True))
    if holders or relations.exists():
        return holders
    return set(
        FamilyMember.objects.filter(
            family_id=child.family_id, role=MemberRole.PARENT, deceased=False
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def record_consent(
    family: Family,
    *,
    actor: User,
    values: ConsentValues,
    request: HttpRequest | None = None,
) -> Consent:
    about, given_by = list(values.about), list(values.given_by)
    recipients = list(values.recipients)
    if not about or not given_by or not recipients:
        raise ValidationError(_("Say about whom, by whom and with whom consent is given."))
    if any(m.family_id != family.pk for m in [*about, *given_by]):
        raise ValidationError(_("Only members of this family can be named."))
    consent = Consent(
        family=family,
        recorded_by=actor,
        purpose=values.purpose,
        purpose_detail=values.purpose_detail,
        # Stored as role codes, comma-separated (access/scope.py matches them).
        recipient_roles=",".join(values.recipient_roles),
        data_categories=list(values.data_categories),
        valid_from=values.valid_from or timezone.localdate(),
        valid_until=values.valid_until,
        obtained_how=values.obtained_how,
    )
    consent.full_clean(exclude=["family"])
    check_consent_givers(about, given_by, on=consent.valid_from, country=family.network.country)
    consent.save()
    consent.about.set(about)
    consent.given_by.set(given_by)
    consent.recipient_organisations.set(recipients)
    touch(family)
    audit.record(
        EventType.CREATE,
        "families.consent.create",
        actor=actor,
        request=request,
        family_id=family.pk,
        obj=consent,
        purpose=consent.purpose,
        consent_id=consent.pk,
    )
    return consent


@transaction.atomic
def withdraw_consent(
    consent: Consent,
    *,
    actor: User,
    withdrawn_by: str,
    reason: str,
    request: HttpRequest | None = None,
) -> Consent:
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if not withdrawn_by.strip():
        raise ValidationError({"withdrawn_by": _("Say who withdrew the consent.")})
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = withdrawn_by
    locked.withdrawal_reason = reason
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    touch(locked.family)
    audit.record(
        EventType.UPDATE,
        "families.consent.withdraw",
        actor=actor,
        request=request,
        family_id=locked.family_id,
        obj=locked,
        purpose=locked.purpose,
        consent_id=locked.pk,
    )
    return locked


@transaction.atomic
def add_confidential_section(
    member: FamilyMember,
    *,
    actor: User,
    title: str,
    content: str,
    allowed_roles: list[str],
    allowed_professionals: list[Professional],
    request: HttpRequest | None = None,
) -> ConfidentialSection:
    if not allowed_roles and not allowed_professionals:
        raise ValidationError(_("Name at least one role or professional who may read it."))
    section = ConfidentialSection(
        member=member,
        title=title,
        content=content,
        allowed_roles=allowed_roles,
        created_by=actor,
    )
    section.full_clean(exclude=["member"])
    section.save()
    section.allowed_professionals.set(allowed_professionals)
    touch(member.family)
    audit.record(
        EventType.CREATE,
        "families.confidential.create",
        actor=actor,
        request=request,
        family_id=member.family_id,
        member_id=member.pk,
        obj=section,
    )
    return section
