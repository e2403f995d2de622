"""The family portal's own records: the family's words, kept as theirs."""

from samenspel.portal.models.choice import FamilyChoice, ProfessionalOffer
from samenspel.portal.models.consent import ConsentConfirmation, ConsentDraft
from samenspel.portal.models.draft import PortalDraft
from samenspel.portal.models.evaluation import EvaluationAnswer
from samenspel.portal.models.login_link import LoginLink
from samenspel.portal.models.message import FamilyMessage
from samenspel.portal.models.voice import FamilyView, GoalProposal, Stance

__all__ = [
    "ConsentConfirmation",
    "ConsentDraft",
    "EvaluationAnswer",
    "FamilyChoice",
    "FamilyMessage",
    "FamilyView",
    "GoalProposal",
    "LoginLink",
    "PortalDraft",
    "ProfessionalOffer",
    "Stance",
]
