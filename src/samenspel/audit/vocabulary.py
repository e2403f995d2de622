"""The access log's vocabulary: every action name and purpose an event may carry, each with
its plain-language (B1) wording for "wie heeft ons dossier ingezien".

`audit.record` refuses a name that is not here (in tests, and wherever
`SAMENSPEL_AUDIT_STRICT` is set; elsewhere it logs a warning and records the event, so a
care page never breaks on a word). Names are dotted literals at the call sites, never built
with an f-string: a test reads every call site and checks each name against this registry.

Names already written to the log stay here for as long as the log is kept (retention ≥ 5
years), even when no code writes them any more: old events must still read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class UnknownAuditNameError(ValueError):
    """An action or purpose that is not in the vocabulary."""


@dataclass(frozen=True)
class ActionWords:
    """What the person did, in the family's words; the purpose recorded when the caller
    names none (a change made for the help, for instance)."""

    wording: Promise
    purpose: str = ""


CARE = "care"  # a change made while helping the family (by the team, on its ground)

ACTIONS: dict[str, ActionWords] = {
    # Logging in and out; no family.
    "accounts.login": ActionWords(_("logged in")),
    "accounts.login_failed": ActionWords(_("tried to log in, without success")),
    "accounts.mfa_failed": ActionWords(_("gave a wrong code at the second login step")),
    "accounts.logout": ActionWords(_("logged out")),
    "audit.event_list": ActionWords(_("looked at the access log")),
    # Emergency access.
    "access.break_glass.open": ActionWords(_("opened your file in an emergency")),
    "access.break_glass.review": ActionWords(_("checked an emergency access to your file")),
    "access.break_glass.list": ActionWords(_("looked at the list of emergency accesses")),
    # The family file.
    "families.family.read": ActionWords(_("looked at your file")),
    "families.family.print": ActionWords(_("printed your file")),
    "families.family.list": ActionWords(_("saw your family in a list of families")),
    "families.family.search": ActionWords(_("searched for your family")),
    "families.family.search_result": ActionWords(
        _("saw your family's name in a search before a registration")
    ),
    "families.family.form": ActionWords(_("opened the form for your family's details")),
    "families.family.update": ActionWords(_("changed your family's details"), CARE),
    "families.family.export_json": ActionWords(_("downloaded your file as data")),
    "families.family.export_pdf": ActionWords(_("downloaded your file as PDF")),
    "families.family.destruction_form": ActionWords(_("opened the page to destroy your file")),
    "families.family.destruction_proposed": ActionWords(_("proposed to destroy your file")),
    "families.family.destruction_cancelled": ActionWords(
        _("decided not to destroy your file after all")
    ),
    "families.family.destruction_refused": ActionWords(_("refused to destroy your file")),
    "families.family.destroy": ActionWords(_("destroyed your file")),
    "families.access_history.read": ActionWords(_("looked at who looked at your file")),
    "families.access_history.print": ActionWords(_("printed who looked at your file")),
    "families.member.form": ActionWords(_("opened the form for a family member")),
    "families.member.create": ActionWords(_("added a family member"), CARE),
    "families.member.update": ActionWords(_("changed a family member's details"), CARE),
    "families.relation.form": ActionWords(_("opened the form for relations in your family")),
    "families.relation.create": ActionWords(_("added a relation in your family"), CARE),
    "families.relation.delete": ActionWords(_("removed a relation in your family"), CARE),
    "families.informal_contact.form": ActionWords(_("opened the form for your own network")),
    "families.informal_contact.create": ActionWords(_("added someone from your own network"), CARE),
    "families.informal_contact.delete": ActionWords(
        _("removed someone from your own network"), CARE
    ),
    "families.registration.create": ActionWords(_("registered your family for help")),
    "families.intake_queue.read": ActionWords(_("looked at the list of new registrations")),
    "families.registration.status": ActionWords(
        _("looked at what became of the registration they made")
    ),
    "families.meldcode.form": ActionWords(_("opened the safety steps (Meldcode)")),
    "families.meldcode.record": ActionWords(_("recorded a safety step (Meldcode)")),
    "families.consent.list": ActionWords(_("looked at your permissions")),
    "families.consent.form": ActionWords(_("opened the form for a permission")),
    "families.consent.create": ActionWords(_("recorded a permission you gave")),
    "families.consent.withdraw_form": ActionWords(_("opened the form to withdraw a permission")),
    "families.consent.withdraw": ActionWords(_("recorded that a permission was withdrawn")),
    "families.confidential.form": ActionWords(_("opened the form for a confidential part")),
    "families.confidential.create": ActionWords(_("added a confidential part"), CARE),
    "families.retention.list": ActionWords(_("looked at the files whose keeping period has ended")),
    "families.retention.review": ActionWords(_("checked how long files are kept")),
    "families.retention_rule.update": ActionWords(_("changed how long files are kept")),
    # The help: trajectory, team, meetings, journal.
    "trajectories.trajectory.read": ActionWords(_("looked at the help for your family")),
    "trajectories.trajectory.phase": ActionWords(_("moved the help on to a next step"), CARE),
    "trajectories.trajectory.close": ActionWords(_("closed the help for your family"), CARE),
    "trajectories.trajectory.reopen": ActionWords(_("opened the help again"), CARE),
    "trajectories.closure.read": ActionWords(_("looked at how the help ended"), "after_closure"),
    "trajectories.closure.follow_up": ActionWords(
        _("recorded how things are going after the help"), CARE
    ),
    "trajectories.timeline.read": ActionWords(_("looked at the timeline of your file")),
    "trajectories.registration.take_on": ActionWords(_("took on your registration"), CARE),
    "trajectories.team.proposals": ActionWords(_("looked for professionals for your team")),
    "trajectories.team.search": ActionWords(_("searched for a professional for your team")),
    "trajectories.team.add": ActionWords(_("added a professional to your team"), CARE),
    "trajectories.team.end": ActionWords(_("ended someone's place in your team"), CARE),
    "trajectories.team.coordinator": ActionWords(_("changed the coordinator of your team"), CARE),
    "trajectories.team_request.update": ActionWords(_("changed what your team needs"), CARE),
    "trajectories.direct_request.create": ActionWords(
        _("asked a professional to join your team"), CARE
    ),
    "trajectories.direct_request.answer": ActionWords(
        _("answered a request to join your team"), CARE
    ),
    "trajectories.direct_request.withdraw": ActionWords(
        _("withdrew a request to join your team"), CARE
    ),
    "trajectories.direct_request.steer": ActionWords(_("looked at a request to join your team")),
    "trajectories.handover.read": ActionWords(_("saw your family in a list for a handover")),
    "trajectories.handover.cover": ActionWords(_("arranged a stand-in in your team"), CARE),
    "trajectories.handover.transfer": ActionWords(_("handed over a place in your team"), CARE),
    "trajectories.absence.create": ActionWords(_("recorded an absence")),
    "trajectories.meeting.create": ActionWords(_("planned a meeting about your family"), CARE),
    "trajectories.meeting.read": ActionWords(_("looked at a meeting about your family")),
    "trajectories.meeting.record": ActionWords(_("wrote down a meeting about your family"), CARE),
    "trajectories.meeting.export": ActionWords(_("put a meeting in their calendar")),
    "trajectories.perspective.create": ActionWords(
        _("wrote down someone's view in a meeting"), CARE
    ),
    "trajectories.follow_up.create": ActionWords(_("added an agreement from a meeting"), CARE),
    "trajectories.observation.create": ActionWords(_("wrote in the journal"), CARE),
    "trajectories.my_families.read": ActionWords(_("saw your family on their start page")),
    "trajectories.closed.list": ActionWords(
        _("saw your family in their list of help that has ended"), "after_closure"
    ),
    "trajectories.network.overview": ActionWords(_("looked at the overview of the network")),
    "trajectories.settings.update": ActionWords(_("changed how often plans are evaluated")),
    # The family plan.
    "plans.plan.list": ActionWords(_("saw your family in a list of family plans")),
    "plans.plan.read": ActionWords(_("looked at your family plan")),
    "plans.plan.print": ActionWords(_("printed your family plan")),
    "plans.plan.start": ActionWords(_("opened the page to start your family plan")),
    "plans.plan.create": ActionWords(_("started your family plan"), CARE),
    "plans.version.edit": ActionWords(_("opened your family plan to change it")),
    "plans.version.new": ActionWords(_("opened a new version of your family plan")),
    "plans.version.create": ActionWords(_("made a new version of your family plan"), CARE),
    "plans.version.agree": ActionWords(_("recorded that your family plan is agreed"), CARE),
    "plans.version.compare": ActionWords(_("compared versions of your family plan")),
    "plans.goal.edit": ActionWords(_("opened a goal in your family plan")),
    "plans.goal.remove": ActionWords(_("opened the removal of a goal in your family plan")),
    "plans.action.edit": ActionWords(_("opened an action in your family plan")),
    "plans.action.remove": ActionWords(_("opened the removal of an action in your family plan")),
    "plans.note.edit": ActionWords(_("opened a note in your family plan")),
    "plans.note.remove": ActionWords(_("opened the removal of a note in your family plan")),
    "plans.goal.create": ActionWords(_("added a goal to your family plan"), CARE),
    "plans.goal.update": ActionWords(_("changed a goal in your family plan"), CARE),
    "plans.goal.delete": ActionWords(_("removed a goal from your family plan"), CARE),
    "plans.planaction.create": ActionWords(_("added an action to your family plan"), CARE),
    "plans.planaction.update": ActionWords(_("changed an action in your family plan"), CARE),
    "plans.planaction.delete": ActionWords(_("removed an action from your family plan"), CARE),
    "plans.domainnote.create": ActionWords(_("added a note to your family plan"), CARE),
    "plans.domainnote.update": ActionWords(_("changed a note in your family plan"), CARE),
    "plans.domainnote.delete": ActionWords(_("removed a note from your family plan"), CARE),
    "plans.planversion.update": ActionWords(_("changed the text of your family plan"), CARE),
    "plans.agreement.edit": ActionWords(_("opened the form to record agreement with the plan")),
    "plans.agreement.own": ActionWords(_("opened the page to agree with the plan")),
    "plans.agreement.create": ActionWords(_("recorded agreement with your family plan"), CARE),
    "plans.evaluation.list": ActionWords(_("looked at the evaluations of your family plan")),
    "plans.evaluation.edit": ActionWords(_("opened the form for an evaluation")),
    "plans.evaluation.create": ActionWords(_("recorded an evaluation of your family plan"), CARE),
    "plans.assessment.edit": ActionWords(_("opened the form for a measurement")),
    "plans.assessment.create": ActionWords(
        _("recorded a measurement of how things are going"), CARE
    ),
    "plans.trends.read": ActionWords(_("looked at how things have developed")),
    # The family portal: the family's own words (issue 17).
    "portal.home.read": ActionWords(_("opened the start page of your family portal")),
    "portal.plan.read": ActionWords(_("read your family plan in the family portal")),
    "portal.view.form": ActionWords(_("opened the page to say what they think of the plan")),
    "portal.view.save": ActionWords(_("wrote what they think of the plan")),
    "portal.goal_proposal.form": ActionWords(_("opened the page for an own goal")),
    "portal.goal_proposal.create": ActionWords(_("proposed an own goal")),
    "portal.goal_proposal.adopt": ActionWords(
        _("made a goal in the plan from a goal your family proposed"), CARE
    ),
    "portal.consent.list": ActionWords(_("looked at who may see what about your family")),
    "portal.consent.form": ActionWords(_("opened the page to give consent")),
    "portal.consent.withdraw_form": ActionWords(_("opened the page to withdraw consent")),
    "portal.consent.start": ActionWords(_("gave consent in the family portal")),
    "portal.consent.confirm": ActionWords(_("said yes to a consent in the family portal")),
    "portal.evaluation_answer.form": ActionWords(_("opened the questions before an evaluation")),
    "portal.evaluation_answer.save": ActionWords(_("answered the questions before an evaluation")),
    "portal.meeting.list": ActionWords(_("looked at your meetings in the family portal")),
    "portal.message.list": ActionWords(_("opened the page for messages to the coordinator")),
    "portal.message.send": ActionWords(_("sent a message to the coordinator")),
    "portal.offer.create": ActionWords(_("proposed a professional to your family"), CARE),
    "portal.offer.withdraw": ActionWords(
        _("took back a professional proposed to your family"), CARE
    ),
    "portal.choice.form": ActionWords(_("looked at the professionals proposed to your family")),
    "portal.choice.save": ActionWords(_("said which professional they prefer")),
    "portal.draft.save": ActionWords(_("kept a draft of what they are writing")),
    "portal.login_link.send": ActionWords(_("sent a login link to a family member"), CARE),
    "portal.login_link.use": ActionWords(_("logged in with a login link")),
    "portal.login_link.refused": ActionWords(_("tried a login link that no longer works")),
    # The network's own administration; no family.
    "network.agreement.version": ActionWords(_("recorded a version of an agreement")),
    "network.checklist.answer": ActionWords(_("answered a checklist question")),
    "network.glossary.save": ActionWords(_("saved a word in the glossary")),
    "network.import.upload": ActionWords(_("uploaded a file to import")),
    "network.import.commit": ActionWords(_("imported data")),
    "network.legal_basis.save": ActionWords(_("saved a legal basis")),
    "network.network.update": ActionWords(_("changed the network's details")),
    "network.organisation.update": ActionWords(_("changed an organisation's details")),
    "network.professional.work": ActionWords(_("changed a professional's work details")),
    "network.profile.update": ActionWords(_("changed their own profile")),
    "network.review.create": ActionWords(_("recorded a process review")),
    "network.service.save": ActionWords(_("saved a service")),
    "network.taxonomy.save": ActionWords(_("saved an entry in a list")),
    "network.team.save": ActionWords(_("saved a team")),
    # The network's learning and collaboration, time, and refusals before the policy.
    "access.consent_renewal.list": ActionWords(_("looked at the list of permissions to ask again")),
    "accounts.mfa_locked": ActionWords(_("was locked out after too many wrong codes")),
    "accounts.login_address.change": ActionWords(
        _("changed the e-mail address someone logs in with")
    ),
    "collaboration.satisfaction.map": ActionWords(
        _("chose which parts of the help count for satisfaction")
    ),
    "collaboration.components.edit": ActionWords(_("opened the questions about how the help went")),
    "collaboration.components.rate": ActionWords(
        _("recorded how your family rated the help"), CARE
    ),
    "collaboration.deliverable.link": ActionWords(
        _("linked a document to the phase of the collaboration")
    ),
    "collaboration.instruments.load": ActionWords(_("loaded the questionnaires")),
    "collaboration.phase.change": ActionWords(_("changed the phase of the collaboration")),
    "collaboration.response.submit": ActionWords(
        _("answered a questionnaire about the collaboration")
    ),
    "collaboration.results.export": ActionWords(_("downloaded the results of a questionnaire")),
    "collaboration.results.print": ActionWords(_("printed the results of a questionnaire")),
    "collaboration.review.outcome": ActionWords(_("recorded the outcome of a process review")),
    "collaboration.rhythm.set": ActionWords(_("set the rhythm of the process reviews")),
    "collaboration.round.close": ActionWords(_("closed a questionnaire round")),
    "collaboration.round.open": ActionWords(_("opened a questionnaire round")),
    "collaboration.round.remind": ActionWords(_("sent a reminder for a questionnaire round")),
    "core.role_refused": ActionWords(_("was refused a page their role does not allow")),
    "core.url_id_out_of_range": ActionWords(_("asked for a page with a number that cannot exist")),
    "insight.profile_set.create": ActionWords(_("recorded a set of help profiles")),
    "insight.time_entry.create": ActionWords(
        _("recorded time spent on the help to your family"), CARE
    ),
    "insight.time_entry.delete": ActionWords(
        _("removed time recorded for the help to your family"), CARE
    ),
    "insight.time_entry.import": ActionWords(
        _("imported time spent on the help to your family"), CARE
    ),
    "insight.time_entry.update": ActionWords(
        _("changed time recorded for the help to your family"), CARE
    ),
    "insight.trajectory_profile.classify": ActionWords(
        _("recorded which kind of help your family gets"), CARE
    ),
    "knowledge.attachment.add": ActionWords(_("added an attachment in the knowledge hub")),
    "knowledge.digest.send": ActionWords(_("sent the weekly mail of the knowledge hub")),
    "knowledge.learning_network.create": ActionWords(_("started a learning network")),
    "knowledge.lesson.edit": ActionWords(_("changed a lesson learned")),
    "knowledge.lesson.from_trajectory": ActionWords(
        _("wrote a lesson from finished help, without your details")
    ),
    "knowledge.lesson.write": ActionWords(_("wrote a lesson learned")),
    "knowledge.meeting.plan": ActionWords(_("planned a meeting of a learning network")),
    "knowledge.member.add": ActionWords(_("added a member to a learning network")),
    "knowledge.person.hand_over": ActionWords(_("handed over their work in the knowledge hub")),
    "knowledge.preference.set": ActionWords(_("set how often they get mail")),
    "knowledge.term.propose": ActionWords(_("proposed a word for the glossary")),
    "knowledge.term.review": ActionWords(_("reviewed a proposed word")),
    "knowledge.theme.subscribe": ActionWords(_("followed a theme")),
    "knowledge.theme.unsubscribe": ActionWords(_("stopped following a theme")),
    "knowledge.update.post": ActionWords(_("posted a progress update")),
    # The computer system of an organisation, connected to Samenspel (docs/API.md).
    "api.call.refused": ActionWords(_("a connected computer system was refused")),
    "api.directory.read": ActionWords(
        _("the computer system of an organisation looked up who works where")
    ),
    "api.family.list": ActionWords(
        _("the computer system of an organisation saw your family in a list")
    ),
    "api.care_team.read": ActionWords(
        _("the computer system of an organisation looked at your team")
    ),
    "api.plan.read": ActionWords(_("the computer system of an organisation looked at your plan")),
    "api.questionnaire_response.read": ActionWords(
        _("the computer system of an organisation looked at your scores and answers")
    ),
    "api.consent.read": ActionWords(
        _("the computer system of an organisation looked at your permissions")
    ),
    "api.meeting.read": ActionWords(
        _("the computer system of an organisation looked at your meetings")
    ),
    "api.access_events.read": ActionWords(
        _("the computer system of an organisation looked at who saw your file")
    ),
    "api.calendar.create": ActionWords(_("made a private calendar link"), "own profile"),
    "api.calendar.revoke": ActionWords(_("stopped a private calendar link"), "own profile"),
    "api.calendar.read": ActionWords(_("your meeting appeared in a private calendar")),
}

# Why it was allowed: the policy's grounds, the grounds for destruction, and the purposes
# of work that is not a look at one file.
PURPOSES: dict[str, Promise] = {
    "care_team": _("works in your team"),
    "consent": _("with your permission"),
    "family_member": _("member of your family"),
    "intake": _("handles your registration"),
    "break_the_glass": _("emergency access, checked afterwards"),
    "after_closure": _("coordinated your help, until the check after it ended"),
    "file_coordinator": _("coordinator of your file"),
    "security_officer": _("security officer"),
    "retention_review": _("the keeping period of your file has ended"),
    "former_care_team": _("worked in your team; takes only numbers for a lesson learned"),
    CARE: _("for the help to your family"),
    "trajectory": _("for the help to your family"),  # written before "care" (kept: old events)
    "registration": _("registration"),
    "safety": _("safety check"),
    "retention": _("keeping period"),
    "review": _("check of an emergency access"),
    "request": _("your request"),
    "handover": _("arranging a stand-in"),
    "coordination": _("coordination in the network"),
    "log review": _("check of the access log"),
    "network administration": _("network administration"),
    "own profile": _("their own profile"),
    # A consent recorded or withdrawn names its purpose (families.Purpose).
    "team_collaboration": _("permission for: working together in the team"),
    "mdo": _("permission for: a meeting with several professionals"),
    "referral": _("permission for: referral to an organisation"),
    "share_with_gp": _("permission for: sharing with the GP"),
    "other": _("permission for: something else"),
    "evaluation with the family": _("evaluation with your family"),
    "knowledge hub": _("knowledge hub"),
    # Written before the policy had the ground "former_care_team" (kept: old events).
    "lesson learned, anonymised": _("a lesson learned, without your details"),
    "network collaboration": _("collaboration in the network"),
}

# Why an attempt was refused (the purpose of a denied event names what was missing).
REFUSALS: dict[str, Promise] = {
    "consent": _("refused: their organisation has no permission from you"),
    "": _("refused: no access to your file"),
}


def check(action: str, purpose: str) -> str:
    """The purpose to record for `action` (its default when none is given). An unknown name
    raises `UnknownAuditNameError` where the vocabulary is strict, else is logged."""
    words = ACTIONS.get(action)
    purpose = purpose or (words.purpose if words else "")
    unknown = []
    if words is None:
        unknown.append(f"action {action!r}")
    if purpose and purpose not in PURPOSES and purpose not in REFUSALS:
        unknown.append(f"purpose {purpose!r}")
    if unknown:
        message = f"Not in the access-log vocabulary (audit/vocabulary.py): {', '.join(unknown)}"
        if getattr(settings, "SAMENSPEL_AUDIT_STRICT", False):
            raise UnknownAuditNameError(message)
        logger.warning(message)
    return purpose


def action_wording(action: str) -> str:
    words = ACTIONS.get(action)
    return str(words.wording) if words else action


def purpose_wording(purpose: str, *, refused: bool = False) -> str:
    if refused:
        return str(REFUSALS.get(purpose, REFUSALS[""]))
    wording = PURPOSES.get(purpose)
    return str(wording) if wording is not None else "—"


# Models renamed after events about them were sealed: a stored event keeps the label it was
# written with (its seal covers it), and the log shows it under the model's present name.
RENAMED_OBJECT_TYPES: dict[str, str] = {
    "plans.agreement": "plans.planassent",  # issue 13: not network.Agreement
}
