from samenspel.insight.models.aggregates import (
    AggregateRefresh,
    AuditedCells,
    QuarterTime,
    TrajectoryResult,
)
from samenspel.insight.models.profiles import Profile, ProfileSet, TrajectoryProfile
from samenspel.insight.models.tariffs import Tariff
from samenspel.insight.models.team_time import TeamQuarterTime
from samenspel.insight.models.time import DIRECT_ACTIVITIES, Activity, TimeEntry, TimeSource

__all__ = [
    "DIRECT_ACTIVITIES",
    "Activity",
    "AggregateRefresh",
    "AuditedCells",
    "Profile",
    "ProfileSet",
    "QuarterTime",
    "Tariff",
    "TeamQuarterTime",
    "TimeEntry",
    "TimeSource",
    "TrajectoryProfile",
    "TrajectoryResult",
]
