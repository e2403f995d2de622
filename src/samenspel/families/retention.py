"""Retention (bewaartermijn) and the family's right to erasure.

- `retain_until(family)`: NL youth-care files 20 years after the last change (Jeugdwet
  7.3.8); Flemish files until the youngest member turns 35; a network's `RetentionRule`
  overrides either. Moved by every change to anything of the file, in whichever app: each
  change records an access event with the family's id, and `audit.record` calls
  `note_change` for it (`FamiliesConfig.ready`), in the change's transaction.
- `review_retention` (a `django.tasks` task, run daily by the scheduler of the deployment:
  `samenspel manage review_retention`): recomputes the dates, lists the files that are due
  (ids, logged) and clears Verwijsindex flags older than two years.
- Destruction needs a ground in the policy (`access.policy.destruction_ground`: the file's
  coordinator, the network's security officer, or a network coordinator once the period has
  ended), a recorded request when the family asked (who, when, how), and two people:
  `propose_destruction` by one, `confirm_destruction` by another, which removes every row
  about the family irreversibly, keeps a `DestructionRecord` with anonymous counts, and logs
  the decision. The access log keeps only ids, so it reads the same afterwards.
  `refuse_destruction` records a refused request.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.families.models import (
        DestructionProposal,
        DestructionRecord,
        Family,
        RetentionRule,
    )
    from samenspel.network.models import Network

DEFAULTS = {"NL": ("after_last_change", 20), "BE": ("youngest_reaches_age", 35)}
VERWIJSINDEX_YEARS = 2


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


def rule_for(family: Family) -> tuple[str, int]:
    return rule_of_network(family.network)


def rule_of_network(network: Network) -> tuple[str, int]:
    """(basis, years) of the network's own rule, else its country's default."""
    from samenspel.families.models import RetentionRule

    try:
        rule = network.retention_rule
    except RetentionRule.DoesNotExist:
        return DEFAULTS.get(network.country, DEFAULTS["NL"])
    return rule.basis, rule.years


def retain_until(family: Family) -> datetime.date:
    """The day until which this file must be kept."""
    basis, years = rule_for(family)
    last_change = timezone.localdate(family.changed_at)
    if basis == "youngest_reaches_age":
        births = [
            born
            for born in family.members.values_list("date_of_birth", flat=True)
            if born is not None
        ]
        if births:
            # Never earlier than the last change: a file is not due the day it is written.
            return max(_add_years(max(births), years), last_change)
        # Nobody's age known: fall back on the Dutch rule rather than keep forever.
        return _add_years(last_change, DEFAULTS["NL"][1])
    return _add_years(last_change, years)


# Changes that are decisions about the file's keeping, not changes to what it holds: they
# must not restart the period they decide on.
NOT_A_CHANGE = frozenset(
    {
        "families.family.destruction_proposed",
        "families.family.destruction_cancelled",
        "families.family.destruction_refused",
        "families.family.destroy",
        "access.break_glass.review",
    }
)


def note_change(family_id: int, when: datetime.datetime, action: str) -> None:
    """Move the file's retention clock: `changed_at` to `when` and the keeping date with it
    (called by `audit.record` for every change event about the family, in its transaction).
    A file destroyed meanwhile has no row left: nothing to move."""
    from samenspel.families.models import Family

    if action in NOT_A_CHANGE:
        return
    family = Family.objects.select_related("network__retention_rule").filter(pk=family_id).first()
    if family is None or family.changed_at >= when:
        return
    family.changed_at = when
    family.retain_until = retain_until(family)
    Family.objects.filter(pk=family_id).update(changed_at=when, retain_until=family.retain_until)


@transaction.atomic
def set_retention_rule(
    network: Network,
    *,
    actor: User,
    basis: str,
    years: int,
    request: HttpRequest | None = None,
) -> RetentionRule:
    """Set a network's own retention rule; every file's date is recomputed afterwards."""
    from samenspel.families.models import RetentionRule

    rule = RetentionRule.objects.filter(network=network).first() or RetentionRule(network=network)
    rule.basis, rule.years = basis, years
    rule.full_clean()
    rule.save()
    audit.record(
        EventType.UPDATE,
        "families.retention_rule.update",
        actor=actor,
        request=request,
        obj=rule,
        purpose="retention",
        detail={"network": network.pk, "basis": basis, "years": years},
    )
    transaction.on_commit(review_retention.enqueue)
    return rule


@task
def review_retention() -> list[int]:
    """Recompute every retention date and list the files due for review today (ids only)."""
    from samenspel.families.models import Family

    today = timezone.localdate()
    for family in Family.objects.select_related("network").iterator(chunk_size=500):
        date = retain_until(family)
        if date != family.retain_until:
            Family.objects.filter(pk=family.pk).update(retain_until=date)
    # A Verwijsindex-style signal is kept at most two years (DOMAIN.md §6).
    from samenspel.families.models import Registration

    expired_signals = Registration.objects.filter(
        verwijsindex_flagged_on__lt=_add_years(today, -VERWIJSINDEX_YEARS)
    ).update(verwijsindex_flagged_on=None, verwijsindex_flagged_by=None)
    due = list(Family.objects.due_for_review(today).values_list("pk", flat=True))
    audit.record(
        EventType.READ,
        "families.retention.review",
        actor=None,
        user_label="system: retention review",
        purpose="retention",
        detail={"due": len(due), "signals_removed": expired_signals},
    )
    return due


def _check_request(
    kind: str, requested_by: str, requested_on: datetime.date | None, requested_how: str
) -> None:
    """A destruction or refusal "at the family's request" names the request: who in the
    family asked (their place, no name), when and how."""
    if kind != "request":
        return
    errors: dict[str, str] = {}
    if not requested_by.strip():
        errors["requested_by"] = _("Write down who in the family asked, e.g. mother.")
    if requested_on is None:
        errors["requested_on"] = _("Write down when the family asked.")
    elif requested_on > timezone.localdate():
        errors["requested_on"] = _("The date of the request cannot be in the future.")
    if not requested_how:
        errors["requested_how"] = _("Choose how the family asked.")
    if errors:
        raise ValidationError(errors)


def _require_ground(actor: User, family: Family, kind: str) -> str:
    from samenspel.access.policy import destruction_ground

    ground = destruction_ground(actor, family, kind=kind)
    if not ground:
        raise PermissionDenied
    return ground


def _check_period(family: Family, kind: str) -> None:
    if kind == "retention" and (family.retain_until or datetime.date.max) > timezone.localdate():
        raise ValidationError(_("The retention period of this file has not ended yet."))


@transaction.atomic
def propose_destruction(
    family: Family,
    *,
    actor: User,
    kind: str,
    grounds: str,
    requested_by: str = "",
    requested_on: datetime.date | None = None,
    requested_how: str = "",
    request: HttpRequest | None = None,
) -> DestructionProposal:
    """The first of two people proposes destroying the file; nothing is removed yet."""
    from samenspel.families.models import DestructionProposal, Family

    locked = Family.objects.select_for_update().select_related("network").get(pk=family.pk)
    ground = _require_ground(actor, locked, kind)
    if not grounds.strip():
        raise ValidationError({"grounds": _("Write down the grounds for this decision.")})
    _check_request(kind, requested_by, requested_on, requested_how)
    _check_period(locked, kind)
    if DestructionProposal.objects.filter(family=locked).exists():
        raise ValidationError(_("A destruction of this file is already waiting for confirmation."))
    proposal = DestructionProposal.objects.create(
        family=locked,
        kind=kind,
        grounds=grounds,
        requested_by=requested_by.strip() if kind == "request" else "",
        requested_on=requested_on if kind == "request" else None,
        requested_how=requested_how if kind == "request" else "",
        proposed_by=actor,
    )
    audit.record(
        EventType.UPDATE,
        "families.family.destruction_proposed",
        actor=actor,
        request=request,
        family_id=locked.pk,
        obj=proposal,
        purpose=ground,
        reason=grounds,
        detail={"kind": kind},
    )
    return proposal


@transaction.atomic
def cancel_destruction_proposal(
    proposal: DestructionProposal, *, actor: User, request: HttpRequest | None = None
) -> None:
    """Withdraw a proposal (its proposer) or turn it down (the second person)."""
    from samenspel.families.models import DestructionProposal

    locked = (
        DestructionProposal.objects.select_for_update()
        .select_related("family__network")
        .filter(pk=proposal.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This proposal has already been dealt with."))
    ground = _require_ground(actor, locked.family, locked.kind)
    family_id = locked.family_id
    locked.delete()
    audit.record(
        EventType.UPDATE,
        "families.family.destruction_cancelled",
        actor=actor,
        request=request,
        family_id=family_id,
        purpose=ground,
        detail={"kind": locked.kind},
    )


@transaction.atomic
def confirm_destruction(
    proposal: DestructionProposal, *, actor: User, request: HttpRequest | None = None
) -> DestructionRecord:
    """The second person confirms: the file is destroyed irreversibly. Only counts, dates,
    the two people and the request's who/when/how survive (anonymous statistics)."""
    from samenspel.families.models import (
        DestructionDecision,
        DestructionProposal,
        DestructionRecord,
        Family,
    )

    locked = Family.objects.select_for_update().select_related("network").get(pk=proposal.family_id)
    current = DestructionProposal.objects.filter(pk=proposal.pk, family=locked).first()
    if current is None:
        raise ValidationError(_("This proposal has already been dealt with."))
    ground = _require_ground(actor, locked, current.kind)
    if current.proposed_by_id == actor.pk:
        raise ValidationError(
            _("Someone else must confirm: destruction always needs a second person.")
        )
    _check_period(locked, current.kind)
    record = DestructionRecord.objects.create(
        network_id=locked.network_id,
        family_ref=locked.pk,
        kind=current.kind,
        decision=DestructionDecision.DESTROYED,
        grounds=current.grounds,
        decided_by=actor,
        proposed_by_id=current.proposed_by_id,
        requested_by=current.requested_by,
        requested_on=current.requested_on,
        requested_how=current.requested_how,
        registered_year=locked.created_at.year,
        member_count=locked.members.count(),
        trajectory_count=locked.trajectories.count(),
    )
    family_id = locked.pk
    _delete_everything(locked)
    audit.record(
        EventType.DELETE,
        "families.family.destroy",
        actor=actor,
        request=request,
        family_id=family_id,
        obj=record,
        purpose=ground,
        reason=current.grounds,
        detail={"kind": current.kind, "proposed_by": current.proposed_by_id},
    )
    return record


