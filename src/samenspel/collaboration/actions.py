"""Every write of the collaboration app: validated, in one transaction with its access-log
record, side effects (mail) only after commit.

Answers are confidential per person: the access-log records that a response was stored, never
the values, so not even the log can be read back into one person's scores.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.accounts.models import Role
from samenspel.audit.models import EventType
from samenspel.collaboration.models import (
    DELIVERABLES,
    Answer,
    CollaborationPhase,
    ComponentRating,
    ComponentScore,
    Instrument,
    InstrumentItem,
    Invitation,
    ItemKind,
    Level,
    NetworkPhase,
    OutcomeKind,
    PhaseChange,
    PhaseDeliverable,
    RatedBy,
    RatingMoment,
    Response,
    ReviewOutcome,
    ReviewRhythm,
    Round,
    SatisfactionComponent,
)
from samenspel.collaboration.results import freeze_figures

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.network.models import (
        Agreement,
        AgreementVersion,
        Network,
        Organisation,
        ProcessReview,
        Professional,
        Team,
    )
    from samenspel.trajectories.models import Trajectory

PURPOSE = "network collaboration"

# An answer to one item: the score (scale, yes/no as 1/0) and an optional comment.
ItemAnswer = tuple[int | None, str]


def conflict_error() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved a change in the meantime. Reload the page to see it, "
            "then make your change again."
        ),
        code="conflict",
    )


def phase_of(network: Network) -> NetworkPhase:
    return NetworkPhase.objects.get_or_create(network=network)[0]


@transaction.atomic
def change_phase(
    network: Network,
    *,
    phase: str,
    note: str,
    expected_version: int,
    actor: User,
    request: HttpRequest | None = None,
) -> PhaseChange:
    """Move the collaboration to another phase (forwards or back: a network that loses a
    partner may return to agreeing), keeping the history."""
    if phase not in CollaborationPhase.values:
        raise ValidationError(_("Choose one of the phases."))
    current = phase_of(network)
    if current.phase == phase:
        raise ValidationError(_("The collaboration is in this phase already."))
    claimed = NetworkPhase.objects.filter(pk=current.pk, version=expected_version).update(
        phase=phase, version=F("version") + 1
    )
    if not claimed:
        raise conflict_error()
    change = PhaseChange.objects.create(
        network=network, from_phase=current.phase, to_phase=phase, note=note, changed_by=actor
    )
    audit.record(
        EventType.UPDATE,
        "collaboration.phase.change",
        actor=actor,
        request=request,
        obj=change,
        purpose=PURPOSE,
        detail={"network": network.pk, "from": current.phase, "to": phase},
    )
    return change


@transaction.atomic
def link_deliverable(
    network: Network,
    *,
    phase: str,
    agreement: Agreement,
    actor: User,
    request: HttpRequest | None = None,
) -> PhaseDeliverable:
    """Name the agreement in the register that holds a phase's deliverable."""
    if phase not in DELIVERABLES:
        raise ValidationError(_("This phase has no deliverable."))
    if agreement.network_id != network.pk:
        raise ValidationError(_("Choose an agreement of this network."))
    deliverable, _created = PhaseDeliverable.objects.update_or_create(
        network=network,
        phase=phase,
        defaults={"agreement": agreement, "linked_by": actor, "linked_at": timezone.now()},
    )
    audit.record(
        EventType.UPDATE,
        "collaboration.deliverable.link",
        actor=actor,
        request=request,
        obj=deliverable,
        purpose=PURPOSE,
        detail={"network": network.pk, "phase": phase, "agreement": agreement.pk},
    )
    return deliverable


