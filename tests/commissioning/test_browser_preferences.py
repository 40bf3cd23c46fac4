"""Larger text and high contrast on the pages people use most, in Chromium, on the demo's data.

Every page is shown in the four combinations of the two preferences (neither, larger text, high
contrast, both) and axe-core's WCAG 2.2 AA rules, color-contrast among them, find nothing. With
high contrast on, text keeps AAA's 7:1 as well (color-contrast-enhanced), the borders of form
controls and the radios' and checkboxes' marks keep 3:1 against what is around them, and the
focus style stays readable (axe checks neither of these). With both on, at 320 CSS pixels wide
(400% zoom) no page scrolls sideways (WCAG 1.4.10): a wide table scrolls in its own region. One
test collects every failure of every page and combination, so a failing run says how many
there are.
"""

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from applications.models import Application
from commissioning.models import User
from panels.models import Panel
from tests.accessibility import assert_reflows, control_and_focus_problems, describe, violations
from tests.keyboard import heading

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "together-demo"
COMBINATIONS = {
    "neither": (False, False),
    "larger text": (True, False),
    "high contrast": (False, True),
    "both": (True, True),
}


def sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_contain_text("Hello")
    return User.objects.get(email=email)


def go(url):
    def show(page):
        page.goto(url)

    return show


def submit(url, button, *, fill=None, then=".govuk-error-summary"):
    """The page after pressing `button` on `url`'s form (filling a box first): by default its
    error state; `then` is what the page shows afterwards."""

    def show(page):
        page.goto(url)
        if fill:
            page.locator(fill[0]).first.fill(fill[1])
        page.get_by_role("button", name=button).click()
        expect(page.locator(then)).to_be_visible()

    return show


def problems_in_every_combination(page, person, label, show) -> list[tuple[int, str]]:
    """(how many elements, what is wrong) for the page in each combination of the preferences."""
    found = []
    for combination, (larger_text, high_contrast) in COMBINATIONS.items():
        User.objects.filter(pk=person.pk).update(prefers_larger_text=larger_text, prefers_high_contrast=high_contrast)
        show(page)
        body = page.locator("body")
        if high_contrast:
            expect(body).to_have_class(re.compile(r"\bct-high-contrast\b"))
        else:
            expect(body).not_to_have_class(re.compile(r"\bct-high-contrast\b"))
        where = f"{label} ({combination}, {page.url})"
        # With high contrast on, text keeps 7:1 too (AAA): white, yellow or the error colour on black.
        for violation in violations(page, also=("color-contrast-enhanced",) if high_contrast else ()):
            found.append((len(violation["nodes"]), "\n".join([where, *describe(violation, limit=3)])))
        if high_contrast:
            for problem, count in Counter(control_and_focus_problems(page)).items():
                found.append((count, f"{where}: {count} × {problem}"))
        if larger_text and high_contrast:
            # Zoomed to 400% (320 CSS pixels wide), with the larger text on: nothing scrolls sideways.
            try:
                assert_reflows(page)
            except AssertionError as problem:
                found.append((1, f"{where}: {problem}"))
    return found


def test_the_main_pages_pass_axe_with_every_combination_of_preferences(page, live_server):
    call_command("seed_demo", stdout=io.StringIO())
    url = live_server.url
    draft = Application.objects.get(organisation__main_contact__email="applicant1@demo.example", status="draft")
    section = draft.funding_round.questions.order_by("position", "pk").first().criterion_id
    shortlisting = Panel.objects.get(name="Panel A")
    decided = Panel.objects.get(name="The 2016 panel")
    problems = []

    applicant = sign_in(page, live_server, "applicant1@demo.example")
    for label, show in {
        "home page": go(url + "/"),
        "help page": go(url + reverse("commissioning:help")),
        # Saved as they are, the preferences stay; the page says so in a success banner.
        "account page, saved": submit(
            url + reverse("commissioning:account"), "Save changes", then=".govuk-notification-banner--success"
        ),
        "public round page": go(url + reverse("commissioning:round_detail", args=[draft.funding_round.slug])),
        "decided round page": go(url + reverse("commissioning:round_detail", args=[decided.funding_round.slug])),
        "application task list": go(url + draft.get_absolute_url()),
        "section page with an error": submit(
            url + reverse("applications:application_section", args=[draft.pk, section]),
            "Save and come back later",
            fill=("textarea", " ".join(["word"] * 400)),
        ),
        "project page with an error": submit(
            url + reverse("applications:application_project", args=[draft.pk]),
            "Save and continue",
            fill=("input[name=amount_requested]", "lots"),
        ),
        "check page": go(url + reverse("applications:application_check", args=[draft.pk])),
    }.items():
        problems += problems_in_every_combination(page, applicant, label, show)

    # A volunteer on a panel at shortlisting: declares no conflict, so scoring opens.
    member = sign_in(page, live_server, "panel14@demo.example")
    page.goto(url + reverse("panels:panel_detail", args=[shortlisting.pk]))
    page.get_by_role("link", name="Declare your interests for Bramley Elderly Action").click()
    page.get_by_role("radio", name="No conflict").check()
    page.get_by_role("button", name="Send my declaration").click()
    page.get_by_role("link", name="Score this application").click()
    expect(heading(page)).to_have_text("Score this application")
    scoring = page.url
    for label, show in {
        "panel page": go(url + reverse("panels:panel_detail", args=[shortlisting.pk])),
        "scoring page": go(scoring),
        "scoring page with an error": submit(scoring, "Submit my scores"),
        "results page": go(url + reverse("panels:panel_results", args=[shortlisting.pk])),
        "panel pack page, ready": submit(
            url + reverse("panels:member_pack", args=[shortlisting.pk]), "Prepare", then="#pack-status a[download]"
        ),
    }.items():
        problems += problems_in_every_combination(page, member, label, show)

    # A volunteer on a decided round's panel, with another panel at shortlisting.
    veteran = sign_in(page, live_server, "panel2@demo.example")
    for label, show in {
        "a volunteer's panels": go(url + reverse("panels:panel_list")),
        "decided results page": go(url + reverse("panels:panel_results", args=[decided.pk])),
    }.items():
        problems += problems_in_every_combination(page, veteran, label, show)

    staff = sign_in(page, live_server, "staff@demo.example")
    open_round = draft.funding_round.slug
    for label, show in {
        "round manage page": go(url + reverse("commissioning:round_manage", args=[shortlisting.funding_round.slug])),
        "timeline page": go(url + reverse("commissioning:round_timeline", args=[open_round])),
        "eligibility list": go(url + reverse("applications:eligibility_list", args=[shortlisting.funding_round.slug])),
        "panel manage page": go(url + reverse("panels:panel_manage", args=[shortlisting.pk])),
    }.items():
        problems += problems_in_every_combination(page, staff, label, show)

    if problems:
        elements = sum(count for count, _ in problems)
        pytest.fail(f"{elements} failing element(s):\n" + "\n".join(problem for _, problem in problems), pytrace=False)
