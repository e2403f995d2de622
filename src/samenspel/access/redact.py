"""The family export (right of access, data portability) as far as the exporting reader
may see it: the policy's members and categories (access/scope.py) applied to the export's
dictionary after it is built, in one place, so the JSON and the PDF cannot differ.

A part this module does not know is withheld from a partial reader (fail closed): a new
part of the export is shown to them only once it is given its category here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from samenspel.families.models.consent import DataCategory

if TYPE_CHECKING:
    from collections.abc import Callable

    from samenspel.access.policy import Decision

# Parts that carry no family data beyond the file number and network.
_ALWAYS = {"exported_at", "file_number", "network", "withheld"}
_MEMBER_PERSONAL = ("date_of_birth", "bsn", "gender", "deceased")
_FAMILY_PERSONAL = ("address", "postcode", "city", "district")
_REGISTRATION_HELP = (
    "referrer_kind",
    "referrer_name",
    "family_wishes",
    "urgency",
    "verwijsindex_flagged_on",
    "help_questions",
)
_REGISTRATION_SAFETY = ("safety_status", "safety_notes", "meldcode_steps")


def withheld_text(decision: Decision) -> str:
    if decision.withheld_reason == "age_rules":
        return _("You cannot see this: it belongs to another family member.")
    return _("You cannot see this: no consent.")


def limit_export(data: dict[str, Any], decision: Decision) -> dict[str, Any]:
    """`data` (families/export.py) with what `decision` withholds taken out; the parts
    taken out are named under "withheld" with the reason in plain words."""
    if decision.scope is None:
        return data
    text = withheld_text(decision)
    withheld: list[str] = []
    out: dict[str, Any] = {}
    for key, value in data.items():
        handler = _PARTS.get(key)
        if key in _ALWAYS:
            out[key] = value
        elif handler is None:
            withheld.append(key)  # unknown part: fail closed
        else:
            out[key] = handler(value, decision, withheld)
    out["withheld"] = {"reason": text, "parts": sorted(set(withheld))}
    return out


def _family(value: dict, decision: Decision, withheld: list[str]) -> dict:
    if decision.sees(DataCategory.PERSONAL):
        return value
    withheld.append("family.address")
    return {k: v for k, v in value.items() if k not in _FAMILY_PERSONAL}


def _members(value: list[dict], decision: Decision, withheld: list[str]) -> list[dict]:
    shown = []
    for member in value:
        if not decision.sees_member(member["id"]):
            withheld.append("members")
            continue
        if not decision.sees_about(member["id"], DataCategory.PERSONAL):
            withheld.append("members.personal")
            member = {k: v for k, v in member.items() if k not in _MEMBER_PERSONAL}
        shown.append(member)
    return shown


def _relations(value: list[dict], decision: Decision, withheld: list[str]) -> list[dict]:
    shown = [
        r
        for r in value
        if decision.sees_member(r["member"])
        and decision.sees_member(r["other"])
        and decision.sees_about(r["other"], DataCategory.PERSONAL)
    ]
    if len(shown) < len(value):
        withheld.append("relations")
    return shown


def _informal(value: list[dict], decision: Decision, withheld: list[str]) -> list[dict]:
    if decision.sees(DataCategory.PERSONAL):
        return value
    if value:
        withheld.append("informal_network")
    return []


def _registrations(value: list[dict], decision: Decision, withheld: list[str]) -> list[dict]:
    drop: tuple[str, ...] = ()
    if not decision.sees(DataCategory.HELP_QUESTIONS):
        drop += _REGISTRATION_HELP
        withheld.append("registrations.help_questions")
    if not decision.sees(DataCategory.SAFETY):
        drop += _REGISTRATION_SAFETY
        withheld.append("registrations.safety")
    return [{k: v for k, v in r.items() if k not in drop} for r in value]


def _consents(value: list[dict], decision: Decision, withheld: list[str]) -> list[dict]:
    shown = []
    for consent in value:
        consent = dict(consent)
        for part in ("about", "given_by"):
            ids = consent.get(part, [])
            consent[part] = [pk for pk in ids if decision.sees_member(pk)]
            if len(consent[part]) < len(ids):
                withheld.append(f"consents.{part}")
        consent.pop("withdrawn_by", None)  # typed text that may name a withheld member
        shown.append(consent)
    return shown


def _team(value: list[dict], decision: Decision, withheld: list[str]) -> list[dict]:
    return value  # who is on the team, from when: no data about the family's members


def _confidential(value: list[dict], decision: Decision, withheld: list[str]) -> list[dict]:
    # Already left out for members the reader may not see (`confidential_member_ids`).
    return [s for s in value if decision.sees_member(s["member"])]


_PARTS: dict[str, Callable[[Any, Decision, list[str]], Any]] = {
    "family": _family,
    "members": _members,
    "relations": _relations,
    "informal_network": _informal,
    "registrations": _registrations,
    "consents": _consents,
    "trajectories": _team,
    "confidential_sections": _confidential,
}
