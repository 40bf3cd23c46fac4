"""The pages in a real Chromium: axe-core finds no WCAG 2.2 AA violation, and the
keyboard alone gets people where they need to go."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from tests.accessibility import assert_accessible

from .factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, email, password=TEST_PASSWORD):
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


@pytest.mark.parametrize(
    "url_name",
    [
        "commissioning:home",
        "commissioning:sign_in",
        "commissioning:accessibility_statement",
        "commissioning:privacy_notice",
        "commissioning:password_reset",
    ],
)
def test_public_pages_are_accessible(page, live_server, url_name):
    page.goto(live_server.url + reverse(url_name))
    assert_accessible(page)


def test_sign_in_errors_are_accessible_and_link_to_the_field(page, live_server):
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your email address")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()


def test_not_found_page_is_accessible(page, live_server):
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)


@pytest.mark.parametrize("preference", ["plain", "larger text", "high contrast", "both"])
def test_account_page_is_accessible_with_every_preference(page, live_server, preference):
    UserFactory(
        email="pat@example.org",
        full_name="Pat Preference",
        prefers_larger_text=preference in ("larger text", "both"),
        prefers_high_contrast=preference in ("high contrast", "both"),
    )
    sign_in(page, live_server, "pat@example.org")
    assert_accessible(page)  # the home page, signed in
    page.goto(live_server.url + reverse("commissioning:account"))
    assert_accessible(page)
    page.get_by_label("Your full name").fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your full name")
    assert_accessible(page)


def test_preferences_change_the_page_once_saved(page, live_server):
    UserFactory(email="val@example.org", full_name="Val Vision")
    sign_in(page, live_server, "val@example.org")
    page.goto(live_server.url + reverse("commissioning:account"))
    normal_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    page.get_by_label("Show larger text on every page").check()
    page.get_by_label("Show high-contrast colours on every page").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    page.goto(live_server.url + reverse("commissioning:home"))
    larger_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    assert larger_size == pytest.approx(normal_size * 1.25)
    background = page.evaluate("getComputedStyle(document.querySelector('main')).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    assert_accessible(page)


def test_activity_log_is_accessible_for_staff(page, live_server):
    UserFactory(email="fay@example.org", full_name="Fay Facilitator", facilitator=True)
    sign_in(page, live_server, "fay@example.org")
    page.get_by_role("link", name="Read the activity log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activity log")
    expect(page.get_by_role("table")).to_contain_text("Signed in")
    assert_accessible(page)


def test_forbidden_page_is_accessible_and_gives_the_reason(page, live_server):
    UserFactory(email="vic@example.org", full_name="Vic Volunteer")
    sign_in(page, live_server, "vic@example.org")
    response = page.goto(live_server.url + reverse("commissioning:activity"))
    assert response.status == 403
    expect(page.get_by_text("Only staff facilitators can see this page.")).to_be_visible()
    assert_accessible(page)


def test_keyboard_alone_skips_to_content_signs_in_and_out(page, live_server):
    UserFactory(email="kim@example.org", full_name="Kim Keyboard")
    page.goto(live_server.url + reverse("commissioning:home"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))  # waits: the address changes a moment later

    page.goto(live_server.url + reverse("commissioning:sign_in"))
    expect(page.get_by_label("Email address")).to_be_focused()  # autofocus: no hunting for the box
    page.keyboard.type("kim@example.org")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Kim")

    sign_out = page.get_by_role("button", name="Sign out")
    for _ in range(10):
        page.keyboard.press("Tab")
        if sign_out.evaluate("el => el === document.activeElement"):
            break
    expect(sign_out).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()


def test_a_newcomer_signs_in_with_a_demo_login(page, live_server):
    """What `make run` gives a newcomer: the demo data, the home page and a demo login that works."""
    call_command("seed_demo", stdout=io.StringIO())
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding decided by the people it is for")
    page.get_by_role("link", name="Sign in").first.click()
    sign_in(page, live_server, "staff@demo.example", "together-demo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Sam")
    page.get_by_role("link", name="Read the activity log").click()
    expect(page.get_by_role("table")).to_contain_text("Sam Facilitator")
