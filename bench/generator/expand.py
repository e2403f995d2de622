"""The generator's leaf rows, written by the database itself: INSERT … SELECT per batch.

`generate.py` builds the rows other rows hang on (families, members, trajectories, teams,
registrations, consents, plans, goals, evaluations, meetings …) and the access log in Python;
the many small rows under them (help questions, consent recipients and subjects, walk-along
notes, plan actions, ZRM domain scores, Meldcode steps, meeting participants, perspectives and
follow-ups) are expanded here from the batch's parent rows in one statement per table, so
they never pass through Python or COPY's text parser. PostgreSQL generates them several times
faster than Python builds them.

Deterministic: every choice is a hash of the parent row's id and a salt (integer arithmetic
that PostgreSQL and SQLite compute alike), so a batch written again is the same batch. The
parents of one batch are found by primary-key range only (bulk mode drops the other indexes),
and the leaf ids come from the batch's reserved range in order. The same SQL runs on SQLite
(the tests), with a few date functions spelt per database.
"""

# ruff: noqa: S608 - every statement is built from this module's constants and the models'
# table names; the batch's values go in as parameters.
from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connection

MOD = "%%"  # the modulo operator, escaped for the parameter style of both backends


def h(value: str, salt: int | str) -> str:
    """A pseudo-random integer in [0, 32768) from an integer expression and a salt: two
    rounds of a multiplicative hash modulo 2^31, high bits kept (no overflow in 64 bits)."""
    first = (
        f"((CAST({value} AS BIGINT) * 1103515245 + CAST({salt} AS BIGINT) * 12347 "
        f"+ 1013904223) {MOD} 2147483648)"
    )
    return f"((({first} * 1597334677 + 7) {MOD} 2147483648) / 65536)"


def pick(choice: str, options: Sequence[str]) -> str:
    """One of `options` (constants of this module, quoted here) by `choice` modulo their number."""
    whens = " ".join(
        f"WHEN {i} THEN '{option.replace(chr(39), chr(39) * 2)}'"
        for i, option in enumerate(options)
    )
    return f"(CASE ({choice}) {MOD} {len(options)} {whens} END)"


def numbers(count: int) -> str:
    return "(" + " UNION ALL ".join(f"SELECT {k} AS k" for k in range(count)) + ")"


@dataclass(frozen=True)
class Dialect:
    add_days: Callable[[str, str], str]
    day_of: Callable[[str], str]  # the date of a stored moment (UTC)
    moment: Callable[[str, str], str]  # a date plus seconds, as a stored moment (UTC)
    days_between: Callable[[str, str], str]  # later - earlier in whole days
    least: str
    uuid_hex: Callable[[str], str]  # a UUID (as the column stores it) from an integer


POSTGRES = Dialect(
    add_days=lambda day, days: f"(CAST({day} AS date) + CAST({days} AS integer))",
    day_of=lambda moment: f"CAST(({moment}) AT TIME ZONE 'UTC' AS date)",
    moment=lambda day, seconds: (
        f"((CAST({day} AS timestamp) + ({seconds}) * interval '1 second') AT TIME ZONE 'UTC')"
    ),
    days_between=lambda later, earlier: f"(CAST({later} AS date) - CAST({earlier} AS date))",
    least="LEAST",
    uuid_hex=lambda value: f"CAST(md5(CAST({value} AS text)) AS uuid)",
)
SQLITE = Dialect(
    add_days=lambda day, days: f"date({day}, '+' || ({days}) || ' days')",
    day_of=lambda moment: f"date({moment})",
    moment=lambda day, seconds: f"datetime({day}, '+' || ({seconds}) || ' seconds')",
    days_between=lambda later, earlier: (
        f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    ),
    least="MIN",
    uuid_hex=lambda value: f"lower(hex(printf('%%016d', {value})))",
)


def _table(label: str) -> str:
    from django.apps import apps

    return connection.ops.quote_name(apps.get_model(label)._meta.db_table)


def _in(alias: str, key: str) -> str:
    """The primary-key range of this batch's rows of `key` (two named parameters)."""
    return f"{alias}.id >= %({key}_lo)s AND {alias}.id < %({key}_hi)s"


def _office_seconds(value: str, salt: int) -> str:
    return f"(28800 + {h(value, salt)} {MOD} 36000)"


