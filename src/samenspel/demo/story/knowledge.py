"""The knowledge hub in the demo: the four SAMEN themes, a learning network on each with
members from Beter Thuis and Extrateam Zuilen (two experience experts among them), a year of
progress updates (dated relative to today, so the feed never goes stale), and lessons from
Beter Thuis's process review and Zuilen's value rounds. One lesson, about walking along in
the family's home (meelopen in de thuissituatie), changed an agreement of Beter Thuis.

Idempotent: everything is found by its name first; only the dates move with today."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from samenspel.accounts.models import User
from samenspel.knowledge import actions
from samenspel.knowledge.models import (
    LearningMeeting,
    LearningNetwork,
    Lesson,
    MemberKind,
    Membership,
    ProgressUpdate,
    SearchEntry,
    SourceKind,
    Theme,
    UpdateKind,
)
from samenspel.knowledge.sources import from_process_review
from samenspel.network import actions as network_actions
from samenspel.network.models import Agreement, AgreementVersion, Network, ProcessReview
from samenspel.network.values import AgreementValues

COORDINATOR_EMAIL = "regisseur@demo.samenspel.nl"
NETWORK_ADMIN_EMAIL = "netwerkbeheer@demo.samenspel.nl"
MEELOPEN_AGREEMENT = "Meelopen in de thuissituatie"

# (theme slug, name, facilitator, members, experience experts, public, purpose)
LEARNING_NETWORKS = (
    (
        "integraal-werken",
        "Leernetwerk Samen aan tafel",
        "Fatima el Amrani",
        ("Emre Yilmaz", "Lotte van Dijk", "Maarten Bosch", "Soufiane El Idrissi"),
        ("Kevin Brouwer",),
        True,
        "We leren hoe professionals uit verschillende organisaties als één team werken rond "
        "een gezin. Nu bezig met: **meelopen in de thuissituatie** en de rol van de regisseur "
        "als de hulp van meerdere kanten komt.",
    ),
    (
        "gezinnen-in-kwetsbare-omstandigheden",
        "Leernetwerk Gezinnen in kwetsbare omstandigheden",
        "Samira Haddou",
        ("Nadia Ouali", "Tomasz Nowak", "Hatice Öztürk"),
        ("Ruud Hoekstra",),
        True,
        "Wat helpt gezinnen die op meerdere gebieden vastlopen, met schulden, zorgen over "
        "veiligheid en weinig netwerk? We leren van de gezinnen zelf, via ervaringsdeskundigen.",
    ),
    (
        "normaliseren",
        "Leernetwerk Gewoon opvoeden",
        "Marieke Dekker",
        ("Wendy Maas", "Ilse Groen", "Naima Chaouch"),
        (),
        False,
        "Gewone opvoedvragen gewoon houden: samen met school, huisarts en buurtteam, zonder "
        "dat alles jeugdhulp wordt.",
    ),
    (
        "leren-en-implementeren",
        "Leernetwerk Leren en vasthouden",
        "Lotte van Dijk",
        ("Bram Peters", "Karin Visser", "Esther Kuipers"),
        ("Kevin Brouwer",),
        True,
        "Wat we leren ook echt gaan doen, en vasthouden als collega's wisselen: korte "
        "voortgangsberichten, lessen op één plek en een gemeenschappelijke taal.",
    ),
)
UPDATE_TOPICS = (
    (UpdateKind.METHOD, "Nieuwe werkwijze: huisbezoek met twee", "We gaan voortaan met twee "
     "professionals uit verschillende organisaties op het eerste huisbezoek."),
    (UpdateKind.RESULT, "Minder wachttijd na de aanmelding", "De tijd tussen aanmelding en "
     "eerste gesprek is gedaald van vier naar twee weken."),
    (UpdateKind.AGREEMENT, "Afspraak over de waarnemer aangescherpt", "Bij ziekte van de "
     "regisseur neemt de vaste waarnemer binnen twee werkdagen over."),
    (UpdateKind.OTHER, "Ervaringsdeskundige sluit aan bij het overleg", "Vanaf deze maand "
     "schuift een ervaringsdeskundige aan bij het maandelijkse overleg."),
)  # fmt: skip
UPDATES_PER_NETWORK = 18  # one every three weeks: a year of news


def load(logins: dict[str, User]) -> None:
    admin = logins.get(NETWORK_ADMIN_EMAIL)
    if admin is None or not Network.objects.filter(slug="beter-thuis").exists():
        return
    networks = list(Network.objects.filter(slug__in=["beter-thuis", "extrateam-zuilen"]))
    people = {user.full_name: user for user in User.objects.filter(professional__isnull=False)}
    # Dates hang from today (not from this second), so a second load on the same day
    # leaves the same state, and the news never goes stale.
    now = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(9)))
    hub = {}
    for slug, name, facilitator, members, experts, public, purpose in LEARNING_NETWORKS:
        learning_network = _learning_network(
            slug, name, people[facilitator], purpose, public, networks
        )
        for member in members:
            _member(learning_network, people[member], MemberKind.PROFESSIONAL)
        for expert in experts:
            _member(learning_network, people[expert], MemberKind.EXPERIENCE_EXPERT)
        _updates(learning_network, [people[n] for n in (facilitator, *members)], now)
        _meeting(learning_network, now)
        hub[slug] = learning_network
    _lessons(hub, people, admin, now)


def _learning_network(
    slug: str, name: str, facilitator: User, purpose: str, public: bool, networks: list[Network]
) -> LearningNetwork:
    found = LearningNetwork.objects.filter(slug=slugify(name)).first()
    if found is None:
        found = actions.create_learning_network(
            actor=facilitator,
            name=name,
            theme=Theme.objects.get(slug=slug),
            purpose=purpose,
            networks=networks,
            is_public=public,
        )
    return found


def _member(learning_network: LearningNetwork, user: User, kind: MemberKind) -> None:
    current = Membership.objects.filter(
        learning_network=learning_network, user=user, left_on__isnull=True
    )
    if not current.exists():
        actions.add_member(
            learning_network, actor=learning_network.facilitator, user=user, kind=kind
        )


def _updates(
    learning_network: LearningNetwork, authors: list[User], now: datetime.datetime
) -> None:
    for number in range(UPDATES_PER_NETWORK):
        kind, title, body = UPDATE_TOPICS[number % len(UPDATE_TOPICS)]
        title = f"{title} ({learning_network.theme.name}, {number + 1})"
        when = now - datetime.timedelta(days=2 + 21 * number, hours=number)
        update = ProgressUpdate.objects.filter(
            learning_network=learning_network, title=title
        ).first()
        if update is None:
            update = actions.post_update(
                learning_network,
                actor=authors[number % len(authors)],
                values=actions.UpdateValues(
                    kind=kind, title=title, body=body, is_public=number % 3 == 0
                ),
            )
        _date(update, when)


def _date(item: ProgressUpdate | Lesson, when: datetime.datetime) -> None:
    # The demo's dates follow today; the entries in the search index with them.
    type(item).objects.filter(pk=item.pk).update(created_at=when)
    kind = "update" if isinstance(item, ProgressUpdate) else "lesson"
    SearchEntry.objects.filter(kind=kind, object_id=item.pk).update(created_at=when)


def _meeting(learning_network: LearningNetwork, now: datetime.datetime) -> None:
    day = timezone.localdate(now) + datetime.timedelta(days=14)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
    meeting = LearningMeeting.objects.filter(learning_network=learning_network).first()
    if meeting is None:
        actions.plan_meeting(
            learning_network,
            actor=learning_network.facilitator,
            title="Bijeenkomst van het leernetwerk",
            starts_at=starts,
            duration_minutes=90,
            location="Stadskantoor, zaal 3",
            agenda="- Voortgang per organisatie\n- Eén les bespreken\n- Wat nemen we mee?",
        )
    else:
        LearningMeeting.objects.filter(pk=meeting.pk).update(starts_at=starts)


def _meelopen_version(admin: User) -> AgreementVersion:
    """The agreement the lesson changed: version 1, and version 2 written after the lesson."""
    network = Network.objects.get(slug="beter-thuis")
    found = AgreementVersion.objects.filter(
        agreement__network=network, title=MEELOPEN_AGREEMENT, number=2
    ).first()
    if found is not None:
        return found
    values = AgreementValues(
        category="consultation",
        title=MEELOPEN_AGREEMENT,
        text="Twee professionals lopen de eerste zes weken mee in het gezin.",
        parties=list(network.organisations.all()),
        status="active",
        valid_from=datetime.date(2025, 1, 1),
        reason="Vastgesteld bij de start van het netwerk",
        expected_number=0,
    )
    first = network_actions.save_agreement_version(network, None, actor=admin, values=values)
    agreement = Agreement.objects.get(pk=first.agreement_id)
    values = dataclasses.replace(
        values,
        text=values.text + "\nBij het eerste huisbezoek is altijd de regisseur erbij; "
        "we spreken vooraf af wie welke vragen stelt, zodat het gezin één verhaal vertelt.",
        reason="Aangepast na de les over meelopen in de thuissituatie",
        expected_number=1,
    )
    return network_actions.save_agreement_version(network, agreement, actor=admin, values=values)


def _lessons(
    hub: dict[str, LearningNetwork], people: dict[str, User], admin: User, now: datetime.datetime
) -> None:
    together = hub["integraal-werken"]
    vulnerable = hub["gezinnen-in-kwetsbare-omstandigheden"]
    review = ProcessReview.objects.filter(network__slug="beter-thuis").first()
    lessons: list[tuple[LearningNetwork, User, dict[str, Any], int]] = [
        (
            together,
            people["Fatima el Amrani"],
            {
                "title": "Meelopen in de thuissituatie: samen op huisbezoek",
                "context": "In Beter Thuis lopen twee professionals zes weken mee in het "
                "gezin. De regisseur houdt het overzicht.",
                "what_happened": "Bij het eerste huisbezoek stelden drie hulpverleners "
                "dezelfde vragen. Het gezin moest zijn verhaal drie keer vertellen.",
                "what_we_learned": "Meelopen werkt als we vooraf afspreken wie welke vragen "
                "stelt. De regisseur is er altijd bij.",
                "what_we_change": "De afspraak over meelopen is aangepast: eerst samen "
                "voorbereiden, één gesprek, één verhaal.",
                "agreement_version": _meelopen_version(admin),
                "source_kind": SourceKind.PROCESS_REVIEW,
                "source_id": review.pk if review else None,
                "is_public": True,
            },
            30,
        ),
        (
            vulnerable,
            people["Tomasz Nowak"],
            {
                "title": "Eerst de schulden, dan de opvoedvragen",
                "context": "In de waarderonde van Extrateam Zuilen gaven ouders aan dat "
                "geldzorgen alle ruimte innamen.",
                "what_happened": "Gezinnen haakten af bij opvoedondersteuning zolang de "
                "schulden niet geregeld waren.",
                "what_we_learned": "Rust over geld maakt ruimte voor de rest.",
                "what_we_change": "De schuldhulpverlener sluit vanaf de start aan bij het "
                "team op maat.",
                "source_kind": SourceKind.BAROMETER_ROUND,
                "source_id": None,
                "is_public": True,
            },
            60,
        ),
    ]
    if review is not None:
        draft = from_process_review(review)
        draft |= {
            "title": "Een vaste waarnemer voor de regisseur",
            "what_happened": "Toen de regisseur ziek werd, wist niemand wie de regie overnam.",
            "is_public": False,
        }
        lessons.append((together, people["Emre Yilmaz"], draft, 90))
    for learning_network, author, data, days_ago in lessons:
        lesson = Lesson.objects.filter(title=data["title"]).first()
        if lesson is None:
            lesson = actions.write_lesson(
                learning_network, actor=author, values=actions.LessonValues(**data)
            )
        _date(lesson, now - datetime.timedelta(days=days_ago))