def _delete_everything(family: Family) -> None:
    """Delete the family and everything that hangs off it, in whichever app.

    Other apps protect what they hold about a family (trajectories, agreed plan versions,
    scores) so that nothing disappears by accident; a destruction is the one deliberate
    exception. Protected rows are deleted first, recursively, with queryset deletes (which
    skip the models' own refusals to delete, e.g. of an agreed plan version). Family
    members' logins are kept but emptied of personal data: the access log refers to them.
    """
    from samenspel.families.models import FamilyMember

    for member in FamilyMember.objects.filter(family=family, user__isnull=False).select_related(
        "user"
    ):
        _anonymise_login(member.user)  # type: ignore[arg-type]
    _force_delete(type(family)._base_manager.filter(pk=family.pk))


def _force_delete(queryset: Any, depth: int = 0) -> None:
    if depth > 25:  # a cycle of protections would be a bug elsewhere; fail loudly
        raise RuntimeError("destruction: protections nest too deep")
    while True:
        try:
            queryset.delete()
        except ProtectedError as error:
            blockers = error.protected_objects
        except RestrictedError as error:
            blockers = error.restricted_objects
        else:
            return
        by_model: dict[Any, set[Any]] = {}
        for blocker in blockers:
            by_model.setdefault(type(blocker), set()).add(blocker.pk)
        for model, pks in by_model.items():
            _force_delete(model._base_manager.filter(pk__in=pks), depth + 1)