# --- The leaf tables ----------------------------------------------------------------------

HELP_QUESTIONS = (
    ("Wij willen weer rust in huis.", "what"),
    ("Onze zoon gaat niet meer naar school.", "what"),
    ("We komen niet rond en de rekeningen stapelen zich op.", "what"),
    ("We willen één vaste persoon die met ons meedenkt.", "who"),
    ("Ik wil hulp die ook Turks spreekt.", "who"),
)
NOTES = (
    ("financien", "concern", "Post blijft ongeopend liggen."),
    ("huisvesting", "strength", "Het huis is netjes en er is een eigen kamer voor elk kind."),
    ("huiselijke-relaties", "concern", "Veel ruzie rond bedtijd."),
    ("werk-opleiding", "strength", "Vader heeft sinds kort werk."),
    ("tijdsbesteding", "strength", "De kinderen zitten op judo."),
    ("geestelijke-gezondheid", "concern", "Moeder slaapt slecht."),
)
ACTIONS = (
    "Gesprek met school over aanwezigheid",
    "Samen de post en rekeningen doorlopen",
    "Aanmelden bij de sportclub",
    "Afspraak bij de huisarts maken",
    "Weekplanning maken met het gezin",
    "Oma vragen om op woensdag op te passen",
)
MELDCODE_OUTCOMES = (
    "Signalen vastgelegd: onrust en verzuim, geen letsel gezien.",
    "Overlegd met Veilig Thuis: hulp in het vrijwillig kader is passend.",
    "Gesprek met beide ouders; zij herkennen de zorgen.",
    "Geen acute onveiligheid; wel structurele zorgen over de opvoedsituatie.",
    "Besluit: hulp organiseren en de veiligheid volgen in het plan.",
)
DISCIPLINES = ("Pedagogisch", "Jeugd-GGZ", "Schuldhulp", "LVB", "Onderwijs", "Maatschappelijk werk")
PERSPECTIVES = (
    "De ouders willen het goed doen maar lopen vast op de avonden.",
    "Het verzuim van het kind hangt samen met de spanning thuis.",
    "De schulden geven zoveel stress dat andere hulp nu niet landt.",
    "Het kind heeft baat bij een vaste structuur en één aanspreekpunt.",
)


def _team(dialect: Dialect, *, users: bool = False) -> str:
    """The batch's care-team places (covers excluded), numbered per trajectory; with `users`
    also each professional's user (a join that hashes every professional in the country, so
    only the statements that write an author make it)."""
    user, join = "NULL AS user_id", ""
    if users:
        user = "p.user_id"
        join = f"JOIN {_table('network.Professional')} p ON p.id = m.professional_id "
    return (
        f"SELECT m.trajectory_id, m.professional_id, m.organisation_id, {user}, "
        "row_number() OVER (PARTITION BY m.trajectory_id ORDER BY m.id) - 1 AS rn, "
        "count(*) OVER (PARTITION BY m.trajectory_id) AS size "
        f"FROM {_table('trajectories.CareTeamMembership')} m {join}"
        f"WHERE {_in('m', 'membership')} AND m.selection <> 'cover'"
    )


def help_questions(d: Dialect) -> str:
    text = pick(h("r.id", "k.k + 1"), [q for q, _k in HELP_QUESTIONS])
    kind = pick(h("r.id", "k.k + 1"), [k for _q, k in HELP_QUESTIONS])
    return (
        f"INSERT INTO {_table('families.HelpQuestion')} "
        "(id, registration_id, text, kind, position) "
        "SELECT %(help_question_lo)s + row_number() OVER (ORDER BY r.id, k.k) - 1, r.id, "
        f"{text}, {kind}, k.k "
        f"FROM {_table('families.Registration')} r CROSS JOIN {numbers(2)} k "
        f"WHERE {_in('r', 'registration')} AND k.k <= {h('r.id', 0)} {MOD} 2"
    )


def _consent_team() -> str:
    return (
        f"FROM {_table('families.Consent')} c "
        f"JOIN {_table('trajectories.Trajectory')} t ON t.family_id = c.family_id "
        f"AND {_in('t', 'trajectory')} "
    )


