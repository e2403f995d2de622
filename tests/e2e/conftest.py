"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser), with an
axe-core check that fails on any WCAG 2.2 AA violation and a watch for CSP violations."""

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make for
# set-up are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SAMENSPEL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# What Playwright reports when a page navigates while a script runs in it.
NAVIGATION_ERRORS = ("Execution context was destroyed", "documentElement", "Cannot find context")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    csp_violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.csp_violations = csp_violations
    yield page
    context.close()
    assert csp_violations == [], "the page broke its own Content-Security-Policy"


def check_accessibility(page) -> None:
    """Run axe-core on the current page; fail listing every WCAG 2.2 A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    # A click on a link returns before the next page has loaded; axe must not run on a
    # document that is being replaced (it then finds no documentElement).
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            break
        except PlaywrightError as error:
            navigating = any(sign in str(error) for sign in NAVIGATION_ERRORS)
            if attempt == 2 or not navigating:
                raise
    violations = results.response["violations"]
    if violations:
        lines = [
            f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in violations
        ]
        raise AssertionError(f"axe-core found violations on {page.url}:\n" + "\n".join(lines))


_codes_used: dict[str, str] = {}


def log_in(page, email: str, password: str, *, secret: str | None = None) -> None:
    """Log in through the real pages, answering the second step with a code from `secret`."""
    from tests.helpers import totp_code

    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if secret:
        page.wait_for_url("**/2fa/authenticate/")
        code = totp_code(secret)
        if _codes_used.get(secret) == code:
            # A code is accepted once (replay protection): a second login by the same person
            # within one 30-second step waits for the next code, as a person would.
            time.sleep(30 - time.time() % 30 + 0.5)
            code = totp_code(secret)
        _codes_used[secret] = code
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(lambda url: "/2fa/authenticate/" not in url)


def add_goal(page, title: str, domain: str, *, member: str, levels: tuple[str, str, str]) -> None:
    """Add a goal to the open draft through the plan pages: the family's words, the life
    domain, the member it is about and the GAS levels −1, 0 and +1."""
    page.get_by_role("link", name="Doel toevoegen").click()
    page.get_by_label("Doel, in de eigen woorden van het gezin").fill(title)
    page.get_by_label("Leefgebied").select_option(label=domain)
    page.get_by_label(member).check()
    below, reached, above = levels
    page.get_by_label("−1: minder dan verwacht (meestal het begin)").fill(below)
    page.get_by_label("0: het doel bereikt").fill(reached)
    page.get_by_label("+1: beter dan verwacht").fill(above)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("heading", name=title).wait_for()
