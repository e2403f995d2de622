from samenspel.insight.models.tariffs import Tariff
from samenspel.insight.models.time import DIRECT_ACTIVITIES, Activity, TimeEntry, TimeSource

__all__ = ["DIRECT_ACTIVITIES", "Activity", "Tariff", "TimeEntry", "TimeSource"]