def consent_organisations(d: Dialect) -> str:
    return (
        f"INSERT INTO {_table('families.Consent_recipient_organisations')} "
        "(id, consent_id, organisation_id) "
        "SELECT %(consent_organisation_lo)s + row_number() OVER (ORDER BY x.c, x.o) - 1, x.c, x.o "
        "FROM (SELECT DISTINCT c.id AS c, m.organisation_id AS o "
        f"{_consent_team()}"
        f"JOIN {_table('trajectories.CareTeamMembership')} m ON m.trajectory_id = t.id "
        f"AND {_in('m', 'membership')} "
        f"WHERE {_in('c', 'consent')} AND m.organisation_id IS NOT NULL) x"
    )


def consent_about(d: Dialect) -> str:
    return (
        f"INSERT INTO {_table('families.Consent_about')} (id, consent_id, familymember_id) "
        "SELECT %(consent_about_lo)s + row_number() OVER (ORDER BY c.id, m.id) - 1, c.id, m.id "
        f"FROM {_table('families.Consent')} c "
        f"JOIN {_table('families.FamilyMember')} m ON m.family_id = c.family_id "
        f"AND {_in('m', 'member')} WHERE {_in('c', 'consent')}"
    )


def consent_given_by(d: Dialect) -> str:
    return (
        f"INSERT INTO {_table('families.Consent_given_by')} (id, consent_id, familymember_id) "
        "SELECT %(consent_given_by_lo)s + row_number() OVER (ORDER BY x.c, x.m) - 1, x.c, x.m "
        "FROM (SELECT c.id AS c, m.id AS m, "
        "row_number() OVER (PARTITION BY c.id ORDER BY m.id) AS n "
        f"FROM {_table('families.Consent')} c "
        f"JOIN {_table('families.FamilyMember')} m ON m.family_id = c.family_id "
        f"AND {_in('m', 'member')} AND m.role = 'parent' WHERE {_in('c', 'consent')}) x "
        "WHERE x.n <= 2"
    )


def observations(d: Dialect) -> str:
    """Walk-along notes: two to six in the first three months (or up to today)."""
    span = f"{d.least}(90, {d.days_between('COALESCE(t.closed_on, %(today)s)', 't.opened_on')})"
    day = d.add_days("t.opened_on", f"{h('t.id', 'k.k + 20')} {MOD} ({span} + 1)")
    note = h("t.id", "k.k + 1")
    return (
        f"INSERT INTO {_table('trajectories.Observation')} "
        "(id, trajectory_id, observed_on, life_domain, kind, text, author_id, created_at) "
        "SELECT %(observation_lo)s + row_number() OVER (ORDER BY t.id, k.k) - 1, t.id, "
        f"{day}, {pick(note, [n[0] for n in NOTES])}, {pick(note, [n[1] for n in NOTES])}, "
        f"{pick(note, [n[2] for n in NOTES])}, tm.user_id, "
        f"{d.moment(day, _office_seconds('t.id', 7))} "
        f"FROM {_table('trajectories.Trajectory')} t CROSS JOIN {numbers(6)} k "
        f"JOIN ({_team(d, users=True)}) tm ON tm.trajectory_id = t.id "
        f"AND tm.rn = {h('t.id', 'k.k + 40')} {MOD} tm.size "
        f"WHERE {_in('t', 'trajectory')} "
        "AND t.phase IN ('walk_along', 'mdo', 'plan', 'execution', 'closed') "
        f"AND k.k < 2 + {h('t.id', 0)} {MOD} 5"
    )


