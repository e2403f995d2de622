"""Regenerate the screenshots in docs/ from a running demo (`uv run samenspel demo` first).

    uv run python scripts/screenshot.py                # docs/screenshot.png (desktop)
    uv run python scripts/screenshot.py --phone        # docs/screenshots/*.png at 375 px
    uv run python scripts/screenshot.py EMAIL [PATH]   # one page, desktop

Logs in as a demo login with the demo password, reads the second-step code the demo shows,
and reaches each page the way a newcomer would: from the start page through its links.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

BASE = "http://127.0.0.1:8000"
DOCS = Path(__file__).resolve().parents[1] / "docs"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# (file, login, the links to follow from the start page, by their accessible name)
PHONE = (
    ("1-start-regisseur.png", "regisseur@demo.samenspel.nl", ()),
    (
        "2-gezin-regisseur.png",
        "regisseur@demo.samenspel.nl",
        ("Gezinnen", "css:main a[href^='/families/'][href$='/']"),
    ),
    ("3-wie-is-wie.png", "hulpverlener@demo.samenspel.nl", ("Wie is wie",)),
    ("4-portaal-ouder.png", "ouder@demo.samenspel.nl", ()),
    ("5-plan-ouder.png", "ouder@demo.samenspel.nl", ("Ons plan",)),
)


def log_in(page: Page, email: str) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill("samenspel-demo")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    if "/2fa/authenticate/" in page.url:
        code = re.search(r"\d{6}", page.get_by_test_id("demo-code").inner_text()).group(0)
        page.locator("#id_code").fill(code)
        page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


def follow(page: Page, name: str) -> None:
    """Click a link by its name (a menu item) or, with "css:", the first one matching."""
    if name.startswith("css:"):
        page.locator(name.removeprefix("css:")).first.click()
        page.wait_for_load_state()
        return
    link = page.get_by_role("link", name=name, exact=True).first
    if not link.is_visible():  # the menu is folded on a phone
        menu = page.locator("[data-menu] summary")
        if menu.count():
            menu.first.click()
    link.click()
    page.wait_for_load_state()


def main(argv: list[str]) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        if argv[:1] == ["--phone"]:
            (DOCS / "screenshots").mkdir(exist_ok=True)
            contexts = {}  # one login per person: a second one within 30 s reuses the code
            for name, email, links in PHONE:
                if email not in contexts:
                    contexts[email] = browser.new_context(
                        locale="nl-NL",
                        viewport={"width": 375, "height": 812},
                        device_scale_factor=2,
                    )
                    log_in(contexts[email].new_page(), email)
                page = contexts[email].pages[0]
                page.goto(f"{BASE}/")
                for link in links:
                    follow(page, link)
                page.screenshot(path=str(DOCS / "screenshots" / name))
                print(f"saved docs/screenshots/{name} ({page.url.removeprefix(BASE)})")
            for context in contexts.values():
                context.close()
        else:
            email = argv[0] if argv else "regisseur@demo.samenspel.nl"
            path = argv[1] if len(argv) > 1 else "/"
            page = browser.new_page(locale="nl-NL", viewport={"width": 1280, "height": 800})
            log_in(page, email)
            page.goto(f"{BASE}{path}")
            page.screenshot(path=str(DOCS / "screenshot.png"))
            print("saved docs/screenshot.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
