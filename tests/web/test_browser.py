"""Each role's main journey in a real browser: Debian's Chromium, driven by Playwright.

The tests skip when /usr/bin/chromium is missing (``.ci/run`` installs it); they
never download a browser. Time is set to a coming working day with time-machine,
which the live server's thread sees too; each role logs in afresh after a jump.
Set BYGGEBRO_SCREENSHOTS to a folder (docs/screenshots) to save the main pages.
"""

import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from matching.models import FollowUp, Outcome, Placement, PlacementStatus
from notifications.email import check_in_token
from notifications.models import CheckInLink
from renovations import workdays
from renovations.models import LabourNeed
from tests.matching.factories import PlacementFactory
from tests.renovations.factories import LabourNeedFactory
from tests.web.chromium import ARGS, CHROMIUM
from tests.web.site import PASSWORD, build_site

pytestmark = pytest.mark.skipif(
    not shutil.which(CHROMIUM), reason="needs Debian's chromium (apt-get install chromium)"
)
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(scope="module")
def playwright(django_db_setup: None) -> Iterator[Playwright]:
    """Started after the test database exists. While Playwright's event loop lives, Django
    takes this thread for async code; the tests' own ORM calls are plain sync code."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as running:
            yield running
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
    yield launched
    launched.close()


def working_day_after(day: dt.date) -> dt.date:
    return workdays.working_day_on_or_after(day + dt.timedelta(days=1))


def at_nine(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=COPENHAGEN)


def screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("BYGGEBRO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def log_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overblik")


@pytest.fixture
def day_one() -> Iterator[time_machine.Traveller]:
    """A coming working day, 9 o'clock: later than now, so the browser keeps its cookies."""
    with time_machine.travel(
        at_nine(working_day_after(dt.datetime.now(COPENHAGEN).date())), tick=True
    ) as travel:
        yield travel


