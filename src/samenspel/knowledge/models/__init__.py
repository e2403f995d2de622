"""The knowledge hub's models, one concept per module; import them from here."""

from samenspel.knowledge.models.learning import (
    LearningMeeting,
    LearningNetwork,
    MemberKind,
    Membership,
)
from samenspel.knowledge.models.lessons import (
    ALLOWED_TYPES,
    MAX_ATTACHMENT_BYTES,
    Attachment,
    Lesson,
    ProposalStatus,
    SourceKind,
    TermProposal,
)
from samenspel.knowledge.models.search import EntryKind, SearchEntry
from samenspel.knowledge.models.themes import Theme
from samenspel.knowledge.models.updates import (
    DigestFrequency,
    DigestMail,
    NotificationPreference,
    ProgressUpdate,
    ThemeSubscription,
    UpdateKind,
)

__all__ = [
    "ALLOWED_TYPES",
    "MAX_ATTACHMENT_BYTES",
    "Attachment",
    "DigestFrequency",
    "DigestMail",
    "EntryKind",
    "LearningMeeting",
    "LearningNetwork",
    "Lesson",
    "MemberKind",
    "Membership",
    "NotificationPreference",
    "ProgressUpdate",
    "ProposalStatus",
    "SearchEntry",
    "SourceKind",
    "TermProposal",
    "Theme",
    "ThemeSubscription",
    "UpdateKind",
]
