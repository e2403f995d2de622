"""No English in the Dutch pages: on the demo data, every page a demo login reaches through its
links (breadth first, bounded) is read in Dutch and must not contain the English defaults of
Django, allauth or our own forms ("- Select an option -", "This field is required", "Name:"),
nor an ISO date or a decimal point in running text.

The pages are found by following links from each login's start page, so a new page is read as
soon as a menu links to it. The words do not depend on the database: SQLite only."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client

from samenspel.accounts.models import User
from samenspel.demo.loader import load_demo

LOGINS = (
    "regisseur@demo.samenspel.nl",
    "hulpverlener@demo.samenspel.nl",
    "netwerkbeheer@demo.samenspel.nl",
    "beleid@demo.samenspel.nl",
    "privacy@demo.samenspel.nl",
    "trekker@demo.samenspel.nl",
    "ouder@demo.samenspel.nl",
    "beheer@demo.samenspel.nl",
    "vlaanderen@demo.samenspel.nl",
)
# Words that are Dutch only (DOMAIN.md §6): a login in Belgium reads the Flemish ones.
DUTCH_ONLY = re.compile(
    r"\b(regisseurs?|Regisseurs?|BSN|burgerservicenummer|Veilig Thuis|Verwijsindex)\b"
)
PAGES_PER_LOGIN = 25
SKIP = ("/accounts/logout", "/admin/", ".pdf", ".ics", "/export", "/download", ".csv", ".xlsx")
SKIP += ("/metrics", "/healthz", "/readyz", "/static/", "/media/", "/i18n/")

# English texts that Django, allauth or a form would show when a translation is missing.
ENGLISH = (
    "Select an option",
    "---------",
    "This field is required",
    "Enter a valid",
    "Ensure this value",
    "Members:",
    "Name:",
    "Sign In",
    "Sign Out",
    "Sign Up",
    "Forgot Password",
    "Remember Me",
    "E-mail address",
    "Email address",
    "Password",
    "Submit",
    "Save changes",
    "Delete",
    "Cancel",
    "Previous",
    "Next page",
    "Page not found",
    "Authenticator App",
    "Recovery codes",
    "Two-Factor",
)
ISO_DATE = re.compile(r"(?<![\d-])20\d\d-[01]\d-[0-3]\d(?![\d-])")
# A decimal point in a number ("60.0", "(3.8 → 2.2)"); not a numbering ("3.1 Verder zonder
# hulp", "Doelen gerealiseerd (3.4)") and not an instrument's version ("Barometer (2026.1)").
DECIMAL_POINT = re.compile(
    r"(?<![\w.])(?<!\()\d+\.\d+(?![\w.])(?!\s+[A-Z])|(?<=\()\d{1,3}\.\d+(?!\))"
)
HIDDEN = re.compile(r"<(script|style|code|pre|textarea)\b.*?</\1>|<!--.*?-->", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
HREF = re.compile(r'href="(/[^"#]*)')


def visible_text(html: str) -> str:
    return unescape(TAG.sub(" ", HIDDEN.sub(" ", html)))


@pytest.mark.django_db
def test_dutch_pages_have_no_english_defaults():
    if connection.vendor != "sqlite":
        pytest.skip("the words do not depend on the database; read on SQLite")
    load_demo()
    problems: dict[str, list[str]] = {}
    read = flemish_pages = 0
    for email in LOGINS:
        client = Client(headers={"accept-language": "nl"})
        client.force_login(User.objects.get(email=email))
        queue, seen = ["/"], set()
        while queue and len(seen) < PAGES_PER_LOGIN:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            response = client.get(path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            read += 1
            html = response.content.decode()
            text = visible_text(html)
            found = [word for word in ENGLISH if word in text]
            found += [f"ISO date {m}" for m in ISO_DATE.findall(text)]
            found += [f"decimal point {m}" for m in DECIMAL_POINT.findall(text)]
            if response["Content-Language"] == "nl-be":
                flemish_pages += 1
                found += [f"Dutch-only word {m}" for m in DUTCH_ONLY.findall(text)]
            if found:
                problems[f"{email} {path}"] = found[:6]
            for link in HREF.findall(html):
                link = unescape(link)
                if link not in seen and not any(part in link for part in SKIP):
                    queue.append(link)
    assert read >= len(LOGINS) * 5, "the crawl read too few pages to mean anything"
    assert flemish_pages >= 5, "the Flemish login must read nl-be"
    assert problems == {}, "\n".join(f"{where}: {what}" for where, what in problems.items())
