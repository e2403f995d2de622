"""Family plans and the instruments that measure progress; one concept per module.

- `instruments`: ZRM, GAS, ORS/SRS as versioned data (domains and levels, not code).
- `plan`: the family plan (gezinsplan), its versions, goals, actions, notes and agreements.
- `evaluation`: the six-weekly evaluation record, GAS scores and ZRM/ORS/SRS assessments.
"""

from samenspel.plans.models.evaluation import (
    Assessment,
    DomainScore,
    Evaluation,
    GoalScore,
    Step,
)
from samenspel.plans.models.instruments import (
    DomainLevel,
    Instrument,
    InstrumentDomain,
    InstrumentKind,
    InstrumentVersion,
    ScaleLevel,
)
from samenspel.plans.models.plan import (
    OPEN_ACTION_STATUSES,
    ActionOwnerKind,
    ActionStatus,
    AgreedVersionIsFinalError,
    AssentMethod,
    DomainNote,
    Goal,
    Occasion,
    Plan,
    PlanAction,
    PlanAssent,
    PlanVersion,
    VersionStatus,
)

__all__ = [
    "OPEN_ACTION_STATUSES",
    "ActionOwnerKind",
    "ActionStatus",
    "AgreedVersionIsFinalError",
    "AssentMethod",
    "Assessment",
    "DomainLevel",
    "DomainNote",
    "DomainScore",
    "Evaluation",
    "Goal",
    "GoalScore",
    "Instrument",
    "InstrumentDomain",
    "InstrumentKind",
    "InstrumentVersion",
    "Occasion",
    "Plan",
    "PlanAction",
    "PlanAssent",
    "PlanVersion",
    "ScaleLevel",
    "Step",
    "VersionStatus",
]