@transaction.atomic
def open_round(
    network: Network,
    *,
    instrument: Instrument,
    title: str,
    deadline: datetime.date,
    organisations: Iterable[Organisation],
    professionals: Iterable[Professional] = (),
    actor: User,
    request: HttpRequest | None = None,
) -> Round:
    """Open a round for the professionals of the chosen organisations in this network (or only
    the chosen professionals among them), and invite them after commit."""
    from samenspel.network.models import Professional

    today = timezone.localdate()
    if not instrument.for_rounds or not instrument.is_current:
        raise ValidationError(_("This instrument cannot be used for a round."))
    if deadline < today:
        raise ValidationError(_("The deadline cannot be in the past."))
    chosen_orgs = {org.pk for org in organisations}
    if not chosen_orgs:
        raise ValidationError(_("Choose at least one organisation."))
    member_orgs = set(network.memberships.values_list("organisation_id", flat=True))
    if not chosen_orgs <= member_orgs:
        raise ValidationError(_("Choose organisations of this network."))
    candidates = Professional.objects.filter(
        assignments__network=network,
        home_organisation_id__in=chosen_orgs,
        user__is_active=True,
    )
    picked = {professional.pk for professional in professionals}
    if picked:
        candidates = candidates.filter(pk__in=picked)
    invitees = list(candidates.only("pk", "home_organisation_id").distinct())
    if picked and len(invitees) != len(picked):
        raise ValidationError(_("Choose professionals of the chosen organisations."))
    if not invitees:
        raise ValidationError(_("Nobody works in this network for the chosen organisations."))
    # A round past its deadline that nobody closed is closed now, so a new one can open.
    Round.objects.filter(
        network=network,
        instrument__code=instrument.code,
        closed_at__isnull=True,
        deadline__lt=today,
    ).update(closed_at=timezone.now())
    new = Round(
        network=network,
        instrument=instrument,
        title=title,
        opens_on=today,
        deadline=deadline,
        opened_by=actor,
    )
    new.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError as error:
        raise ValidationError(
            _("A round of this instrument is still open. Close it before you open a new one.")
        ) from error
    Invitation.objects.bulk_create(
        Invitation(round=new, professional=p, organisation_id=p.home_organisation_id)
        for p in invitees
    )
    audit.record(
        EventType.CREATE,
        "collaboration.round.open",
        actor=actor,
        request=request,
        obj=new,
        purpose=PURPOSE,
        detail={"network": network.pk, "instrument": instrument.code, "invited": len(invitees)},
    )
    from samenspel.collaboration.tasks import send_round_invitations

    round_id = new.pk
    transaction.on_commit(lambda: send_round_invitations.enqueue(round_id))
    return new


@transaction.atomic
def close_round(round_: Round, *, actor: User, request: HttpRequest | None = None) -> Round:
    if round_.closed_at is not None:
        raise ValidationError(_("This round is closed already."))
    round_.closed_at = timezone.now()
    Round.objects.filter(pk=round_.pk).update(closed_at=round_.closed_at)
    # The answers are final now: freeze the figures the results page shows.
    freeze_figures([round_])
    audit.record(
        EventType.UPDATE,
        "collaboration.round.close",
        actor=actor,
        request=request,
        obj=round_,
        purpose=PURPOSE,
    )
    return round_


@transaction.atomic
def remind_round(round_: Round, *, actor: User, request: HttpRequest | None = None) -> int:
    """Remind everyone who has not answered yet. The coordinator learns how many, not who."""
    if not round_.is_open(timezone.localdate()):
        raise ValidationError(_("This round is closed."))
    waiting = Invitation.objects.filter(round=round_, response__isnull=True)
    count = waiting.update(reminded_at=timezone.now())
    audit.record(
        EventType.UPDATE,
        "collaboration.round.remind",
        actor=actor,
        request=request,
        obj=round_,
        purpose=PURPOSE,
        detail={"reminded": count},
    )
    from samenspel.collaboration.tasks import send_round_reminders

    round_id = round_.pk
    transaction.on_commit(lambda: send_round_reminders.enqueue(round_id))
    return count


def _clean_answers(
    items: Iterable[InstrumentItem], answers: Mapping[str, ItemAnswer]
) -> list[tuple[InstrumentItem, int | None, str]]:
    cleaned = []
    for item in items:
        value, text = answers.get(item.code, (None, ""))
        text = (text or "").strip()
        if item.kind == ItemKind.SCALE and value is not None and value not in item.scale_values:
            raise ValidationError(_("%(item)s: choose one of the scores.") % {"item": item.text})
        if item.kind == ItemKind.YES_NO and value not in (None, 0, 1):
            raise ValidationError(_("%(item)s: choose yes or no.") % {"item": item.text})
        if item.kind == ItemKind.TEXT:
            value = None
        if item.required and value is None and not (item.kind == ItemKind.TEXT and text):
            raise ValidationError(
                _("%(item)s: this question needs an answer.") % {"item": item.text}
            )
        if value is not None or text:
            cleaned.append((item, value, text))
    return cleaned


