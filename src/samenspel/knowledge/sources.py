"""Where a lesson can come from, as a first draft the author then edits and completes.

Only what carries no family data is copied: a network's process review is written without
personal data by design, and a barometer round holds figures; from a closed trajectory only
categories and counts travel (reason, indicators, months, number of evaluations), never a
free text, a name or an id, so nothing in the hub leads back to a family."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from samenspel.knowledge.models import SourceKind

if TYPE_CHECKING:
    from samenspel.network.models import ProcessReview
    from samenspel.trajectories.models import Trajectory


def from_process_review(review: ProcessReview) -> dict[str, Any]:
    versions = list(review.produced_versions.select_related("agreement"))
    changes = "\n".join(
        _("- Agreement changed: %(title)s (version %(number)s)")
        % {"title": version.title, "number": version.number}
        for version in versions
    )
    return {
        "title": _("From the process review of %(date)s") % {"date": review.held_on.isoformat()},
        "context": review.case_summary,
        "what_happened": review.case_summary,
        "what_we_learned": review.findings,
        "what_we_change": changes,
        "agreement_version": versions[0] if versions else None,
        "source_kind": SourceKind.PROCESS_REVIEW,
        "source_id": review.pk,
    }


def from_barometer_round(round_id: int, summary: str) -> dict[str, Any]:
    """A barometer round (built elsewhere) connects here by its id and its figures' summary."""
    return {
        "title": _("From a barometer round"),
        "context": summary,
        "what_happened": summary,
        "what_we_learned": "",
        "what_we_change": "",
        "source_kind": SourceKind.BAROMETER_ROUND,
        "source_id": round_id,
    }


def from_closed_trajectory(trajectory: Trajectory) -> dict[str, Any]:
    closure = getattr(trajectory, "closure", None)
    months = 0
    if trajectory.closed_on is not None:
        months = max(1, round((trajectory.closed_on - trajectory.opened_on).days / 30))
    facts = [_("A trajectory of about %(months)s months was closed.") % {"months": months}]
    if closure is not None:
        facts += [
            _("Reason: %(reason)s.") % {"reason": closure.get_reason_display()},
            _("Goals realised: %(answer)s.")
            % {"answer": _("yes") if closure.goals_realised else _("no")},
            _("Evaluations held: %(count)s.") % {"count": closure.evaluations},
        ]
    return {
        "title": _("From a closed trajectory"),
        "context": " ".join(facts),
        "what_happened": "",
        "what_we_learned": "",
        "what_we_change": "",
        "source_kind": SourceKind.CLOSED_TRAJECTORY,
        "source_id": None,
    }
