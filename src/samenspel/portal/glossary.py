"""The words families meet, in one place (issue 13, docs/ARCHITECTURE.md "Voice").

`WORDS`: professional words that stay on family pages, each with a plain explanation (B1,
*je*). The family's word list ("Woordenlijst", `portal:glossary`) shows them with an anchor
per word, and `{% explain_words %}` (portal/templatetags/glossary.py, around the content of
every page in base.html) links the first mention of each on a page a family reads to its
anchor. A word's forms are one translated string ("regisseur|regisseurs"), so nl-BE's
catalogue says "trajectbegeleider" here as everywhere (scripts/flemish_catalogue.py).

`JARGON`: professional words a family should not meet at all (tests/portal/b1.py and
tests/core/test_form_of_address.py read them from here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy as _p


@dataclass(frozen=True)
class Word:
    slug: str  # the anchor, the same in every language
    term: Promise
    forms: Promise  # the forms that link, "|"-separated, the term first
    explanation: Promise

    def pattern(self) -> re.Pattern[str]:
        return _pattern(str(self.forms))


@cache
def _pattern(forms: str) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(form) for form in forms.split("|") if form)
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)


WORDS: tuple[Word, ...] = (
    Word(
        "coordinator",
        _p("family glossary", "coordinator"),
        _p("family glossary forms", "coordinator|coordinators"),
        _p(
            "family glossary",
            "Your coordinator is the professional who keeps the overview. "
            "They arrange things with the team. You can always send them a message.",
        ),
    ),
    Word(
        "professional",
        _p("family glossary", "professional"),
        _p("family glossary forms", "professional|professionals"),
        _p(
            "family glossary",
            "A professional helps families for their work. "
            "For example a youth worker, a debt adviser or a therapist.",
        ),
    ),
    Word(
        "team",
        _p("family glossary", "team"),
        _p("family glossary forms", "team|teams"),
        _p(
            "family glossary",
            "Your team is the group of professionals who help your family. "
            "They work together, with one plan.",
        ),
    ),
    Word(
        "plan",
        _p("family glossary", "plan"),
        _p("family glossary forms", "plan|plans"),
        _p(
            "family glossary",
            "The plan says what you want to reach, and who does what. "
            "You make the plan together with the team.",
        ),
    ),
    Word(
        "goal",
        _p("family glossary", "goal"),
        _p("family glossary forms", "goal|goals"),
        _p(
            "family glossary",
            "A goal is something you want to reach. For example: going back to school.",
        ),
    ),
    Word(
        "evaluation",
        _p("family glossary", "evaluation"),
        _p("family glossary forms", "evaluation|evaluations"),
        _p(
            "family glossary",
            "At an evaluation you look back with the team. Is it going well? "
            "Is the help still right? That happens about every six weeks.",
        ),
    ),
    Word(
        "meeting",
        _p("family glossary", "meeting"),
        _p("family glossary forms", "meeting|meetings"),
        _p(
            "family glossary",
            "At a meeting the professionals of your team talk together about your family. "
            "Often you are there too.",
        ),
    ),
    Word(
        "consent",
        _p("family glossary", "consent"),
        _p("family glossary forms", "consent|consents"),
        _p(
            "family glossary",
            "Consent means: you say yes. Then a professional may tell someone else "
            "something about you. You can take your consent back.",
        ),
    ),
    Word(
        "file",
        _p("family glossary", "file"),
        _p("family glossary forms", "file|files"),
        _p(
            "family glossary",
            "Your file is what the professionals write down about your family. "
            "You can see who looked at it.",
        ),
    ),
    Word(
        "draft",
        _p("family glossary", "draft"),
        _p("family glossary forms", "draft|drafts"),
        _p(
            "family glossary",
            "A draft is a text that is not finished yet. Only you see it. "
            "You can finish it later and send it.",
        ),
    ),
    Word(
        "privacy-officer",
        _p("family glossary", "privacy officer"),
        _p("family glossary forms", "privacy officer|privacy officers"),
        _p(
            "family glossary",
            "The privacy officer checks that everyone handles your information well.",
        ),
    ),
)

# Professionals' words a family should not meet on its own pages (DOMAIN.md §3, the
# glossary): not explained, but left out.
JARGON: tuple[str, ...] = (
    "GAS",
    "ZRM",
    "MDO",
    "T-score",
    "casusregie",
    "regievoering",
    "multidisciplinair",
    "interventie",
    "escalatie",
    "verwijsindex",
    "Meldcode",
    "team-op-maat",
    "toeleiding",
    "indicatie",
    "beschikking",
    "zorgtraject",
    "trajectory",
    "care team",
)
# What families met on the older pages (issue 13), beyond JARGON.
JARGON_OLDER_PAGES: tuple[str, ...] = ("BSN", "JSON", "IP-adres")


def anchor_url(word: Word) -> str:
    return f"{reverse('portal:glossary')}#{word.slug}"