@transaction.atomic
def submit_response(
    invitation: Invitation,
    *,
    answers: Mapping[str, ItemAnswer],
    expected_version: int | None,
    actor: User,
    request: HttpRequest | None = None,
) -> Response:
    """Store one person's answers to a round; a second submit replaces them. `expected_version`
    is the version the form was opened at (None: no answer yet), so two tabs or a stale form
    cannot silently overwrite a later answer."""
    round_ = invitation.round
    if invitation.professional.user_id != actor.pk:
        raise ValidationError(_("Only the invited person can answer."))
    if not round_.is_open(timezone.localdate()):
        raise ValidationError(_("This round is closed; answers can no longer be changed."))
    cleaned = _clean_answers(round_.instrument.items.all(), answers)
    if expected_version is None:
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    round=round_, invitation=invitation, organisation_id=invitation.organisation_id
                )
        except IntegrityError as error:  # answered meanwhile in another tab
            raise conflict_error() from error
        event = EventType.CREATE
    else:
        claimed = Response.objects.filter(invitation=invitation, version=expected_version).update(
            version=F("version") + 1, submitted_at=timezone.now()
        )
        if not claimed:
            raise conflict_error()
        response = Response.objects.get(invitation=invitation)
        response.answers.all().delete()
        event = EventType.UPDATE
    Answer.objects.bulk_create(
        Answer(
            response=response,
            round=round_,
            organisation_id=response.organisation_id,
            item=item,
            value=value,
            text=text,
        )
        for item, value, text in cleaned
    )
    audit.record(
        event,
        "collaboration.response.submit",
        actor=actor,
        request=request,
        obj=round_,
        purpose=PURPOSE,
    )
    return response


@transaction.atomic
def record_component_rating(
    trajectory: Trajectory,
    *,
    moment: str,
    rated_by: str,
    scores: Mapping[str, ItemAnswer],
    actor: User,
    instrument: Instrument | None = None,
    request: HttpRequest | None = None,
) -> ComponentRating | None:
    """The family's rating of the twelve components (seed 004). Every component is optional;
    an empty form stores nothing (skipping is a choice, not an error). A family portal calls
    this with `rated_by=RatedBy.FAMILY`; the caller checks access to the trajectory first."""
    if moment not in RatingMoment.values or rated_by not in RatedBy.values:
        raise ValidationError(_("Choose when and by whom the rating was made."))
    if instrument is None:
        code = (
            "twaalf-componenten-gezin"
            if rated_by in (RatedBy.FAMILY, RatedBy.WITH_FAMILY)
            else "twaalf-componenten-professional"
        )
        instrument = Instrument.objects.filter(code=code, is_current=True).first()
    if instrument is None or instrument.level not in (Level.FAMILY, Level.TRAJECTORY):
        raise ValidationError(_("The twelve components are not loaded in this deployment."))
    items = list(instrument.items.all())
    for item in items:
        item.required = False  # the family rates only what applies
    cleaned = [(i, v, t) for i, v, t in _clean_answers(items, scores) if v is not None]
    if not cleaned:
        return None
    team = _team_of(actor, trajectory.network_id)
    rating = ComponentRating.objects.create(
        trajectory=trajectory,
        network_id=trajectory.network_id,
        team=team,
        instrument=instrument,
        moment=moment,
        rated_by=rated_by,
        recorded_by=actor,
    )
    ComponentScore.objects.bulk_create(
        ComponentScore(
            rating=rating, network_id=trajectory.network_id, item=item, value=value, comment=text
        )
        for item, value, text in cleaned
    )
    audit.record(
        EventType.CREATE,
        "collaboration.components.rate",
        actor=actor,
        request=request,
        family_id=trajectory.family_id,
        obj=rating,
        purpose="evaluation with the family",
        detail={"components": len(cleaned), "moment": moment},
    )
    return rating


