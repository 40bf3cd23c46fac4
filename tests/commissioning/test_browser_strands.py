"""Strands in Chromium with the keyboard alone: a criteria group member proposes a strand
(meeting the error summary on the way) and the group's list shows its money; once the round is
open, a visitor reads each strand's money and target on the public page; an applicant chooses
a strand for their project; staff give a panel a strand. Every page passes axe's WCAG 2.2 AA
checks and reflows at 320 CSS pixels."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from applications.models import Application
from commissioning.models import FundingRound, Strand
from panels.models import Panel
from tests.accessibility import assert_accessible, assert_reflows
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation
from tests.keyboard import heading, press, sign_in, tab_to, type_into

from .factories import FundingRoundFactory, UserFactory, add_strand, add_timeline, join_criteria_group

pytestmark = pytest.mark.django_db(transaction=True)


def check(page):
    assert_accessible(page)
    assert_reflows(page)


def test_a_member_proposes_a_strand_with_the_keyboard(page, live_server):
    funding_round = FundingRoundFactory(criteria=True, title="New projects 2018", criteria_quorum=3)
    add_timeline(funding_round)
    member = UserFactory(email="pat@example.org", full_name="Pat Proposer")
    join_criteria_group(member, funding_round)
    page.goto(live_server.url + reverse("commissioning:criteria_list", args=[funding_round.slug]))
    sign_in(page, "pat@example.org")
    expect(heading(page)).to_have_text("The criteria")
    check(page)
    press(page, page.get_by_role("link", name="Propose a strand"))
    expect(heading(page)).to_have_text("Propose a strand")
    check(page)
    type_into(page, page.get_by_label("Give the strand a short name"), "Reaching isolated men")
    type_into(page, page.get_by_label("What kind of project it is for"), "Projects for men who live alone.")
    type_into(page, page.get_by_label("What good looks like"), "Men help to run it.")
    type_into(page, page.get_by_label("Its share of the budget, in pounds"), "lots")
    type_into(page, page.get_by_label("How many projects should it fund?"), "3")
    press(page, page.get_by_role("button", name="Propose this strand"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the strand's share in whole pounds")
    expect(page.get_by_label("What good looks like")).to_have_value("Men help to run it.")
    check(page)
    type_into(page, page.get_by_label("Its share of the budget, in pounds"), "400,000")
    press(page, page.get_by_role("button", name="Propose this strand"))
    expect(heading(page)).to_have_text("Reaching isolated men")
    expect(page.get_by_text("A strand: £400,000 for 3 projects")).to_be_visible()
    check(page)
    assert Strand.objects.get().budget_share == 400000


def test_visitors_read_the_strands_and_an_applicant_chooses_one(page, live_server, browser):
    from tests.applications.factories import open_round

    funding_round = open_round(title="New projects 2018")
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.CRITERIA)
    add_strand(funding_round, "Connecting people", "700000", expected_projects=5)
    men = add_strand(funding_round, "Reaching isolated men", "400000", expected_projects=3)
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.OPEN)
    page.goto(live_server.url + funding_round.get_absolute_url())
    expect(page.locator("#strands")).to_contain_text("Reaching isolated men")
    expect(page.locator("#strand-reserve")).to_have_text(
        "£600,000 is kept in reserve. The panels can move it to a strand when they decide, with their reasons."
    )
    check(page)

    applicant = UserFactory(email="aisha@example.org", full_name="Aisha Applicant")
    organisation = OrganisationFactory(main_contact=applicant)
    join_organisation(applicant, organisation)
    draft = ApplicationFactory(funding_round=funding_round, organisation=organisation, created_by=applicant)
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    try:
        theirs = context.new_page()
        theirs.goto(live_server.url + reverse("applications:application_project", args=[draft.pk]))
        sign_in(theirs, "aisha@example.org")
        expect(heading(theirs)).to_contain_text("project")
        check(theirs)
        tab_to(theirs, theirs.get_by_role("radio", name="Connecting people"))
        theirs.keyboard.press("ArrowDown")
        expect(theirs.get_by_role("radio", name="Reaching isolated men")).to_be_checked()
        press(theirs, theirs.get_by_role("button", name="Save and continue"))
        expect(theirs.get_by_text("Your project title and amount are saved.")).to_be_visible()
        draft.refresh_from_db()
        assert draft.strand == men
    finally:
        context.close()
    assert Application.objects.filter(strand=men).count() == 1


def test_staff_give_a_panel_a_strand(page, live_server):
    from tests.applications.factories import open_round

    funding_round = open_round(title="New projects 2018")
    add_strand(funding_round, "Connecting people", "700000")
    men = add_strand(funding_round, "Reaching isolated men", "400000")
    UserFactory(email="staff@example.org", full_name="Fiona Facilitator", facilitator=True)
    page.goto(live_server.url + reverse("panels:panel_setup", args=[funding_round.slug]))
    sign_in(page, "staff@example.org")
    expect(heading(page)).to_have_text("Panels")
    check(page)
    type_into(page, page.get_by_label("Panel name"), "Men's panel")
    tab_to(page, page.get_by_role("radio", name="Any strand"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Reaching isolated men")).to_be_checked()
    press(page, page.get_by_role("button", name="Create the panel"))
    expect(page.locator("#panel-strand")).to_contain_text("Reaching isolated men")
    check(page)
    assert Panel.objects.get().strand == men
