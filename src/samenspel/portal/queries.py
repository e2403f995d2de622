"""Reads of the family's own words, as one reader may see them.

The caller has been through the access policy (its `Decision`); these reads narrow further:
- the team (care team, intake, emergency) reads every view and proposal;
- a reader on consent reads a member's words only with "help questions and plan" about them;
- a family login reads its own words, and the words of another member when they were not
  written "only for the team" and the age rules show that member's plan (access/scope.py): a
  child of 12 to 15 reads their own words only; a parent reads the child's, unless marked.
A fixed number of queries (two) whatever the number of goals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from samenspel.families.models import DataCategory
from samenspel.portal.models import (
    EvaluationAnswer,
    FamilyChoice,
    FamilyMessage,
    FamilyView,
    GoalProposal,
    ProfessionalOffer,
)

if TYPE_CHECKING:
    import uuid

    from samenspel.access.policy import Decision
    from samenspel.accounts.models import User
    from samenspel.plans.models import Goal, PlanVersion
    from samenspel.trajectories.models import Trajectory


def may_read(decision: Decision, member_id: int, *, team_only: bool = False) -> bool:
    """May the holder of `decision` read words `member_id` wrote in the portal?"""
    if not decision.allowed:
        return False
    if decision.ground == "family_member":
        if member_id == decision.member_id:
            return True
        if team_only:
            return False
    return decision.sees_about(member_id, DataCategory.HELP_QUESTIONS)


@dataclass
class Voice:
    """The family's words about one plan version, as one reader may see them."""

    plan: list[FamilyView] = field(default_factory=list)
    goals: dict[uuid.UUID, list[FamilyView]] = field(default_factory=dict)
    open_proposals: list[GoalProposal] = field(default_factory=list)
    origins: dict[uuid.UUID, GoalProposal] = field(default_factory=dict)

    def for_goal(self, goal: Goal) -> list[FamilyView]:
        return self.goals.get(goal.key, [])

    def origin(self, goal: Goal) -> GoalProposal | None:
        return self.origins.get(goal.key)

    @property
    def disagreements(self) -> list[FamilyView]:
        everything = self.plan + [view for views in self.goals.values() for view in views]
        return [view for view in everything if view.stance == "disagree"]


def voice_of(version: PlanVersion, decision: Decision) -> Voice:
    views = FamilyView.objects.filter(version=version).select_related("member").order_by("id")
    proposals = (
        GoalProposal.objects.filter(trajectory_id=version.plan.trajectory_id)
        .select_related("member")
        .order_by("proposed_at", "id")
    )
    voice = Voice()
    goals: dict[uuid.UUID, list[FamilyView]] = defaultdict(list)
    for view in views:
        if not may_read(decision, view.member_id, team_only=view.team_only):
            continue
        if view.goal_key is None:
            voice.plan.append(view)
        else:
            goals[view.goal_key].append(view)
    voice.goals = dict(goals)
    for proposal in proposals:
        if not may_read(decision, proposal.member_id):
            continue
        if proposal.goal_key is None:
            voice.open_proposals.append(proposal)
        else:
            voice.origins[proposal.goal_key] = proposal
    return voice


FEELING_FACES = {1: "😟", 2: "🙁", 3: "😐", 4: "🙂", 5: "😀"}


@dataclass
class AnswerRow:
    answer: EvaluationAnswer
    goals: list[tuple[str, str, str]]  # goal title, face, words

    @property
    def face(self) -> str:
        return FEELING_FACES.get(self.answer.satisfaction, "")


def answers_for_evaluation(
    trajectory_id: int, goals: list[Goal], decision: Decision
) -> list[AnswerRow]:
    """The family's answers for the coming evaluation (this round), as this reader may see
    them: only the goals on their form, only members whose words they may read."""
    from samenspel.plans.models import Evaluation

    round_ = Evaluation.objects.filter(trajectory_id=trajectory_id).count()
    titles = {str(goal.key): goal.title for goal in goals}
    rows = []
    for answer in (
        EvaluationAnswer.objects.filter(trajectory_id=trajectory_id, round=round_)
        .select_related("member")
        .order_by("member_id")
    ):
        if not may_read(decision, answer.member_id):
            continue
        shown = [
            (titles[key], FEELING_FACES.get(given.get("feeling") or 0, ""), given.get("words", ""))
            for key, given in answer.goals.items()
            if key in titles
        ]
        rows.append(AnswerRow(answer, shown))
    return rows


