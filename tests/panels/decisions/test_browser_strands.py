"""Strands in Chromium with the keyboard alone: a member opens the decision page (each strand's
money, target and list), tries a portfolio (meeting the error summary on the way), sees the totals
per strand, then votes; the draft never counted. The panel moves money between strands with its
reasons. Every page passes axe's WCAG 2.2 AA checks and reflows at 320 CSS pixels."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from applications.models import Application
from panels.models import FundingDecision, PortfolioChoice, StrandTransfer, Vote
from tests.accessibility import assert_accessible, assert_reflows
from tests.commissioning.factories import add_strand
from tests.keyboard import heading, press, sign_in, tab_to, type_into

from .conftest import deciding_panel, scored, shortlisted

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def deciding(db):
    """£300,000 shared: "Connecting people" £150,000 (target 2), "Staying active" £100,000
    (target 1), £50,000 in reserve. The tea club (£120,000) connects people; the walkers
    (£80,000) keep people active."""
    strands = []
    panel, facilitator, members = deciding_panel(
        lambda funding_round: strands.extend(
            [
                add_strand(funding_round, "Connecting people", "150000", expected_projects=2),
                add_strand(funding_round, "Staying active", "100000", expected_projects=1),
            ]
        )
    )
    connecting, active = strands
    tea_club = shortlisted(panel, facilitator, members, name="Armley Tea Club")
    walkers = shortlisted(panel, facilitator, members, asked=Decimal("80000"), name="Bramley Walkers")
    Application.objects.filter(pk=tea_club.pk).update(strand=connecting)
    Application.objects.filter(pk=walkers.pk).update(strand=active)
    for member in members:
        scored(tea_club, member, 3)
        scored(walkers, member, 2)
    return panel, tea_club, walkers, connecting, active


def test_a_member_tries_a_portfolio_then_votes(page, live_server, deciding):
    panel, tea_club, walkers, connecting, active = deciding
    page.goto(live_server.url + reverse("panels:decision_list", args=[panel.pk]))
    sign_in(page, "pamela@example.org")
    expect(heading(page)).to_have_text("Deciding")
    expect(page.get_by_role("heading", name="Connecting people")).to_be_visible()
    expect(page.locator(f"#strand-{connecting.pk}-projects")).to_have_text("0 funded of a target of 2")
    expect(page.locator("#budget-reserve")).to_have_text("£50,000")
    assert_accessible(page)
    assert_reflows(page)

    press(page, page.get_by_role("link", name="Try a portfolio before you vote"))
    expect(heading(page)).to_have_text("Try a portfolio together")
    assert_accessible(page)
    # Fund the tea club with the amount box emptied: the error summary says what is missing.
    # Tab reaches each radio group once; the arrow keys move within it (and choose).
    tab_to(page, page.locator(f"#id_choice_{tea_club.pk}"))
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#id_choice_{tea_club.pk}_1")).to_be_checked()
    type_into(page, page.get_by_label("Amount to fund Armley Tea Club, in pounds"), "")
    page.keyboard.press("Backspace")
    press(page, page.get_by_role("button", name="Save the draft and see the totals"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter how much to fund Armley Tea Club, in pounds")
    assert_accessible(page)
    type_into(page, page.get_by_label("Amount to fund Armley Tea Club, in pounds"), "160,000")
    tab_to(page, page.locator(f"#id_choice_{walkers.pk}"))
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#id_choice_{walkers.pk}_1")).to_be_checked()
    press(page, page.get_by_role("button", name="Save the draft and see the totals"))
    expect(page.get_by_text("The panel’s portfolio draft is saved.")).to_be_visible()
    totals = page.locator("#portfolio-totals")
    expect(page.locator(f"#total-{connecting.pk}")).to_contain_text("Over by £10,000")
    expect(page.locator(f"#total-{active.pk}")).to_contain_text("1 to fund of a target of 1")
    expect(totals).to_contain_text("The whole round")
    assert_accessible(page)
    assert_reflows(page)
    assert PortfolioChoice.objects.count() == 2
    assert not Vote.objects.exists()  # a draft is never a vote

    # Try a smaller amount, then vote for it.
    type_into(page, page.get_by_label("Amount to fund Armley Tea Club, in pounds"), "120000")
    press(page, page.get_by_role("button", name="Save the draft and see the totals"))
    expect(page.locator(f"#total-{connecting.pk}")).not_to_contain_text("Over by")
    press(page, page.get_by_role("link", name="Back to the shortlist, to vote"))
    press(page, page.get_by_role("link", name="Vote on Armley Tea Club"))
    expect(page.locator("#strand-left")).to_have_text("£150,000")
    tab_to(page, page.get_by_role("radio", name="Fund", exact=True))
    page.keyboard.press("Space")
    type_into(page, page.locator("#id_fund_amount"), "120000")
    press(page, page.get_by_role("button", name="Save my vote"))
    expect(page.get_by_text("Your vote on Armley Tea Club is saved.")).to_be_visible()
    assert Vote.objects.get().amount == Decimal("120000")
    assert not FundingDecision.objects.exists()


def test_the_panel_moves_money_between_strands(page, live_server, deciding):
    panel, tea_club, walkers, connecting, active = deciding
    page.goto(live_server.url + reverse("panels:strand_money_move", args=[panel.pk]))
    sign_in(page, "colin@example.org")
    expect(heading(page)).to_have_text("Move money between strands")
    assert_accessible(page)
    assert_reflows(page)
    tab_to(page, page.get_by_role("radio", name="The reserve (£50,000)"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("radio", name="Connecting people", exact=True))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Staying active", exact=True)).to_be_checked()
    type_into(page, page.get_by_label("How much, in pounds?"), "60,000")
    type_into(page, page.get_by_label("The panel’s reasons"), "Three strong walking groups.")
    press(page, page.get_by_role("button", name="Record the panel’s decision"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Only £50,000 in the reserve is not yet awarded")
    expect(page.get_by_label("The panel’s reasons")).to_have_value("Three strong walking groups.")
    assert_accessible(page)
    type_into(page, page.get_by_label("How much, in pounds?"), "20,000")
    press(page, page.get_by_role("button", name="Record the panel’s decision"))
    expect(page.get_by_text("The panel’s decision to move £20,000 is recorded.")).to_be_visible()
    expect(page.locator(f"#strand-{active.pk}-budget-total")).to_have_text("£120,000")
    assert StrandTransfer.objects.get().from_strand is None
