"""The network's models, one concept per module; import them from here."""

from samenspel.network.models.agreements import (
    Agreement,
    AgreementCategory,
    AgreementStatus,
    AgreementVersion,
    ChecklistAnswer,
    ChecklistQuestion,
    LawfulBasis,
    LegalBasis,
    ProcessReview,
)
from samenspel.network.models.catalogue import Effectiveness, Intervention, Service, TariffUnit
from samenspel.network.models.core import (
    Country,
    MembershipRole,
    Network,
    NetworkAssignment,
    NetworkMembership,
    Organisation,
    Professional,
    Sector,
    Team,
)
from samenspel.network.models.glossary import GlossarySynonym, GlossaryTerm
from samenspel.network.models.history import NetworkChange
from samenspel.network.models.imports import ImportJob, ImportKind, ImportStatus
from samenspel.network.models.people import (
    Absence,
    AbsenceKind,
    Area,
    Expertise,
    ExpertiseLevel,
    Language,
    ProfessionalExpertise,
)
from samenspel.network.models.photos import ProfessionalPhoto

__all__ = [
    "Absence",
    "AbsenceKind",
    "Agreement",
    "AgreementCategory",
    "AgreementStatus",
    "AgreementVersion",
    "Area",
    "ChecklistAnswer",
    "ChecklistQuestion",
    "Country",
    "Effectiveness",
    "Expertise",
    "ExpertiseLevel",
    "GlossarySynonym",
    "GlossaryTerm",
    "ImportJob",
    "ImportKind",
    "ImportStatus",
    "Intervention",
    "Language",
    "LawfulBasis",
    "LegalBasis",
    "MembershipRole",
    "Network",
    "NetworkAssignment",
    "NetworkChange",
    "NetworkMembership",
    "Organisation",
    "ProcessReview",
    "Professional",
    "ProfessionalExpertise",
    "ProfessionalPhoto",
    "Sector",
    "Service",
    "TariffUnit",
    "Team",
]
