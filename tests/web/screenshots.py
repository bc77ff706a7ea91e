"""Screenshots of the main pages with the demo's data, for the README.

Against a running demo (``make run``, or ``manage.py runserver`` after ``seed_demo``):

    .venv/bin/python -m tests.web.screenshots http://127.0.0.1:8000 docs/screenshots

Uses Debian's chromium like the browser tests; never downloads a browser.
"""

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.web.chromium import ARGS, CHROMIUM

PASSWORD = "byggebro-demo"  # the demo's logins (README)
PAGES = {
    "tovholder@odense.dk": [
        ("coordinator-dashboard", "/", None),
        ("candidates", "/candidates/", None),
        ("calendar", "/calendar/", None),
        ("report", "/reports/", None),
    ],
    "lise@lillebaeltbyg.dk": [("contractor-dashboard", "/", None)],
    "boligsocial@civica.dk": [("social-worker-referrals", "/", None)],
    "henrik.lund@3f.dk": [("follow-up-member-report", "/reports/", None)],
}


def log_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def main(base: str, folder: str) -> None:
    Path(folder).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(locale="da-DK", viewport={"width": 1280, "height": 900})
        for email, shots in PAGES.items():
            log_in(page, base, email)
            for name, path, _ in shots:
                page.goto(f"{base}{path}")
                page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
        log_in(page, base, "tovholder@odense.dk")
        page.goto(f"{base}/needs/")
        page.locator("main table a").first.click()
        page.screenshot(path=str(Path(folder) / "need-suggestions.png"), full_page=True)
        page.goto(f"{base}/")
        page.locator("#follow-ups ~ div a, main table a").first.click()
        page.screenshot(path=str(Path(folder) / "placement.png"), full_page=True)
        phone = browser.new_page(locale="da-DK", viewport={"width": 375, "height": 740})
        log_in(phone, base, "tovholder@odense.dk")
        phone.goto(f"{base}/calendar/")
        phone.screenshot(path=str(Path(folder) / "phone-calendar.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
