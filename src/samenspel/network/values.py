"""The values the network's actions take (issue 19: actions take values, not forms). The
management pages' forms build one of these from what was typed and call the action, which
checks them itself, so a caller without a form is held to the same rules."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from dataclasses import dataclass

from samenspel.network.models import Effectiveness, Expertise, GlossaryTerm, Intervention


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
