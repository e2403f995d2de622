from samenspel.insight.models.profiles import Profile, ProfileSet, TrajectoryProfile
from samenspel.insight.models.tariffs import Tariff
from samenspel.insight.models.time import DIRECT_ACTIVITIES, Activity, TimeEntry, TimeSource

__all__ = [
    "DIRECT_ACTIVITIES",
    "Activity",
    "Profile",
    "ProfileSet",
    "Tariff",
    "TimeEntry",
    "TimeSource",
    "TrajectoryProfile",
]
