"""The family portal's writes: a family member's own words, each with its access-log event in
the same transaction (`actor=` the family member's login; the purpose is the policy's ground).

Messages are in B1 (short sentences, no jargon): they are read by the family on a phone.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.families.actions import authority_holders
from samenspel.families.models import (
    Consent,
    FamilyMember,
    MemberRole,
    ObtainedHow,
    Purpose,
    required_consenters,
)
from samenspel.plans import actions as plan_actions
from samenspel.plans.models import AssentMethod, Goal, PlanAssent, PlanVersion, VersionStatus
from samenspel.portal.actions.drafts import check_own_family, record_family_write
from samenspel.portal.models import (
    ConsentConfirmation,
    ConsentDraft,
    EvaluationAnswer,
    FamilyMessage,
    FamilyView,
    GoalProposal,
    Stance,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.families.models import Family
    from samenspel.network.models import Organisation
    from samenspel.plans.draft_values import GoalValues
    from samenspel.trajectories.models import Trajectory

WORDS_MAX = 2000


class ViewChangedError(Exception):
    """Someone saved this view after it was opened (another phone, another tab)."""

    def __init__(self, current: FamilyView) -> None:
        super().__init__(current.pk)
        self.current = current


def _check_words(words: str, reason: str, stance: str) -> None:
    errors: dict[str, str] = {}
    if stance not in Stance.values:
        errors["stance"] = _("Choose one answer.")
    if stance == Stance.DISAGREE and not reason.strip():
        errors["reason"] = _("Write why you do not agree. Then the team knows what to change.")
    if len(words) > WORDS_MAX or len(reason) > WORDS_MAX:
        errors["words"] = _("Your text is too long. Keep it shorter, please.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_view(
    version: PlanVersion,
    *,
    member: FamilyMember,
    goal_key: uuid.UUID | None,
    words: str,
    stance: str,
    reason: str,
    team_only: bool,
    expected_revision: int | None,
    actor: User,
    request: HttpRequest | None = None,
    draft_key: str = "",
) -> FamilyView:
    """Keep what `member` thinks of `version` (or of its goal `goal_key`) in their words.

    A second save of the same view must name the revision it was opened with; if someone else
    saved meanwhile, `ViewChangedError` carries their words (nothing is overwritten). Agreeing
    with an agreed version as a whole also records the agreement (plans.PlanAssent); once
    agreed, a "no" is refused: the agreement stays, so the member talks to the coordinator.
    """
    words, reason = words.strip(), reason.strip()
    _check_words(words, reason, stance)
    if stance != Stance.DISAGREE:
        reason = reason if stance == Stance.UNSURE else ""
    family_id = version.plan.trajectory.family_id
    check_own_family(member, family_id)
    agreed = PlanAssent.objects.filter(version=version, member=member).exists()
    if goal_key is None and stance == Stance.DISAGREE and agreed:
        raise ValidationError(
            {
                "stance": _(
                    "You already agreed with this plan. Has that changed? Tell your coordinator."
                )
            }
        )
    now = timezone.now()
    rows = FamilyView.objects.select_for_update().filter(
        version=version, member=member, goal_key=goal_key
    )
    current = rows.first()
    if current is None:
        view = FamilyView(
            version=version,
            member=member,
            goal_key=goal_key,
            words=words,
            stance=stance,
            reason=reason,
            team_only=team_only,
            written_by=actor,
            written_at=now,
        )
        try:
            with transaction.atomic():
                view.save()
        except IntegrityError:
            # Saved at the same moment from another phone: show theirs, keep ours in the form.
            raise ViewChangedError(rows.get()) from None
        event = EventType.CREATE
    else:
        if expected_revision is not None and current.revision != expected_revision:
            raise ViewChangedError(current)
        current.words, current.stance, current.reason = words, stance, reason
        current.team_only = team_only
        current.revision += 1
        current.written_by, current.written_at = actor, now
        current.save()
        view, event = current, EventType.UPDATE
    record_family_write(
        event,
        "portal.view.save",
        obj=view,
        family_id=family_id,
        actor=actor,
        request=request,
        member=member,
        draft_key=draft_key,
        detail={"goal": bool(goal_key), "stance": stance},
    )
    if (
        goal_key is None
        and stance == Stance.AGREE
        and not agreed
        and version.status == VersionStatus.AGREED
    ):
        plan_actions.record_member_agreement(
            version,
            member=member,
            method=AssentMethod.PORTAL,
            agreed_on=timezone.localdate(),
            actor=actor,
            request=request,
        )
    return view


@transaction.atomic
def propose_goal(
    trajectory: Trajectory,
    *,
    member: FamilyMember,
    words: str,
    why: str,
    actor: User,
    request: HttpRequest | None = None,
    draft_key: str = "",
) -> GoalProposal:
    """A goal in the member's own words, for the team to make into a goal with them."""
    words, why = words.strip(), why.strip()
    if not words:
        raise ValidationError({"words": _("Write your goal. One short sentence is enough.")})
    if len(words) > 300:
        raise ValidationError({"words": _("Your goal is too long. Keep it to one sentence.")})
    check_own_family(member, trajectory.family_id)
    proposal = GoalProposal.objects.create(
        trajectory=trajectory, member=member, words=words, why=why, proposed_by=actor
    )
    record_family_write(
        EventType.CREATE,
        "portal.goal_proposal.create",
        obj=proposal,
        family_id=trajectory.family_id,
        actor=actor,
        request=request,
        member=member,
        draft_key=draft_key,
    )
    return proposal