def plan_actions(d: Dialect) -> str:
    """One or two actions per goal, each owned by a professional of the team."""
    return (
        f"INSERT INTO {_table('plans.PlanAction')} "
        "(id, key, revision, changed_by_id, changed_at, version_id, goal_id, what, owner_kind, "
        "professional_id, organisation_id, member_id, network_person, due_on, status) "
        "SELECT x.id, "
        f"{d.uuid_hex('x.id')}, 1, x.changed_by_id, x.changed_at, x.version_id, x.goal_id, "
        f"{pick(h('x.goal_id', 'x.k + 3'), ACTIONS)}, 'professional', x.professional_id, "
        "x.organisation_id, NULL, '', "
        f"{d.add_days('x.target_date', f'-(90 + {h("x.goal_id", "x.k + 5")} {MOD} 84)')}, "
        f"{pick(h('x.goal_id', 'x.k + 6'), ['planned', 'underway', 'done', 'done'])} "
        "FROM (SELECT %(plan_action_lo)s + row_number() OVER (ORDER BY g.id, k.k) - 1 AS id, "
        "g.id AS goal_id, k.k, g.changed_by_id, g.changed_at, g.version_id, g.target_date, "
        "tm.professional_id, tm.organisation_id "
        f"FROM {_table('plans.Goal')} g CROSS JOIN {numbers(2)} k "
        f"JOIN {_table('plans.PlanVersion')} v ON v.id = g.version_id "
        f"AND {_in('v', 'plan_version')} "
        f"JOIN {_table('plans.Plan')} p ON p.id = v.plan_id AND {_in('p', 'plan')} "
        f"JOIN ({_team(d)}) tm ON tm.trajectory_id = p.trajectory_id "
        f"AND tm.rn = {h('g.id', 'k.k + 9')} {MOD} tm.size "
        f"WHERE {_in('g', 'goal')} AND k.k <= {h('g.id', 2)} {MOD} 2) x"
    )


def domain_scores(d: Dialect, domains: Sequence[int]) -> str:
    """Three to six ZRM domains per assessment (a rotation of the instrument's domains)."""
    count = len(domains)
    listed = " UNION ALL ".join(f"SELECT {i} AS pos, {pk} AS id" for i, pk in enumerate(domains))
    rank = f"((z.pos - {h('a.id', 1)} {MOD} {count} + {count}) {MOD} {count})"
    return (
        f"INSERT INTO {_table('plans.DomainScore')} "
        "(id, assessment_id, domain_id, score, relevance) "
        "SELECT %(domain_score_lo)s + row_number() OVER (ORDER BY a.id, z.pos) - 1, a.id, z.id, "
        f"1 + {h('a.id', 'z.pos + 2')} {MOD} 5, 'Belangrijk voor de hulpvraag van het gezin.' "
        f"FROM {_table('plans.Assessment')} a CROSS JOIN ({listed}) z "
        f"WHERE {_in('a', 'assessment')} AND {rank} < 3 + {h('a.id', 0)} {MOD} 4"
    )


def meldcode_steps(d: Dialect) -> str:
    """The Meldcode's steps for registrations with safety concerns: all five when acute,
    two to five otherwise, a few days apart from the registration on."""
    done = d.add_days(d.day_of("r.registered_at"), f"k.k * (1 + {h('r.id', 'k.k + 3')} {MOD} 4)")
    return (
        f"INSERT INTO {_table('families.MeldcodeRecord')} "
        "(id, registration_id, step, done_on, done_by, outcome, recorded_by_id) "
        "SELECT %(meldcode_lo)s + row_number() OVER (ORDER BY r.id, k.k) - 1, r.id, k.k + 1, "
        f"{d.least}({done}, %(today)s), 'Regisseur', "
        f"{pick('k.k', MELDCODE_OUTCOMES)}, r.registered_by_id "
        f"FROM {_table('families.Registration')} r CROSS JOIN {numbers(5)} k "
        f"WHERE {_in('r', 'registration')} AND r.safety_status <> 'in_order' "
        f"AND (r.safety_status = 'acute' OR k.k < 2 + {h('r.id', 0)} {MOD} 4)"
    )


def participants(d: Dialect) -> str:
    """Every meeting: the team (covers excluded) and the parents; present when held."""
    present = f"(mt.held AND {h('mt.id', 'x.who')} {MOD} 10 < 9)"
    return (
        f"INSERT INTO {_table('trajectories.Participant')} "
        "(id, meeting_id, professional_id, family_member_id, present) "
        "SELECT %(participant_lo)s + row_number() OVER (ORDER BY mt.id, x.kind, x.who) - 1, "
        f"mt.id, x.professional_id, x.member_id, {present} "
        f"FROM {_table('trajectories.Meeting')} mt JOIN ("
        "SELECT tm.trajectory_id, 0 AS kind, tm.professional_id AS who, tm.professional_id, "
        f"NULL AS member_id FROM ({_team(d)}) tm "
        "UNION ALL "
        "SELECT t.id, 1, m.id, NULL, m.id "
        f"FROM {_table('trajectories.Trajectory')} t "
        f"JOIN {_table('families.FamilyMember')} m ON m.family_id = t.family_id "
        f"AND {_in('m', 'member')} AND m.role = 'parent' WHERE {_in('t', 'trajectory')}"
        f") x ON x.trajectory_id = mt.trajectory_id WHERE {_in('mt', 'meeting')}"
    )


