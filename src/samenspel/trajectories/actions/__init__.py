"""Every business write about trajectories (STYLE.md: Zulip's `do_*` shape): validate, write,
record the access event in the same transaction, notify after commit. Keyword-only `actor=`
so logging is never optional. One module per area; import them from here."""

from samenspel.trajectories.actions.closure import (
    close_trajectory,
    record_follow_up,
    reopen_trajectory,
)
from samenspel.trajectories.actions.common import add_months
from samenspel.trajectories.actions.handover import (
    affected_places,
    report_absence,
    start_cover,
    transfer_place,
)
from samenspel.trajectories.actions.meetings import (
    add_follow_up,
    add_observation,
    add_perspective,
    open_agenda_items,
    plan_meeting,
    record_meeting,
)
from samenspel.trajectories.actions.team import (
    add_team_member,
    add_walk_along_pair,
    answer_direct_request,
    ask_professional,
    change_coordinator,
    end_membership,
    move_to_phase,
    save_team_request,
    send_referrers_request,
    take_on_registration,
    withdraw_direct_request,
)

__all__ = [
    "add_follow_up",
    "add_months",
    "add_observation",
    "add_perspective",
    "add_team_member",
    "add_walk_along_pair",
    "affected_places",
    "answer_direct_request",
    "ask_professional",
    "change_coordinator",
    "close_trajectory",
    "end_membership",
    "move_to_phase",
    "open_agenda_items",
    "plan_meeting",
    "record_follow_up",
    "record_meeting",
    "reopen_trajectory",
    "report_absence",
    "save_team_request",
    "send_referrers_request",
    "start_cover",
    "take_on_registration",
    "transfer_place",
    "withdraw_direct_request",
]
