"""Deciding in Chromium with the keyboard alone: a member votes (meeting the error summary on
the way), records the panel's decision and writes feedback; the decision shows on the decision
page; once the round moves to feedback, the applicant (in another browser) sees the outcome on
their status page; staff record the decision meeting. Every page passes axe's WCAG 2.2 AA checks."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.models import FundingRound
from panels.models import FundingDecision, TogetherSession
from tests.accessibility import assert_accessible
from tests.applications.factories import join_organisation
from tests.commissioning.factories import UserFactory
from tests.keyboard import heading, press, sign_in, tab_to, type_into
from tests.pdfs import pdf_text

from .conftest import deciding_panel, scored, shortlisted, vote

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def deciding(db):
    """The tea club, shortlisted and scored; two of the three members have voted to fund it."""
    panel, facilitator, members = deciding_panel()
    application = shortlisted(panel, facilitator, members, name="Armley Tea Club")
    for member in members:
        scored(application, member, 3)
    vote(members[1], application, "fund", 100000)
    vote(members[2], application, "fund", 90000)
    return panel, application, members


def test_a_member_votes_records_the_decision_and_the_applicant_sees_it(page, live_server, browser, deciding):
    panel, application, members = deciding
    applicant = UserFactory(email="aisha@example.org", full_name="Aisha Applicant")
    join_organisation(applicant, application.organisation)

    page.goto(live_server.url + reverse("panels:decision_list", args=[panel.pk]))
    sign_in(page, "pamela@example.org")
    expect(heading(page)).to_have_text("Deciding")
    expect(page.get_by_text("2 fund — 2 of the quorum of 3 have voted")).to_be_visible()
    assert_accessible(page)

    press(page, page.get_by_role("link", name="Vote on Armley Tea Club"))
    expect(heading(page)).to_have_text("Your vote on Armley Tea Club")
    assert_accessible(page)
    # The amount box is revealed under "Fund" once it is chosen.
    amount = page.locator("#id_fund_amount")
    expect(amount).to_be_hidden()
    tab_to(page, page.get_by_role("radio", name="Fund", exact=True))
    page.keyboard.press("Space")
    expect(amount).to_be_visible()
    type_into(page, amount, "130000")
    press(page, page.get_by_role("button", name="Save my vote"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The amount cannot be more than the £120,000 the organisation asked for.")
    expect(amount).to_have_value("130000")
    assert_accessible(page)

    type_into(page, amount, "95,000")
    press(page, page.get_by_role("button", name="Save my vote"))
    expect(page.get_by_text("Your vote on Armley Tea Club is saved.")).to_be_visible()
    expect(page.get_by_text("3 fund — 3 of the quorum of 3 have voted")).to_be_visible()

    press(page, page.get_by_role("link", name="Record the decision on Armley Tea Club"))
    expect(heading(page)).to_have_text("Record the decision on Armley Tea Club")
    # The middle of £90,000, £95,000 and £100,000.
    expect(page.locator("#outcome")).to_have_text("Fund: £95,000")
    assert_accessible(page)
    type_into(page, page.get_by_label("The panel’s reasons"), "A warm, well-run group that reaches people others miss.")
    press(page, page.get_by_role("button", name="Record the decision"))
    expect(page.get_by_text("The panel’s decision on Armley Tea Club is recorded.")).to_be_visible()
    row = page.locator(f"#decision-{application.pk}")
    expect(row).to_contain_text("Fund: £95,000")
    expect(page.locator("#budget-left")).to_have_text("£205,000")
    assert_accessible(page)
    assert FundingDecision.objects.get().amount_awarded == Decimal(95000)

    press(page, page.get_by_role("link", name="Write feedback for Armley Tea Club"))
    expect(heading(page)).to_have_text("Feedback for Armley Tea Club")
    assert_accessible(page)
    type_into(page, page.get_by_label("Strengths: Reaches lonely older people"), "You know your members by name.")
    press(page, page.get_by_role("button", name="Save the feedback"))
    expect(page.get_by_text("The feedback for Armley Tea Club is saved.")).to_be_visible()

    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.FEEDBACK)
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    try:
        theirs = context.new_page()
        theirs.goto(live_server.url + application.get_absolute_url())
        sign_in(theirs, "aisha@example.org")
        expect(theirs.get_by_role("heading", name="The panel’s decision")).to_be_visible()
        expect(theirs.get_by_text("The panel awarded £95,000")).to_be_visible()
        expect(theirs.get_by_text("A warm, well-run group that reaches people others miss.")).to_be_visible()
        assert_accessible(theirs)
        # ...and downloads the feedback letter, with the panel's words in it.
        with theirs.expect_download() as download_info:
            press(theirs, theirs.get_by_role("link", name="Download the feedback letter (PDF)"))
        letter = pdf_text(Path(download_info.value.path()).read_bytes())
        assert "£95,000" in letter
        assert "You know your members by name." in letter
    finally:
        context.close()


def test_staff_follow_the_decisions_and_record_the_meeting(page, live_server, deciding):
    panel, application, members = deciding
    page.goto(live_server.url + reverse("panels:panel_decisions", args=[panel.pk]))
    sign_in(page, "staff@example.org")
    expect(heading(page)).to_have_text("Decisions")
    expect(page.get_by_text("Voted: Colin Colleague, Vera Volunteer")).to_be_visible()
    assert_accessible(page)

    # Forgetting when it was: the error summary says so.
    type_into(page, page.get_by_label("What the meeting was called"), "Deciding together")
    type_into(page, page.get_by_label("Where"), "Armley Library, upstairs")
    press(page, page.get_by_role("button", name="Record the meeting"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter when the meeting started")
    assert_accessible(page)

    type_into(page, page.get_by_label("When it started"), "14/07/2026 14:30")
    for name in ("Pamela Panel", "Colin Colleague"):
        tab_to(page, page.get_by_role("checkbox", name=name))
        page.keyboard.press("Space")
    type_into(page, page.get_by_label("Declarations made at the meeting"), "None this time.")
    press(page, page.get_by_role("button", name="Record the meeting"))
    expect(page.get_by_text("The meeting “Deciding together” is recorded.")).to_be_visible()
    expect(page.get_by_text("Attended: Colin Colleague, Pamela Panel.")).to_be_visible()
    assert_accessible(page)
    meeting = TogetherSession.objects.get()
    assert {membership.user.full_name for membership in meeting.attendees.all()} == {"Pamela Panel", "Colin Colleague"}