def _team_of(user: User, network_id: int) -> Team | None:
    from samenspel.network.models import Team as TeamModel

    return (
        TeamModel.objects.filter(network_id=network_id, members__user=user).order_by("pk").first()
    )


@transaction.atomic
def set_review_rhythm(
    network: Network,
    *,
    interval_days: int,
    next_on: datetime.date,
    actor: User,
    request: HttpRequest | None = None,
) -> ReviewRhythm:
    if not 7 <= interval_days <= 120:
        raise ValidationError(_("Choose a rhythm between 7 and 120 days."))
    rhythm, _created = ReviewRhythm.objects.update_or_create(
        network=network, defaults={"interval_days": interval_days, "next_on": next_on}
    )
    audit.record(
        EventType.UPDATE,
        "collaboration.rhythm.set",
        actor=actor,
        request=request,
        obj=rhythm,
        purpose=PURPOSE,
        detail={"interval_days": interval_days, "next_on": next_on.isoformat()},
    )
    return rhythm


@transaction.atomic
def record_review_outcome(
    review: ProcessReview,
    *,
    kind: str,
    agreement_version: AgreementVersion | None = None,
    lesson_url: str = "",
    reason: str = "",
    actor: User,
    request: HttpRequest | None = None,
) -> ReviewOutcome:
    """How a process review ended; moves the network's rhythm on to the next date."""
    if kind == OutcomeKind.AGREEMENT and (
        agreement_version is None or agreement_version.agreement.network_id != review.network_id
    ):
        raise ValidationError(_("Choose the agreement version of this network that changed."))
    if kind == OutcomeKind.LESSON and not lesson_url.strip():
        raise ValidationError(_("Give the address of the lesson in the knowledge hub."))
    if kind == OutcomeKind.NO_CHANGE and not reason.strip():
        raise ValidationError(_("Say why nothing changes."))
    if ReviewOutcome.objects.filter(review=review).exists():
        raise ValidationError(_("This review has an outcome already."))
    outcome = ReviewOutcome.objects.create(
        review=review,
        kind=kind,
        agreement_version=agreement_version if kind == OutcomeKind.AGREEMENT else None,
        lesson_url=lesson_url.strip() if kind == OutcomeKind.LESSON else "",
        reason=reason.strip(),
        recorded_by=actor,
    )
    rhythm = ReviewRhythm.objects.filter(network_id=review.network_id).first()
    if rhythm is not None and rhythm.next_on <= review.held_on + datetime.timedelta(days=7):
        rhythm.next_on = rhythm.after(review.held_on)
        rhythm.save(update_fields=["next_on"])
    audit.record(
        EventType.CREATE,
        "collaboration.review.outcome",
        actor=actor,
        request=request,
        obj=outcome,
        purpose=PURPOSE,
        detail={"review": review.pk, "kind": kind},
    )
    return outcome


@transaction.atomic
def map_satisfaction(
    network: Network, *, codes: Iterable[str], actor: User, request: HttpRequest | None = None
) -> list[str]:
    """Choose the components of the twelve (family version) that count for Jeugdwet
    indicator 2 in this network; an empty choice stops the figure. Only the network
    coordinator decides this."""
    if not actor.has_role_in_network(Role.NETWORK_COORDINATOR, network.pk):
        raise PermissionDenied
    known = set(
        InstrumentItem.objects.filter(
            instrument__code="twaalf-componenten-gezin", instrument__is_current=True
        ).values_list("code", flat=True)
    )
    chosen = sorted(set(codes))
    if not set(chosen) <= known:
        raise ValidationError(_("Choose components of the twelve."))
    SatisfactionComponent.objects.filter(network=network).exclude(code__in=chosen).delete()
    SatisfactionComponent.objects.bulk_create(
        [SatisfactionComponent(network=network, code=code) for code in chosen],
        ignore_conflicts=True,
    )
    audit.record(
        EventType.UPDATE,
        "collaboration.satisfaction.map",
        actor=actor,
        request=request,
        obj=network,
        purpose=PURPOSE,
        detail={"components": chosen},
    )
    return chosen