@transaction.atomic
def adopt_proposal(
    proposal: GoalProposal,
    values: GoalValues,
    *,
    version: PlanVersion,
    actor: User,
    request: HttpRequest | None = None,
) -> Goal:
    """The team makes a proposed goal into a GAS goal of the draft (`values`: the goal as
    the team wrote it). The proposal keeps its words and points at the goal; a proposal is
    adopted once."""
    locked = GoalProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.goal_key is not None:
        raise ValidationError(_("This goal has already been added to the plan."))
    goal = plan_actions.save_draft_item(
        Goal(), values, version=version, expected_revision=None, actor=actor, request=request
    )
    locked.goal_key, locked.adopted_by, locked.adopted_at = goal.key, actor, timezone.now()
    locked.save(update_fields=["goal_key", "adopted_by", "adopted_at"])
    audit.record(
        EventType.UPDATE,
        "portal.goal_proposal.adopt",
        actor=actor,
        request=request,
        family_id=locked.trajectory.family_id,
        obj=locked,
    )
    return goal


# --- Consent in the portal (issue 17, point 4) -------------------------------------------

CONSENT_MAX_DAYS = 2 * 365


def may_consent_for(member: FamilyMember, other: FamilyMember, *, on: datetime.date) -> bool:
    """Is `member` one of the people who give consent about `other` on `on` (the age rules,
    Jeugdwet 7.3.4; Flanders: a minor from 12 decides alone)?"""
    if other.pk == member.pk:
        age = other.age_on(on)
        return other.role != MemberRole.CHILD or (age is not None and age >= 12)
    if other.role != MemberRole.CHILD:
        return False
    age = other.age_on(on)
    if age is None:
        return False
    rule = required_consenters(age, country=other.family.network.country)
    return rule.parents and member.pk in authority_holders(other)


