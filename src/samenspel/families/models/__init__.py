"""The family file (gezinsdossier); one concept per module, imported from here."""

from samenspel.families.models.confidential import ConfidentialSection
from samenspel.families.models.consent import (
    Consent,
    ConsentQuerySet,
    ConsentRule,
    DataCategory,
    ObtainedHow,
    Purpose,
    required_consenters,
)
from samenspel.families.models.family import (
    Family,
    FamilyMember,
    FamilyQuerySet,
    Gender,
    InformalNetworkContact,
    InformalRelation,
    MemberRelation,
    MemberRole,
    RelationKind,
)
from samenspel.families.models.registration import (
    HelpQuestion,
    MeldcodeRecord,
    MeldcodeStep,
    QuestionKind,
    ReferrerKind,
    Registration,
    SafetyStatus,
    Urgency,
)
from samenspel.families.models.retention import (
    DestructionDecision,
    DestructionKind,
    DestructionRecord,
    RetentionBasis,
    RetentionRule,
)

__all__ = [
    "ConfidentialSection",
    "Consent",
    "ConsentQuerySet",
    "ConsentRule",
    "DataCategory",
    "DestructionDecision",
    "DestructionKind",
    "DestructionRecord",
    "Family",
    "FamilyMember",
    "FamilyQuerySet",
    "Gender",
    "HelpQuestion",
    "InformalNetworkContact",
    "InformalRelation",
    "MeldcodeRecord",
    "MeldcodeStep",
    "MemberRelation",
    "MemberRole",
    "ObtainedHow",
    "Purpose",
    "QuestionKind",
    "ReferrerKind",
    "Registration",
    "RelationKind",
    "RetentionBasis",
    "RetentionRule",
    "SafetyStatus",
    "Urgency",
    "required_consenters",
]