def perspectives(d: Dialect) -> str:
    """At a held MDO, each professional of the team writes their discipline's view."""
    return (
        f"INSERT INTO {_table('trajectories.Perspective')} "
        "(id, meeting_id, discipline, text, author_id, created_at) "
        "SELECT %(perspective_lo)s + row_number() OVER (ORDER BY mt.id, tm.rn) - 1, mt.id, "
        f"{pick(h('tm.professional_id', 1), DISCIPLINES)}, "
        f"{pick(h('mt.id', 'tm.rn + 1'), PERSPECTIVES)}, tm.user_id, mt.starts_at "
        f"FROM {_table('trajectories.Meeting')} mt "
        f"JOIN ({_team(d, users=True)}) tm ON tm.trajectory_id = mt.trajectory_id "
        f"WHERE {_in('mt', 'meeting')} AND mt.kind = 'mdo' AND mt.held"
    )


def follow_ups(d: Dialect) -> str:
    """One or two follow-up actions agreed at each held MDO."""
    due = d.add_days(d.day_of("mt.starts_at"), f"14 + {h('mt.id', 'k.k + 4')} {MOD} 30")
    return (
        f"INSERT INTO {_table('trajectories.FollowUpAction')} "
        "(id, meeting_id, description, owner, due_on, done) "
        "SELECT %(follow_up_lo)s + row_number() OVER (ORDER BY mt.id, k.k) - 1, mt.id, "
        f"{pick(h('mt.id', 'k.k + 2'), ACTIONS)}, 'Regisseur', {due}, "
        f"({due} < %(today)s AND {h('mt.id', 'k.k + 6')} {MOD} 5 < 4) "
        f"FROM {_table('trajectories.Meeting')} mt CROSS JOIN {numbers(2)} k "
        f"WHERE {_in('mt', 'meeting')} AND mt.kind = 'mdo' AND mt.held "
        f"AND k.k <= {h('mt.id', 1)} {MOD} 2"
    )


# (key of the table filled, the statement) in write order: parents are written before.
LEAVES: list[tuple[str, Callable[..., str]]] = [
    ("help_question", help_questions),
    ("meldcode", meldcode_steps),
    ("consent_organisation", consent_organisations),
    ("consent_about", consent_about),
    ("consent_given_by", consent_given_by),
    ("observation", observations),
    ("participant", participants),
    ("perspective", perspectives),
    ("follow_up", follow_ups),
    ("plan_action", plan_actions),
    ("domain_score", domain_scores),
]


def expand(
    first: dict[str, int], after: dict[str, int], today: datetime.date, domains: Sequence[int]
) -> list[tuple[str, int, float]]:
    """Write the leaf rows of one batch whose parents are written; `first` and `after` are
    the batch's first id and one past its last id per table. Returns (table key, rows,
    seconds) per table."""
    import time

    postgres = connection.vendor == "postgresql"
    dialect = POSTGRES if postgres else SQLITE
    params: dict[str, int | str | datetime.date] = {
        "today": today if postgres else today.isoformat()
    }
    for key in first:
        params[f"{key}_lo"] = first[key]
        params[f"{key}_hi"] = after[key]
    done = []
    with connection.cursor() as cursor:
        if postgres:
            # The batch's tables grow faster than their statistics: without nested loops the
            # planner hashes the batch's rows instead of probing a "tiny" table per row, and
            # without JIT it does not spend a third of a second compiling each statement
            # that the disabled nested loops made look expensive.
            cursor.execute("SET LOCAL enable_nestloop = off")
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
        for key, statement in LEAVES:
            if key == "domain_score":
                if not domains:
                    continue
                sql = statement(dialect, domains)
            else:
                sql = statement(dialect)
            started = time.monotonic()
            cursor.execute(sql, params)
            done.append((key, max(cursor.rowcount, 0), time.monotonic() - started))
    return done