@pytest.mark.django_db(transaction=True)
def test_need_to_outcome_journey(
    live_server: object, browser: Browser, day_one: time_machine.Traveller
) -> None:
    """Bo posts a need, Anne introduces the suggested Amina with one click, Bo accepts,
    Anne records the start, a follow-up, the end plan, the completion and the outcome,
    and Frida of the follow-up group opens the project's report and downloads its PDF."""
    base = str(live_server)
    today = dt.datetime.now(COPENHAGEN).date()
    site = build_site(today)
    page = browser.new_page(locale="da-DK")

    # Bo, contractor staff: post a need; an impossible window is refused next to its field.
    log_in(page, base, site.bo.email)
    screenshot(page, "contractor-dashboard")
    page.get_by_role("link", name="Opret et arbejdskraftbehov").first.click()
    page.get_by_label("Fag").select_option(label="Murer")
    page.get_by_label("Tidligste start").fill(today.isoformat())
    page.get_by_label("Seneste start").fill((today - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Mentors navn").fill("Jens Mester")
    page.get_by_role("button", name="Gem").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Ret venligst følgende")
    expect(summary).to_contain_text("Seneste start kan ikke ligge før tidligste start.")
    page.get_by_label("Seneste start").fill((today + dt.timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status")).to_contain_text("Arbejdskraftbehovet er oprettet.")
    need = LabourNeed.objects.get(contractor=site.murer)
    assert need.mentor_name == "Jens Mester"

    # Anne, coordinator: the need's suggestions explain Amina's score; one click introduces her.
    log_in(page, base, site.anne.email)
    screenshot(page, "coordinator-dashboard")
    page.goto(f"{base}/needs/{need.pk}/")
    row = page.locator(f"#suggestion-{site.amina.pk}")
    expect(row).to_contain_text("Amina Hassan")
    expect(row.locator(".reasons")).not_to_be_empty()
    screenshot(page, "need-suggestions")
    row.get_by_role("button", name="Præsentér Amina").click()
    expect(row).to_contain_text("Præsenteret.")
    placement = Placement.objects.get(need=need, candidate=site.amina)
    assert placement.status == PlacementStatus.PROPOSED

    # Bo: the introduction waits on his overview; he sees Amina by first name and accepts.
    log_in(page, base, site.bo.email)
    page.get_by_role("link", name="Amina H.").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amina H.")
    expect(page.locator("body")).not_to_contain_text("Hassan")
    page.get_by_role("button", name="Tag imod kandidaten").click()
    expect(page.get_by_role("status")).to_contain_text("Kandidaten er taget imod.")

    # The first day on the site: Anne starts the placement, follows up, plans, completes.
    day_one.move_to(at_nine(placement.starts_on))
    log_in(page, base, site.anne.email)
    page.goto(f"{base}/placements/{placement.pk}/")
    page.get_by_role("button", name="Praktikanten er startet").click()
    expect(page.get_by_role("status")).to_contain_text("Forløbet er startet.")
    page.get_by_label("Dage mødt").fill("1")
    page.get_by_label("Dage med fravær").fill("0")
    page.get_by_label("Trivsel (1 lav – 5 høj)").select_option("4")
    page.get_by_label("Næste skridt").fill("Tale om grundforløb")
    page.locator("form[action$='/follow-up/']").get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status")).to_contain_text("Opfølgningen er registreret.")
    page.get_by_label("Plan efter forløbet").select_option("education")
    page.get_by_label("Detaljer").fill("Grundforløb som murer fra august")
    page.get_by_role("button", name="Gem slutplanen").click()
    expect(page.get_by_role("status")).to_contain_text("Slutplanen er gemt.")
    screenshot(page, "placement")
    page.get_by_role("button", name="Afslut forløbet").click()
    expect(page.get_by_role("status")).to_contain_text("Forløbet er afsluttet.")
    page.get_by_role("combobox", name="Resultat").select_option("education")
    page.get_by_label("Arbejdsgiver eller skole").fill("Syddansk Erhvervsskole")
    page.get_by_role("button", name="Registrér resultatet").click()
    expect(page.get_by_role("status")).to_contain_text("Resultatet er registreret")
    outcome = Outcome.objects.get(placement=placement)
    assert outcome.retention_checks.count() == 3

    # Frida, follow-up group: the project's report from her overview, then its PDF.
    log_in(page, base, site.frida.email)
    page.get_by_role("link", name="Projektets rapport").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(site.project.name)
    expect(page.locator("figure svg").first).to_be_visible()
    screenshot(page, "follow-up-member-report-journey")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    page.close()


@pytest.mark.django_db(transaction=True)
def test_social_worker_refers_a_resident_with_consent(
    live_server: object, browser: Browser, day_one: time_machine.Traveller
) -> None:
    """Dorte refers a resident of her area; without the resident's consent she cannot,
    and the CPR number she typed is never shown back."""
    base = str(live_server)
    site = build_site(dt.datetime.now(COPENHAGEN).date())
    page = browser.new_page(locale="da-DK")
    log_in(page, base, site.dorte.email)
    page.get_by_role("link", name="Henvis en beboer").first.click()
    page.get_by_label("CPR-nummer").fill("0101901234")
    page.get_by_label("Fornavn").fill("Yusuf")
    page.get_by_label("Efternavn").fill("Ali")
    page.get_by_label("Bor i boligområde").select_option(label="Korsløkkeparken")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("alert")).to_contain_text("den boligsociale helhedsplan")
    assert "0101901234" not in page.content()
    expect(page.get_by_label("CPR-nummer")).to_have_value("")
    page.get_by_label("Samtykker til deling med den boligsociale helhedsplan").check()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status")).to_contain_text("Personen er registreret.")
    page.goto(f"{base}/")
    expect(page.locator("main")).to_contain_text("Yusuf Ali")
    screenshot(page, "social-worker-referrals")
    page.close()


@pytest.mark.django_db(transaction=True)
def test_phone_keyboard_and_english(
    live_server: object, browser: Browser, day_one: time_machine.Traveller
) -> None:
    """On a 375 px screen nothing spills sideways; the first Tab reaches the skip link;
    the language switch turns the page English."""
    base = str(live_server)
    site = build_site(dt.datetime.now(COPENHAGEN).date())
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="da-DK")
    page = context.new_page()
    log_in(page, base, site.anne.email)
    for path in ("/", "/candidates/", "/needs/", "/calendar/"):
        page.goto(f"{base}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    screenshot(page, "phone-calendar")
    page.goto(f"{base}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Gå til indholdet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.get_by_label("Sprog").select_option("en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overview")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert not re.search(r"Overblik|Kandidater", page.locator("main").inner_text())
    context.close()


@pytest.mark.django_db(transaction=True)
def test_mentor_checks_in_on_a_phone(
    live_server: object, browser: Browser, day_one: time_machine.Traveller
) -> None:
    """The site mentor opens the signed link on a 375 px phone, without an account,
    and sends the week's check-in; the coordinator then sees it on the placement."""
    base = str(live_server)
    now = dt.datetime.now(COPENHAGEN)
    today = now.date()
    site = build_site(today)
    need = LabourNeedFactory.create(
        project=site.project,
        contractor=site.murer,
        earliest_start=today - dt.timedelta(days=3),
        latest_start=today + dt.timedelta(days=10),
    )
    placement = PlacementFactory.create(
        candidate=site.amina,
        need=need,
        status=PlacementStatus.ACTIVE,
        coordinator=site.anne,
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=24),
    )
    link = CheckInLink.objects.create(
        placement=placement,
        week=1,
        mentor_email="jens@entreprenoer.dk",
        expires_at=now + dt.timedelta(days=3),
    )
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="da-DK")
    page = context.new_page()
    page.goto(f"{base}/check-in/{check_in_token(link.pk)}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amina")
    assert "Hassan" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("Dage på pladsen i denne uge").fill("4")
    page.get_by_label("Dage med fravær i denne uge").fill("1")
    page.get_by_label("4").check()
    page.get_by_label("Kort vurdering").fill("Mødte stabilt, god til at spørge")
    screenshot(page, "mentor-check-in-phone")
    page.get_by_role("button", name="Send ugens tjek").click()
    expect(page.get_by_role("status")).to_contain_text("Ugens tjek er registreret")
    screenshot(page, "mentor-check-in-done")
    follow_up = FollowUp.objects.get(placement=placement)
    assert (follow_up.days_present, follow_up.days_absent, follow_up.wellbeing) == (4, 1, 4)
    log_in(page, base, site.anne.email)
    page.goto(f"{base}/placements/{placement.pk}/")
    expect(page.locator("main")).to_contain_text("Mødte stabilt, god til at spørge")
    context.close()