@transaction.atomic
def start_consent(
    family: Family,
    *,
    member: FamilyMember,
    organisations: list[Organisation],
    categories: list[str],
    about: list[FamilyMember],
    valid_until: datetime.date,
    actor: User,
    request: HttpRequest | None = None,
) -> ConsentDraft:
    """A family member gives consent; it counts once everyone the age rules name said yes."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if not organisations:
        errors["organisations"] = _("Choose who may see it.")
    if not categories:
        errors["categories"] = _("Choose what they may see.")
    if not about:
        errors["about"] = _("Choose about whom.")
    elif any(m.family_id != family.pk or not may_consent_for(member, m, on=today) for m in about):
        errors["about"] = _("You cannot give consent about this person.")
    if valid_until <= today or valid_until > today + datetime.timedelta(days=CONSENT_MAX_DAYS):
        errors["valid_until"] = _("Choose a date from tomorrow to at most two years from now.")
    if errors:
        raise ValidationError(errors)
    draft = ConsentDraft.objects.create(
        family=family, categories=categories, valid_until=valid_until, started_by=member
    )
    draft.organisations.set(organisations)
    draft.about.set(about)
    ConsentConfirmation.objects.create(draft=draft, member=member, user=actor)
    record_family_write(
        EventType.CREATE,
        "portal.consent.start",
        obj=draft,
        family_id=family.pk,
        actor=actor,
        request=request,
    )
    _record_when_complete(draft, actor=actor, request=request)
    return draft


def still_needed(draft: ConsentDraft) -> str:
    """Who must still say yes, in words ("" when nobody)."""
    from samenspel.families.actions import check_consent_givers

    givers = [c.member for c in draft.confirmations.select_related("member")]
    try:
        check_consent_givers(
            list(draft.about.all()),
            givers,
            on=timezone.localdate(),
            country=draft.family.network.country,
        )
    except ValidationError as missing:
        return " ".join(missing.messages)
    return ""


@transaction.atomic
def confirm_consent(
    draft: ConsentDraft, *, member: FamilyMember, actor: User, request: HttpRequest | None = None
) -> ConsentDraft:
    locked = ConsentDraft.objects.select_for_update().get(pk=draft.pk)
    if locked.consent_id is not None:
        raise ValidationError(_("This consent is already complete."))
    today = timezone.localdate()
    if not any(may_consent_for(member, other, on=today) for other in locked.about.all()):
        raise ValidationError(_("You do not need to give this consent."))
    if locked.confirmations.filter(member=member).exists():
        raise ValidationError(_("You already gave this consent."))
    ConsentConfirmation.objects.create(draft=locked, member=member, user=actor)
    record_family_write(
        EventType.UPDATE,
        "portal.consent.confirm",
        obj=locked,
        family_id=locked.family_id,
        actor=actor,
        request=request,
    )
    _record_when_complete(locked, actor=actor, request=request)
    return locked


def _record_when_complete(draft: ConsentDraft, *, actor: User, request: HttpRequest | None) -> None:
    from samenspel.families.actions import ConsentValues, record_consent

    if still_needed(draft):
        return
    consent = record_consent(
        draft.family,
        actor=actor,
        values=ConsentValues(
            about=list(draft.about.all()),
            given_by=[c.member for c in draft.confirmations.select_related("member")],
            recipients=list(draft.organisations.all()),
            purpose=Purpose.TEAM_COLLABORATION,
            purpose_detail=str(_("Given in the family portal")),
            data_categories=list(draft.categories),
            valid_from=timezone.localdate(),
            valid_until=draft.valid_until,
            obtained_how=ObtainedHow.WRITTEN,
        ),
        request=request,
    )
    draft.consent = consent
    draft.save(update_fields=["consent"])


def may_withdraw(consent: Consent, member: FamilyMember) -> bool:
    """A member withdraws a consent they gave, or one about themselves (they have a login,
    so they are 12 or older)."""
    return (
        consent.given_by.filter(pk=member.pk).exists()
        or consent.about.filter(pk=member.pk).exists()
    )


def withdraw_own_consent(
    consent: Consent,
    *,
    member: FamilyMember,
    reason: str,
    actor: User,
    request: HttpRequest | None = None,
) -> Consent:
    """Withdrawal takes effect at once (the policy reads it on the next page) and is logged
    (families.actions.withdraw_consent writes the access event)."""
    from samenspel.families.actions import withdraw_consent

    if not may_withdraw(consent, member):
        raise ValidationError(
            _("Only someone who gave this consent, or whom it is about, can withdraw it.")
        )
    return withdraw_consent(
        consent, actor=actor, withdrawn_by=str(member), reason=reason.strip(), request=request
    )


# --- Answers before an evaluation (issue 17, point 5) ------------------------------------

FEELINGS = range(1, 6)


@transaction.atomic
def answer_evaluation(
    trajectory: Trajectory,
    *,
    version: PlanVersion,
    member: FamilyMember,
    goals: dict[str, tuple[int | None, str]],
    satisfaction: int,
    goes_well: str,
    must_change: str,
    actor: User,
    request: HttpRequest | None = None,
    draft_key: str = "",
) -> EvaluationAnswer:
    """Keep a member's answers for the coming evaluation (a second save replaces their own
    answers of this round: they are one person's, on one phone at a time)."""
    from samenspel.plans.models import Evaluation

    check_own_family(member, trajectory.family_id)
    if satisfaction not in FEELINGS:
        raise ValidationError({"satisfaction": _("Choose one answer.")})
    stored = {
        key: {"feeling": feeling, "words": words.strip()}
        for key, (feeling, words) in goals.items()
        if feeling in FEELINGS or words.strip()
    }
    round_ = Evaluation.objects.filter(trajectory=trajectory).count()
    answer, created = EvaluationAnswer.objects.select_for_update().get_or_create(
        trajectory=trajectory,
        member=member,
        round=round_,
        defaults={"version": version, "satisfaction": satisfaction, "answered_by": actor},
    )
    answer.version, answer.goals, answer.satisfaction = version, stored, satisfaction
    answer.goes_well, answer.must_change = goes_well.strip(), must_change.strip()
    answer.answered_by, answer.answered_at = actor, timezone.now()
    if not created:
        answer.revision += 1
    answer.save()
    record_family_write(
        EventType.CREATE if created else EventType.UPDATE,
        "portal.evaluation_answer.save",
        obj=answer,
        family_id=trajectory.family_id,
        actor=actor,
        request=request,
        member=member,
        draft_key=draft_key,
    )
    return answer


# --- Messages to the coordinator (issue 17, point 6) -------------------------------------

MESSAGE_MAX = 1000


@transaction.atomic
def send_message(
    trajectory: Trajectory,
    *,
    member: FamilyMember,
    text: str,
    actor: User,
    request: HttpRequest | None = None,
    draft_key: str = "",
) -> FamilyMessage:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your message first.")})
    if len(text) > MESSAGE_MAX:
        raise ValidationError({"text": _("Your message is too long. Keep it short, please.")})
    check_own_family(member, trajectory.family_id)
    message = FamilyMessage.objects.create(
        trajectory=trajectory, member=member, text=text, sent_by=actor
    )
    record_family_write(
        EventType.CREATE,
        "portal.message.send",
        obj=message,
        family_id=trajectory.family_id,
        actor=actor,
        request=request,
        member=member,
        draft_key=draft_key,
    )
    return message
