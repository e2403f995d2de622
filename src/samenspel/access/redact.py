"""The family export (right of access, data portability) as far as the exporting reader
may see it: the policy's members and categories (access/scope.py) applied to the export's
dictionary after it is built, in one place, so the JSON and the PDF cannot differ.

A part this module does not know is withheld from a partial reader (fail closed): a new
part of the export is shown to them only once it is given its category here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from samenspel.access.scope import domain_category
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


def _trajectories(value: list[dict], decision: Decision, withheld: list[str]) -> list[dict]:
    """Per trajectory: who is on the team, from when (no data about the family's members),
    and each part of the help by its members and categories, as the pages show them."""
    shown = []
    for trajectory in value:
        out: dict[str, Any] = {}
        for key, part in trajectory.items():
            handler = _TRAJECTORY_PARTS.get(key)
            if key in _TRAJECTORY_ALWAYS:
                out[key] = part
            elif handler is None:
                withheld.append(f"trajectories[].{key}")  # unknown part: fail closed
            else:
                out[key] = handler(part, decision, withheld)
        shown.append(out)
    return shown


_TRAJECTORY_ALWAYS = {"opened_on", "closed_on", "phase", "care_team"}


def _household_text(name: str, keys: tuple[str, ...]) -> Callable[[Any, Decision, list[str]], Any]:
    """A part whose `keys` are typed text about the whole household (the plan's category)."""

    def limit(value: Any, decision: Decision, withheld: list[str]) -> Any:
        if value is None or decision.sees(DataCategory.HELP_QUESTIONS):
            return value
        withheld.append(f"trajectories[].{name}")
        if isinstance(value, list):
            return [{k: v for k, v in row.items() if k not in keys} for row in value]
        return {k: v for k, v in value.items() if k not in keys}

    return limit


def _journal(value: list[dict], decision: Decision, withheld: list[str]) -> list[dict]:
    shown = [
        entry
        for entry in value
        if decision.sees(DataCategory.JOURNAL)
        and decision.sees(domain_category(entry["life_domain"]))
    ]
    if len(shown) < len(value):
        withheld.append("trajectories[].journal")
    return shown


_MEETING_TEXT = ("agenda", "integrated_analysis", "decisions", "perspectives", "follow_ups")


def _meetings(value: list[dict], decision: Decision, withheld: list[str]) -> list[dict]:
    sees_content = decision.sees(DataCategory.HELP_QUESTIONS)
    shown = []
    for meeting in value:
        meeting = dict(meeting)
        if not sees_content:
            withheld.append("trajectories[].meetings")
            meeting = {k: v for k, v in meeting.items() if k not in _MEETING_TEXT}
        people = meeting["participants"]
        meeting["participants"] = [
            p for p in people if p["member"] is None or decision.sees_member(p["member"])
        ]
        if len(meeting["participants"]) < len(people):
            withheld.append("trajectories[].meetings.participants")
        shown.append(meeting)
    return shown


def _goal_in_scope(goal: dict, decision: Decision) -> bool:
    category = domain_category(goal["life_domain"])
    if not goal["members"]:
        return decision.sees(category)
    return all(decision.sees_about(pk, category) for pk in goal["members"])


def _plan(value: dict | None, decision: Decision, withheld: list[str]) -> dict | None:
    if value is None:
        return None
    versions = []
    for version in value["versions"]:
        version = dict(version)
        if not decision.sees(DataCategory.HELP_QUESTIONS):
            version.pop("family_words")
            version.pop("change_reason")
            withheld.append("trajectories[].plan.family_words")
        if not decision.sees(DataCategory.SAFETY):
            version.pop("safety_plan")
            withheld.append("trajectories[].plan.safety_plan")
        goals = [g for g in version["goals"] if _goal_in_scope(g, decision)]
        goal_ids = {g["id"] for g in goals}
        actions = [
            a
            for a in version["actions"]
            if (a["goal"] in goal_ids if a["goal"] else decision.sees(DataCategory.HELP_QUESTIONS))
            and (a["member"] is None or decision.sees_member(a["member"]))
        ]
        notes = [
            n
            for n in version["notes"]
            if decision.sees_about(n["member"], domain_category(n["life_domain"]))
        ]
        agreements = [
            a
            for a in version["agreements"]
            if a["member"] is None or decision.sees_member(a["member"])
        ]
        for name, before, after in (
            ("goals", version["goals"], goals),
            ("actions", version["actions"], actions),
            ("notes", version["notes"], notes),
            ("agreements", version["agreements"], agreements),
        ):
            if len(after) < len(before):
                withheld.append(f"trajectories[].plan.{name}")
        version |= {"goals": goals, "actions": actions, "notes": notes, "agreements": agreements}
        versions.append(version)
    return {**value, "versions": versions}


def _evaluations(value: list[dict], decision: Decision, withheld: list[str]) -> list[dict]:
    # Their words and scores are about every member: withheld from a partial reader, as on
    # the evaluation pages (plans/views/measure.py).
    if decision.partial or not decision.sees(DataCategory.HELP_QUESTIONS):
        if value:
            withheld.append("trajectories[].evaluations")
        return []
    shown = []
    for evaluation in value:
        scores = [s for s in evaluation["goal_scores"] if _goal_in_scope(s, decision)]
        if len(scores) < len(evaluation["goal_scores"]):
            withheld.append("trajectories[].evaluations.goal_scores")
        shown.append({**evaluation, "goal_scores": scores})
    return shown


def _assessments(value: list[dict], decision: Decision, withheld: list[str]) -> list[dict]:
    if decision.partial:
        if value:
            withheld.append("trajectories[].assessments")
        return []
    shown = []
    for assessment in value:
        member = assessment["member"]
        if member is not None and not decision.sees_member(member):
            withheld.append("trajectories[].assessments")
            continue
        scores = [
            s
            for s in assessment["scores"]
            if decision.sees_about(member, domain_category(s["life_domain"]))
        ]
        if len(scores) < len(assessment["scores"]):
            withheld.append("trajectories[].assessments.scores")
        shown.append({**assessment, "scores": scores})
    return shown


def _household_only(name: str) -> Callable[[Any, Decision, list[str]], Any]:
    """A part about the whole household that is only shown to a reader of the plan."""

    def limit(value: Any, decision: Decision, withheld: list[str]) -> Any:
        if decision.sees(DataCategory.HELP_QUESTIONS) and not decision.partial:
            return value
        if value:
            withheld.append(f"trajectories[].{name}")
        return [] if isinstance(value, list) else None

    return limit


def _family_voice(value: dict, decision: Decision, withheld: list[str]) -> dict:
    """The family's own words: each row is one member's, shown to a reader who may read the
    plan about that member."""
    shown: dict[str, list[dict]] = {}
    for part, rows in value.items():
        kept = [
            row for row in rows if decision.sees_about(row["member"], DataCategory.HELP_QUESTIONS)
        ]
        if len(kept) < len(rows):
            withheld.append(f"trajectories[].family_voice.{part}")
        shown[part] = kept
    return shown


_TRAJECTORY_PARTS: dict[str, Callable[[Any, Decision, list[str]], Any]] = {
    "team_request": _household_text("team_request", ("preference_note",)),
    "handovers": _household_text("handovers", ("note",)),
    "journal": _journal,
    "meetings": _meetings,
    "plan": _plan,
    "evaluations": _evaluations,
    "assessments": _assessments,
    "closure": _household_text("closure", ("note", "satisfaction")),
    "component_ratings": _household_only("component_ratings"),
    "profile": _household_only("profile"),
    "professional_offers": _household_only("professional_offers"),
    "family_voice": _family_voice,
}


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
    "trajectories": _trajectories,
    "confidential_sections": _confidential,
}
