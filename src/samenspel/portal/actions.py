"""The family portal's writes: a family member's own words, each with its access-log event in
the same transaction (`actor=` the family member's login; the purpose is the policy's ground).

Messages are in B1 (short sentences, no jargon): they are read by the family on a phone.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.plans import actions as plan_actions
from samenspel.plans.models import Agreement, AgreementMethod, PlanVersion, VersionStatus
from samenspel.portal.models import FamilyView, GoalProposal, Stance

if TYPE_CHECKING:
    from django.forms import ModelForm
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.families.models import FamilyMember
    from samenspel.plans.models import Goal
    from samenspel.trajectories.models import Trajectory

FAMILY_GROUND = "family_member"
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
) -> FamilyView:
    """Keep what `member` thinks of `version` (or of its goal `goal_key`) in their words.

    A second save of the same view must name the revision it was opened with; if someone else
    saved meanwhile, `ViewChangedError` carries their words (nothing is overwritten). Agreeing
    with an agreed version as a whole also records the agreement (plans.Agreement); once
    agreed, a "no" is refused: the agreement stays, so the member talks to the coordinator.
    """
    words, reason = words.strip(), reason.strip()
    _check_words(words, reason, stance)
    if stance != Stance.DISAGREE:
        reason = reason if stance == Stance.UNSURE else ""
    family_id = version.plan.trajectory.family_id
    if member.family_id != family_id:
        raise ValidationError(_("You can only write about your own family's plan."))
    agreed = Agreement.objects.filter(version=version, member=member).exists()
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
    audit.record(
        event,
        "portal.view.save",
        actor=actor,
        request=request,
        family_id=family_id,
        obj=view,
        purpose=FAMILY_GROUND,
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
            method=AgreementMethod.PORTAL,
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
) -> GoalProposal:
    """A goal in the member's own words, for the team to make into a goal with them."""
    words, why = words.strip(), why.strip()
    if not words:
        raise ValidationError({"words": _("Write your goal. One short sentence is enough.")})
    if len(words) > 300:
        raise ValidationError({"words": _("Your goal is too long. Keep it to one sentence.")})
    if member.family_id != trajectory.family_id:
        raise ValidationError(_("You can only write about your own family's plan."))
    proposal = GoalProposal.objects.create(
        trajectory=trajectory, member=member, words=words, why=why, proposed_by=actor
    )
    audit.record(
        EventType.CREATE,
        "portal.goal_proposal.create",
        actor=actor,
        request=request,
        family_id=trajectory.family_id,
        obj=proposal,
        purpose=FAMILY_GROUND,
    )
    return proposal


@transaction.atomic
def adopt_proposal(
    proposal: GoalProposal,
    form: ModelForm,
    *,
    version: PlanVersion,
    actor: User,
    request: HttpRequest | None = None,
) -> Goal:
    """The team makes a proposed goal into a GAS goal of the draft (`form`: plans' goal
    form). The proposal keeps its words and points at the goal; a proposal is adopted once."""
    locked = GoalProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.goal_key is not None:
        raise ValidationError(_("This goal has already been added to the plan."))
    goal = plan_actions.save_draft_item(
        form, version=version, expected_revision=None, actor=actor, request=request
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
