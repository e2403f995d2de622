"""Trajectories and care teams; one concept per module, imported from here."""

from samenspel.trajectories.models.closure import INDICATORS, Closure, ClosureReason
from samenspel.trajectories.models.composition import (
    DirectRequest,
    RequestStatus,
    TeamRequest,
)
from samenspel.trajectories.models.handover import Handover, HandoverKind
from samenspel.trajectories.models.journal import Observation, ObservationKind
from samenspel.trajectories.models.meetings import (
    FollowUpAction,
    Meeting,
    MeetingKind,
    Participant,
    Perspective,
)
from samenspel.trajectories.models.rhythm import (
    EvaluationReminder,
    ReminderStage,
    TrajectorySettings,
)
from samenspel.trajectories.models.trajectory import (
    CareTeamMembership,
    CareTeamRole,
    Phase,
    Selection,
    Trajectory,
)

__all__ = [
    "INDICATORS",
    "CareTeamMembership",
    "CareTeamRole",
    "Closure",
    "ClosureReason",
    "DirectRequest",
    "EvaluationReminder",
    "FollowUpAction",
    "Handover",
    "HandoverKind",
    "Meeting",
    "MeetingKind",
    "Observation",
    "ObservationKind",
    "Participant",
    "Perspective",
    "Phase",
    "ReminderStage",
    "RequestStatus",
    "Selection",
    "TeamRequest",
    "Trajectory",
    "TrajectorySettings",
]
