"""The shapes of the JSON API (the OpenAPI 3.1 description is generated from these)."""

from __future__ import annotations

import datetime

from ninja import Schema


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str


class OrganisationOut(Schema):
    id: int
    name: str
    sector: str
    country: str
    website: str


class ProfessionalOut(Schema):
    id: int
    name: str
    job_title: str
    organisation_id: int | None


class TeamPlaceOut(Schema):
    id: int
    role: str
    professional_id: int | None
    name: str
    organisation_id: int | None
    valid_from: datetime.date
    valid_until: datetime.date | None


class TrajectoryOut(Schema):
    id: int
    family_id: int
    phase: str
    phase_since: datetime.date
    opened_on: datetime.date
    closed_on: datetime.date | None
    next_evaluation_on: datetime.date | None


class TrajectoryDetailOut(TrajectoryOut):
    care_team: list[TeamPlaceOut]


class GoalOut(Schema):
    id: int
    title: str
    domain: str
    target_date: datetime.date | None
    level_minus_2: str
    level_minus_1: str
    level_0: str
    level_plus_1: str
    level_plus_2: str
    weight: int


class PlanActionOut(Schema):
    id: int
    goal_id: int | None
    what: str
    owner: str
    due_on: datetime.date | None
    status: str


class PlanVersionOut(Schema):
    id: int
    number: int
    status: str
    agreed_at: datetime.datetime | None
    goals: list[GoalOut]
    actions: list[PlanActionOut]
    withheld_count: int


class GoalScoreOut(Schema):
    goal_id: int
    attainment: int


class EvaluationOut(Schema):
    id: int
    held_on: datetime.date
    plan_version_id: int | None
    next_evaluation_on: datetime.date
    gas_t_score: float | None
    scores: list[GoalScoreOut]


class PlanOut(Schema):
    id: int
    trajectory_id: int
    versions: list[PlanVersionOut]
    evaluations: list[EvaluationOut]
    evaluations_withheld: bool


class ConsentOut(Schema):
    id: int
    purpose: str
    about_member_ids: list[int]
    recipient_organisation_ids: list[int]
    data_categories: list[str]
    valid_from: datetime.date
    valid_until: datetime.date | None
    withdrawn: bool


class MeetingOut(Schema):
    id: int
    trajectory_id: int
    kind: str
    starts_at: datetime.datetime
    duration_minutes: int
    location: str
    held: bool


class AccessEventOut(Schema):
    id: int
    occurred_at: datetime.datetime
    action: str
    outcome: str
    actor: str
    organisation: str
    purpose: str


class OrganisationPage(Schema):
    items: list[OrganisationOut]
    next: str | None


class ProfessionalPage(Schema):
    items: list[ProfessionalOut]
    next: str | None


class TrajectoryPage(Schema):
    items: list[TrajectoryOut]
    next: str | None


class ConsentPage(Schema):
    items: list[ConsentOut]
    next: str | None


class MeetingPage(Schema):
    items: list[MeetingOut]
    next: str | None


class AccessEventPage(Schema):
    items: list[AccessEventOut]
    next: str | None