def messages_for(trajectory_id: int, decision: Decision, limit: int = 10) -> list[FamilyMessage]:
    """The family's latest messages to the coordinator, as this reader may see them."""
    latest = (
        FamilyMessage.objects.filter(trajectory_id=trajectory_id)
        .select_related("member")
        .order_by("-sent_at", "-id")[:limit]
    )
    return [message for message in latest if may_read(decision, message.member_id)]


@dataclass
class Offers:
    """The professionals put before the family, the team's advice among them, and each
    member's choice as this reader may read it (the advised route next to the family's)."""

    open: list[ProfessionalOffer] = field(default_factory=list)
    advised: ProfessionalOffer | None = None
    choices: list[FamilyChoice] = field(default_factory=list)

    def chosen_by(self, offer: ProfessionalOffer) -> list[FamilyChoice]:
        return [choice for choice in self.choices if choice.offer_id == offer.pk]


def offers_for(trajectory_id: int, decision: Decision) -> Offers:
    """The offers ever made with their professionals (one query; their languages a second
    when there are any), then the choices with their members: a choice is always of an
    offer, so a trajectory whose family was never offered anyone (most) costs one query."""
    from samenspel.portal.actions.choice import advised

    offers = list(
        ProfessionalOffer.objects.filter(trajectory_id=trajectory_id)
        .select_related("professional__user", "professional__home_organisation")
        .prefetch_related("professional__languages")
        .order_by("-score", "id")
    )
    open_offers = [offer for offer in offers if offer.withdrawn_at is None]
    choices = (
        [
            choice
            for choice in FamilyChoice.objects.filter(trajectory_id=trajectory_id)
            .select_related("member", "offer__professional__user")
            .order_by("member_id")
            if may_read(decision, choice.member_id)
        ]
        if offers
        else []
    )
    return Offers(open=open_offers, advised=advised(open_offers), choices=choices)


@dataclass
class Response:
    """The family's response for a meeting of the team (the MDO "wordt besproken met het
    gezin"): what each member thinks of the newest plan version and its goals, who agreed,
    their open own goals and their answers before the coming evaluation, as this reader may
    see them."""

    version: PlanVersion | None = None
    voice: Voice = field(default_factory=Voice)
    goals: list[tuple[Goal, list[FamilyView]]] = field(default_factory=list)
    agreed: list[str] = field(default_factory=list)
    answers: list[AnswerRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.voice.plan
            or self.voice.open_proposals
            or any(views for _goal, views in self.goals)
            or self.agreed
            or self.answers
        )


def family_response(trajectory: Trajectory, decision: Decision, user: User) -> Response:
    """The newest version's content as this reader may see it (plans' own narrowing, without
    the confidential parts of members they may not see), then the family's words on it
    narrowed by `may_read`: a member the reader may not see is never named. One query when
    there is no plan yet."""
    from samenspel.plans.models import PlanVersion
    from samenspel.plans.queries import hidden_member_ids, plan_content

    trajectory_id = trajectory.pk

    version = (
        PlanVersion.objects.filter(plan__trajectory_id=trajectory_id)
        .select_related("plan")
        .order_by("-number")
        .first()
    )
    if version is None:
        return Response()
    hidden = hidden_member_ids(user, trajectory.family, decision)
    content = plan_content(version, hidden, decision)
    voice = voice_of(version, decision)
    return Response(
        version=version,
        voice=voice,
        goals=[(goal, voice.for_goal(goal)) for goal in content.goals],
        agreed=[
            a.member.given_name
            for a in content.assents
            if a.member is not None and may_read(decision, a.member.pk)
        ],
        answers=answers_for_evaluation(trajectory_id, content.goals, decision),
    )