def _anonymise_login(user: User) -> None:
    from samenspel.accounts.models import Role

    if user.roles - {Role.FAMILY_MEMBER}:
        return  # a professional who is also a family member keeps their working login
    user.full_name = ""
    user.email = f"verwijderd-{user.pk}@invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["full_name", "email", "is_active", "password"])
    # allauth keeps the address in its own table too.
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).delete()


@transaction.atomic
def refuse_destruction(
    family: Family,
    *,
    actor: User,
    grounds: str,
    requested_by: str = "",
    requested_on: datetime.date | None = None,
    requested_how: str = "",
    request: HttpRequest | None = None,
) -> DestructionRecord:
    """Record a refused request for destruction (e.g. a child-protection file that must be
    kept longer), with its grounds. One person may refuse: nothing is lost by it."""
    from samenspel.families.models import DestructionDecision, DestructionKind, DestructionRecord

    ground = _require_ground(actor, family, DestructionKind.REQUEST)
    if not grounds.strip():
        raise ValidationError({"grounds": _("Write down the grounds for this decision.")})
    _check_request(DestructionKind.REQUEST, requested_by, requested_on, requested_how)
    record = DestructionRecord.objects.create(
        network_id=family.network_id,
        family_ref=family.pk,
        kind=DestructionKind.REQUEST,
        decision=DestructionDecision.REFUSED,
        grounds=grounds,
        decided_by=actor,
        requested_by=requested_by.strip(),
        requested_on=requested_on,
        requested_how=requested_how,
        registered_year=family.created_at.year,
        member_count=family.members.count(),
        trajectory_count=family.trajectories.count(),
    )
    audit.record(
        EventType.UPDATE,
        "families.family.destruction_refused",
        actor=actor,
        request=request,
        family_id=family.pk,
        obj=record,
        purpose=ground,
        reason=grounds,
    )
    return record
