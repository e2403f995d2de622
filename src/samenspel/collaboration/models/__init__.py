from samenspel.collaboration.models.components import (
    ComponentRating,
    ComponentScore,
    RatedBy,
    RatingMoment,
    SatisfactionComponent,
)
from samenspel.collaboration.models.instruments import Instrument, InstrumentItem, ItemKind, Level
from samenspel.collaboration.models.phases import (
    DELIVERABLES,
    CollaborationPhase,
    NetworkPhase,
    PhaseChange,
    PhaseDeliverable,
)
from samenspel.collaboration.models.reviews import OutcomeKind, ReviewOutcome, ReviewRhythm
from samenspel.collaboration.models.rounds import (
    Answer,
    Invitation,
    Response,
    Round,
    RoundFigure,
)

__all__ = [
    "DELIVERABLES",
    "Answer",
    "CollaborationPhase",
    "ComponentRating",
    "ComponentScore",
    "Instrument",
    "InstrumentItem",
    "Invitation",
    "ItemKind",
    "Level",
    "NetworkPhase",
    "OutcomeKind",
    "PhaseChange",
    "PhaseDeliverable",
    "RatedBy",
    "RatingMoment",
    "Response",
    "ReviewOutcome",
    "ReviewRhythm",
    "Round",
    "RoundFigure",
    "SatisfactionComponent",
]
