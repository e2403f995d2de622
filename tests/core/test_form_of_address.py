"""One form of address per audience (issue 13, docs/ARCHITECTURE.md "Voice"): families read
*je/jouw/jij* on every page a family login reaches, professionals read *u/uw*; and every
family page outside the portal passes the portal's B1 check (tests/portal/b1.py) with the
extra jargon families met there ("privacyfunctionaris", "BSN", "JSON", "IP-adres", …).

The pages are found as a family finds them: following links from the start page of the demo
logins ouder@ and jongere@ (README), breadth first. The professional sample follows links
from a coordinator's and a professional's start page. The words do not depend on the
database: SQLite only."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from samenspel.accounts.models import User
from samenspel.demo.loader import load_demo
from samenspel.portal.glossary import JARGON_OLDER_PAGES, WORDS, anchor_url
from samenspel.portal.templatetags.glossary import linkable_text
from tests.portal.b1 import b1_problems

FAMILY_LOGINS = ("ouder@demo.samenspel.nl", "jongere@demo.samenspel.nl")
PROFESSIONAL_LOGINS = ("regisseur@demo.samenspel.nl", "hulpverlener@demo.samenspel.nl")
PROFESSIONAL_PAGES = 30
SKIP = ("/accounts/logout", "/admin/", ".pdf", "/pdf/", ".ics", "/export", "/download", ".csv")
SKIP += (".xlsx", "/metrics", "/healthz", "/readyz", "/static/", "/media/", "/i18n/")
# Pages written to the family, also when a professional opens them: the family's access log
# ("Wie heeft ons dossier ingezien") speaks to the family.
WRITTEN_TO_THE_FAMILY = ("/access-history/",)

# "u"/"uw" as a word; not "U-bocht" or a code like "u2f".
U_FORM = re.compile(r"(?<![\w-])(u|U|uw|Uw|uzelf)(?![\w-])")
JE_FORM = re.compile(r"(?<![\w-])(je|Je|jij|Jij|jou|jouw|Jouw|jezelf)(?![\w-])")
# Beyond tests/portal/b1.py's list: what families met on the older pages (issue 13).
FAMILY_JARGON = re.compile(
    r"(?<![\w-])(privacyfunctionaris|multidisciplinair\w*|"
    + "|".join(re.escape(word) for word in JARGON_OLDER_PAGES)
    + r"|Toestemmingen?: \d+ geldig)(?![\w-])",
    re.IGNORECASE,
)
HIDDEN = re.compile(r"<(script|style|code|pre|textarea)\b.*?</\1>|<!--.*?-->", re.S | re.I)
MAIN = re.compile(r"<main\b.*?</main>", re.S)
TAG = re.compile(r"<[^>]+>")
LABEL = re.compile(r'aria-label="([^"]*)"')
HREF = re.compile(r'href="(/[^"#]*)')


def main_text(html: str) -> str:
    """The words of `<main>`, with what a screen reader says for a landmark or a control."""
    found = MAIN.search(html)
    main = HIDDEN.sub(" ", found.group(0) if found else html)
    spoken = " ".join(LABEL.findall(main))
    return " ".join(unescape(TAG.sub(" ", main) + " " + spoken).split())


def crawl(email: str, limit: int) -> dict[str, str]:
    """Every HTML page (path → HTML) the login reaches through its links."""
    client = Client(headers={"accept-language": "nl"})
    client.force_login(User.objects.get(email=email))
    queue, seen, pages = ["/"], set(), {}
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        for link in HREF.findall(html):
            link = unescape(link)
            if link not in seen and not any(part in link for part in SKIP):
                queue.append(link)
    return pages


def unexplained_words(path: str, html: str) -> list[str]:
    """A word of the family's word list on a family page links to its explanation there
    (`{% explain_words %}`, portal/glossary.py) where it is running text; the word list
    itself does not."""
    if path == reverse("portal:glossary"):
        return []
    found = MAIN.search(html)
    main = found.group(0) if found else html
    running = unescape(linkable_text(HIDDEN.sub(" ", main)))
    return [
        f"unexplained {word.slug}: {around(running, match)}"
        for word in WORDS
        if (match := word.pattern().search(running)) and f'href="{anchor_url(word)}"' not in main
    ]


def around(text: str, match: re.Match) -> str:
    return "…" + text[max(0, match.start() - 40) : match.end() + 40] + "…"


@pytest.mark.django_db
def test_families_read_je_and_b1_and_professionals_read_u():
    if connection.vendor != "sqlite":
        pytest.skip("the words do not depend on the database; read on SQLite")
    load_demo()
    problems: list[str] = []
    family_pages = 0
    paths: set[str] = set()
    for email in FAMILY_LOGINS:
        for path, html in crawl(email, limit=200).items():
            family_pages += 1
            paths.add(path)
            text = main_text(html)
            problems += [f"{email} {path}: u-form {around(text, m)}" for m in U_FORM.finditer(text)]
            problems += [f"{email} {path}: {p}" for p in unexplained_words(path, html)]
            if path.startswith("/portal/"):
                continue  # tests/portal/test_family_voice.py checks the portal's B1
            problems += [f"{email} {path}: B1 {p}" for p in b1_problems(html)]
            problems += [
                f"{email} {path}: jargon {around(text, m)}" for m in FAMILY_JARGON.finditer(text)
            ]
    professional_pages = 0
    for email in PROFESSIONAL_LOGINS:
        for path, html in crawl(email, limit=PROFESSIONAL_PAGES).items():
            if any(part in path for part in WRITTEN_TO_THE_FAMILY):
                continue
            professional_pages += 1
            text = main_text(html)
            problems += [
                f"{email} {path}: je-form {around(text, m)}" for m in JE_FORM.finditer(text)
            ]
    assert family_pages >= 20 and professional_pages >= 40, "the crawl read too few pages"
    assert reverse("portal:glossary") in paths, "the word list is not in the family's menu"
    assert problems == [], "\n".join(problems)
