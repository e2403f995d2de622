"""The values the family file's actions take (issue 19: actions take values, not forms).
The pages' forms and the API both build one of these from what was typed and call the
action, which checks them itself (`full_clean` on the row it writes), so a caller without a
form is held to the same rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from samenspel.families.models import FamilyMember
    from samenspel.network.models import Organisation, Professional


@dataclass
class MemberData:
    given_name: str
    role: str
    family_name: str = ""
    date_of_birth: datetime.date | None = None
    gender: str = ""
    bsn: str = ""


@dataclass
class QuestionData:
    text: str
    kind: str
    domain_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class FamilyData:
    """A new family file: its name and address (search-before-create found no file)."""

    name: str
    address: str = ""
    postcode: str = ""
    city: str = ""
    district: str = ""


@dataclass(frozen=True)
class RegistrationData:
    """Who referred the family, its wishes, urgency, and the basic safety check."""

    safety_status: str
    referrer_kind: str
    referrer_organisation: Organisation | None = None
    referrer_name: str = ""
    family_wishes: str = ""
    urgency: str = "normal"
    safety_notes: str = ""
    verwijsindex_flagged_on: datetime.date | None = None
    # The referrer's half of the wíe-vraag: the professional they ask for, and why.
    asked_professional: Professional | None = None
    asked_reason: str = ""


@dataclass(frozen=True)
class MemberChanges:
    """A member's details as changed on the file (the BSN apart: it is never shown back)."""

    given_name: str
    role: str
    family_name: str = ""
    date_of_birth: datetime.date | None = None
    gender: str = ""
    deceased: bool = False


@dataclass(frozen=True)
class ContactValues:
    """Someone from the family's own network (grandparent, neighbour, coach)."""

    name: str
    relation: str
    phone: str = ""
    note: str = ""


def model_values(data: Any) -> dict[str, Any]:
    """The fields of a value object as model keyword arguments (no deep copy, unlike asdict)."""
    return {f.name: getattr(data, f.name) for f in fields(data)}


@dataclass(frozen=True)
class ConsentValues:
    """A consent to record: about whom, given by whom, shared with which organisations (and,
    if named, only these roles on the team), for what and which information. `valid_from`
    None is today; `recipient_roles` empty is every role of the organisations."""

    about: Sequence[FamilyMember]
    given_by: Sequence[FamilyMember]
    recipients: Sequence[Organisation]
    purpose: str
    obtained_how: str
    data_categories: Sequence[str] = ()
    purpose_detail: str = ""
    recipient_roles: Sequence[str] = ()
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
