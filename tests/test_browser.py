"""The admin and the public pages driven in headless Chromium, as editors and readers use them."""

import os
from pathlib import Path

import pytest

from .factories import (
    make_alias,
    make_article,
    make_attribution,
    make_claim,
    make_event,
    make_outlet,
    make_person,
    make_story,
)
from .test_page_queries import build

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Chromium is not installed at /usr/bin/chromium "
        "(apt-get install chromium chromium-driver): browser tests skipped",
    ),
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are
    # still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_errors.append(message.text)
        ),
    )
    yield page
    context.close()


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.mark.django_db(transaction=True)
def test_an_editor_logs_in_and_enters_an_outlet_that_readers_then_see(page, live_server, editor):
    log_in(page, live_server, "ed", "ed-password-123")
    page.get_by_role("link", name="Outlets").click()
    page.get_by_role("link", name="Add outlet").click()
    page.get_by_label("Name:", exact=True).fill("The Seoul Courier")
    page.get_by_label("Domain:").fill("seoulcourier.example")
    page.get_by_label("Kind:").select_option("newspaper")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    # The slug was filled in from the name by the admin's own script, which the CSP allows.
    assert page.csp_errors == []
    page.goto(f"{live_server.url}/outlets/the-seoul-courier/")
    assert page.get_by_role("heading", level=1).inner_text() == "The Seoul Courier"
    assert "newspaper" in page.locator(".metadata").inner_text()


@pytest.mark.django_db(transaction=True)
def test_an_editor_links_a_claim_to_a_speaker_with_autocomplete(page, live_server, editor):
    make_person(name="Ri Jong-ho")
    claim = make_claim(text="I want to go to South Korea")
    log_in(page, live_server, "ed", "ed-password-123")
    page.goto(f"{live_server.url}/admin/claims/claim/{claim.pk}/change/")
    page.locator("[aria-labelledby=select2-id_speaker-container]").click()
    page.locator(".select2-search__field").fill("Ri J")
    page.get_by_role("option", name="Ri Jong-ho").click()
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    claim.refresh_from_db()
    assert claim.speaker.name == "Ri Jong-ho"
    assert page.csp_errors == []


ARTIFACTS = Path(__file__).resolve().parent.parent / "test-results"


@pytest.mark.django_db(transaction=True)
def test_public_pages_have_no_serious_accessibility_violations(browser, live_server):
    from axe_playwright_python.sync_playwright import Axe

    urls = build(5, 10, 2)
    urls.pop("feed")
    context = browser.new_context()
    page = context.new_page()
    axe = Axe()
    for name, path in urls.items():
        page.goto(f"{live_server.url}{path}")
        results = axe.run(page)
        serious = [
            v for v in results.response["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{name} {path}\n{results.generate_report()}"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_reader_walks_from_the_timeline_to_a_person_and_a_search(browser, live_server):
    story = make_story(title="North Korean POWs in Ukraine")
    event = make_event(story=story, title="Seoul will accept North Korean POWs")
    ri = make_person(name="Ri", description="captured North Korean soldier")
    make_alias(person=ri, name="Lee")
    claim = make_claim(event=event, speaker=ri, text="I want to go to South Korea")
    for outlet in ("The Straits Times", "The Korea Daily"):
        article = make_article(
            event=event,
            outlet=make_outlet(name=outlet),
            headline=f"{outlet} report",
            body="SEOUL – “I want to go to South Korea,” Ri said from captivity.",
        )
        make_attribution(article=article, claim=claim, words="I want to go to South Korea")
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Seoul will accept North Korean POWs").click()
    assert page.get_by_role("heading", level=1).inner_text() == event.title
    assert page.get_by_role("columnheader", name="The Korea Daily").is_visible()
    page.screenshot(path=ARTIFACTS / "event-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=ARTIFACTS / "event-phone.png", full_page=True)
    # On a phone the matrix is a list: each cell says which outlet it is.
    assert page.locator("td[data-outlet='The Korea Daily']").first.is_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="The Straits Times report").click()
    assert page.locator("mark").first.inner_text() == "I want to go to South Korea"
    page.get_by_role("link", name="Ri", exact=True).first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Ri")
    assert "Lee" in page.locator("main").inner_text()
    page.get_by_role("link", name="Search").click()
    page.get_by_role("searchbox").fill("South Korea")
    page.get_by_role("searchbox").press("Enter")
    assert "The Korea Daily report" in page.locator("main").inner_text()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_an_editor_reviews_corrects_a_speaker_and_merges_two_people(page, live_server, editor):
    from articles.models import ReviewItem

    ri, lee = make_person(name="Ri"), make_person(name="Lee")
    make_alias(person=ri, name="Ri")
    make_alias(person=lee, name="Lee")
    attribution = make_attribution(claim=make_claim(text="I want to go to South Korea"))
    ReviewItem.flag(attribution, "unsure_speaker", "Speaker guessed from 'he said'.")
    log_in(page, live_server, "ed", "ed-password-123")

    page.get_by_role("link", name="1 item to review").click()
    assert "Speaker guessed from 'he said'." in page.locator("#result_list").inner_text()
    page.locator("#result_list").get_by_role("link", name="attribution").click()
    page.wait_for_url(f"**/admin/claims/attribution/{attribution.pk}/change/")

    page.goto(f"{live_server.url}/admin/claims/claim/{attribution.claim_id}/change/")
    page.locator("[aria-labelledby=select2-id_speaker-container]").click()
    page.locator(".select2-search__field").fill("Lee")
    page.get_by_role("option", name="Lee").click()
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto(f"{live_server.url}/admin/claims/person/")
    for person in (ri, lee):
        page.locator(f"input.action-select[value='{person.pk}']").check()
    page.locator("select[name=action]").select_option("merge_people")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Keep").select_option(str(ri.pk))
    page.get_by_role("button", name="Merge").click()
    assert "Done 1 time(s)" in page.locator(".messagelist").inner_text()
    assert page.csp_errors == []

    page.goto(f"{live_server.url}{ri.get_absolute_url()}")
    main = page.locator("main").inner_text()
    assert "Lee" in main and "I want to go to South Korea" in main
