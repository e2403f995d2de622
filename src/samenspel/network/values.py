"""The values the network's actions take (issue 19: actions take values, not forms). The
management pages' forms build one of these from what was typed and call the action, which
checks them itself, so a caller without a form is held to the same rules."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samenspel.network.models import (
    AgreementStatus,
    AgreementVersion,
    Effectiveness,
    Expertise,
    GlossaryTerm,
    Intervention,
    Organisation,
)


@dataclass(frozen=True)
class InterventionValues:
    """One intervention of a service: new (`intervention` None), changed or `remove`d."""

    name: str
    effectiveness: str = Effectiveness.NOT_ASSESSED
    intervention: Intervention | None = None
    remove: bool = False


@dataclass(frozen=True)
class ServiceValues:
    """A service of the catalogue (aanbod) and the interventions to add, change or remove;
    the interventions not named stay as they are."""

    name: str
    description: str = ""
    target_groups: Sequence[GlossaryTerm] = ()
    expertise: Sequence[Expertise] = ()
    waiting_weeks: int | None = None
    tariff: decimal.Decimal | None = None
    tariff_unit: str = ""
    interventions: Sequence[InterventionValues] = ()


@dataclass(frozen=True)
class AgreementValues:
    """A new version of an agreement (or its first). `expected_number` is the version the
    editor started from (0 for a new agreement): the action refuses the save when another
    version was written since."""

    category: str
    title: str
    text: str
    status: str
    reason: str
    expected_number: int
    parties: Sequence[Organisation] = ()
    owner: Organisation | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    next_review_on: datetime.date | None = None
    terms: Sequence[GlossaryTerm] = ()

    def check(self) -> None:
        """The rules the agreement form shows per field, for callers without the form."""
        errors: dict[str, str] = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end date must be on or after the start date.")
        if self.status == AgreementStatus.ACTIVE and not self.valid_from:
            errors["valid_from"] = _("An active agreement needs a start date.")
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class ReviewValues:
    """A process review (procesevaluatie) and the agreement versions it produced."""

    held_on: datetime.date
    participants: str
    case_summary: str
    findings: str
    produced_versions: Sequence[AgreementVersion] = ()
