"""Regenerate docs/screenshot.png from a running demo (`uv run samenspel demo` first).

    uv run python scripts/screenshot.py [EMAIL] [PATH]

Logs in as EMAIL (default the coordinator) with the demo password, reads the second-step code
the demo shows, opens PATH (default the start page) and saves a screenshot.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshot.png"


def main(email: str = "regisseur@demo.samenspel.nl", path: str = "/") -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(locale="nl-NL", viewport={"width": 1280, "height": 800})
        page.goto(f"{BASE}/accounts/login/")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill("samenspel-demo")
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/2fa/authenticate/")
        code = re.search(r"\d{6}", page.get_by_test_id("demo-code").inner_text()).group(0)
        page.locator("#id_code").fill(code)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(lambda url: "/accounts/" not in url)
        page.goto(f"{BASE}{path}")
        page.screenshot(path=str(OUT))
        browser.close()
    print(f"saved {OUT}")


if __name__ == "__main__":
    main(*sys.argv[1:])
