"""Phone and tablet first (WCAG 1.4.10 reflow): on the demo data, every page a demo login
reaches through its links fits 320 and 375 px without sideways scrolling, and no word in a
table cell or the menu is broken over two lines ("Regisseu r"). In Dutch, in Flemish (the
Flemish network's login reads nl-be, with its longer words) and in English; the Flemish and
English pages, and those of the school contact (seed 002's zorgcoördinator, who sees one child
of one family), also pass axe-core (the other Dutch ones do in the other browser tests).

The pages are found by following links from each login's start page (breadth first, bounded),
so a new page is measured as soon as a menu or page links to it. Layout does not depend on the
database, so this runs on SQLite only."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from samenspel.accounts.models import User
from samenspel.demo.loader import load_demo
from tests.e2e.conftest import check_accessibility
from tests.helpers import restore_reference_data

pytestmark = pytest.mark.django_db(transaction=True)

# (login, the browser's language); the Flemish login reads nl-be through its country.
LOGINS = (
    ("regisseur@demo.samenspel.nl", "nl-NL"),
    ("hulpverlener@demo.samenspel.nl", "nl-NL"),
    ("netwerkbeheer@demo.samenspel.nl", "nl-NL"),
    ("beleid@demo.samenspel.nl", "nl-NL"),
    ("privacy@demo.samenspel.nl", "nl-NL"),
    ("ouder@demo.samenspel.nl", "nl-NL"),
    ("vlaanderen@demo.samenspel.nl", "nl-BE"),
    ("regisseur@demo.samenspel.nl", "en-GB"),
    ("school@demo.samenspel.nl", "nl-NL"),
)
# Logins whose pages no other browser test walks: their pages also pass axe-core here.
AXE_LOGINS = {"vlaanderen@demo.samenspel.nl", "school@demo.samenspel.nl"}
LANGUAGE = {"nl-NL": "nl", "nl-BE": "nl-be", "en-GB": "en"}
PAGES_PER_LOGIN = 14
WIDTHS = (320, 375)
# Links that leave the page shell (files, logging out, the admin) or change state.
SKIP = ("/accounts/logout", "/admin/", ".pdf", ".ics", "/export", "/print", "/download", ".csv")

MEASURE = """() => {
  const problems = [];
  const width = window.innerWidth;
  const page = document.documentElement.scrollWidth;
  if (page > width) problems.push(`the page is ${page} px wide at ${width} px`);
  const cells = document.querySelectorAll("th, td, .samenspel-nav__link");
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const words = /[^\\s\\-\\/\\u2013]+/g;  // breaks after - / and en dash are typography
      let match;
      while ((match = words.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()]
          .filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
        if (lines.size > 1) problems.push(`"${match[0]}" is broken over ${lines.size} lines`);
      }
    }
  }
  return problems;
}"""


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "main a[href], nav a[href]", "links => links.map(link => link.href)"
    )
    found = []
    for href in hrefs:
        path = href.removeprefix(origin).split("#")[0]
        if path.startswith("/") and not any(part in path for part in SKIP):
            found.append(path)
    return found


def test_every_reachable_page_fits_a_phone(browser, live_server):
    if connection.vendor != "sqlite":
        pytest.skip("layout does not depend on the database; measured on SQLite")
    restore_reference_data()  # an earlier transactional test flushed what migrations seeded
    load_demo()
    problems: dict[str, list[str]] = {}
    measured: dict[tuple[str, str], int] = {}
    for email, locale in LOGINS:
        client = Client()
        client.force_login(User.objects.get(email=email))
        context = browser.new_context(base_url=live_server.url, locale=locale)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        # The SQLite demo computes the insight pages on request (PostgreSQL reads stored rows).
        page.set_default_timeout(60_000)
        queue, seen = ["/"], set()
        while queue and len(seen) < PAGES_PER_LOGIN:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            response = page.goto(path)
            if response is None or response.status >= 400:
                continue
            where = f"{email} ({locale}) {path}"
            language = page.get_attribute("html", "lang")
            if language != LANGUAGE[locale]:
                problems[where] = [f"the page is in {language!r}"]
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                found = page.evaluate(MEASURE)
                if found:
                    problems[f"{where} @{width}px"] = found[:5]
            if locale != "nl-NL" or email in AXE_LOGINS:
                check_accessibility(page)
            measured[email, locale] = measured.get((email, locale), 0) + 1
            queue.extend(link for link in _links(page, live_server.url) if link not in seen)
        context.close()
    too_few = {login: measured.get(login, 0) for login in LOGINS if measured.get(login, 0) < 4}
    assert not too_few, f"the crawl reached too few pages to mean anything: {too_few}"
    assert problems == {}, "\n".join(f"{where}: {what}" for where, what in problems.items())
