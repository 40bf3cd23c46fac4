"""Expenses in a real Chromium, by keyboard alone: a member claims a bus fare with a photo of the
ticket, staff find it in the queue and approve it. axe-core checks every page on the way, error
states included, and each new page at 320 px wide."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from panels.models import ExpenseClaim, Panel
from tests.accessibility import assert_accessible, assert_reflows
from tests.applications.sample_files import jpeg
from tests.commissioning.factories import TEST_PASSWORD, UserFactory
from tests.keyboard import heading, press, tab_to, type_into
from tests.panels.expenses.world import rules_for, yesterday
from tests.panels.factories import seat, shortlisting_round

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, email):
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(heading(page)).to_contain_text("Hello")


def choose_radio(page, first: str, down: int = 0):
    """Tab into a group of radios at its first button, then arrow down to the one wanted, as a
    keyboard user does (Tab reaches a radio group once)."""
    tab_to(page, page.get_by_label(first, exact=True))
    page.keyboard.press("Space")
    for _ in range(down):
        page.keyboard.press("ArrowDown")


def test_a_member_claims_with_a_receipt_by_keyboard_and_staff_approve_it(page, live_server):
    panel = Panel.objects.create(funding_round=shortlisting_round(), name="Panel A")
    member = UserFactory(email="pamela@example.org", full_name="Pamela Panel")
    UserFactory(email="fiona@example.org", full_name="Fiona Facilitator", facilitator=True)
    seat(member, panel)
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))
    sign_in(page, live_server, "pamela@example.org")

    page.goto(live_server.url + reverse("panels:expense_list"))
    expect(heading(page)).to_have_text("Your expenses")
    assert_accessible(page)
    assert_reflows(page)
    press(page, page.get_by_role("link", name="Claim an expense for Panel A"))
    expect(heading(page)).to_have_text("Claim an expense")
    assert_accessible(page)
    assert_reflows(page)

    # Sent empty first: the error summary links to each field, and axe checks the error state.
    press(page, page.get_by_role("button", name="Send the claim"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what the cost was")
    assert_accessible(page)

    choose_radio(page, "Bus, tram or train fare")
    choose_radio(page, "A together session", down=2)
    expect(page.get_by_label("Other panel work", exact=True)).to_be_checked()
    day = yesterday()
    type_into(page, page.locator("#id_spent_on_0"), str(day.day))
    type_into(page, page.locator("#id_spent_on_1"), str(day.month))
    type_into(page, page.locator("#id_spent_on_2"), str(day.year))
    type_into(page, page.get_by_label("Details (optional)"), "Bus to the Civic Hall and back")
    type_into(page, page.get_by_label("Amount (not needed for mileage)"), "4.60")
    page.on("filechooser", lambda _chooser: None)
    tab_to(page, page.get_by_label("Receipt"))
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files({"name": "Bus ticket.jpg", "mimeType": "image/jpeg", "buffer": jpeg()})
    press(page, page.get_by_role("button", name="Send the claim"))

    expect(heading(page)).to_have_text("Your claim for £4.60")
    expect(page.get_by_text("Your claim is sent.")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Waiting for staff")
    assert_accessible(page)
    assert_reflows(page)
    claim = ExpenseClaim.objects.get()
    assert claim.receipt_kind == "jpg" and claim.amount == Decimal("4.60")

    # Staff: the programme's queue, the claim, approve.
    page.context.clear_cookies()
    sign_in(page, live_server, "fiona@example.org")
    page.goto(live_server.url + reverse("panels:expense_queue", args=[panel.funding_round.programme_id]))
    expect(heading(page)).to_have_text("Volunteers' expenses")
    assert_accessible(page)
    assert_reflows(page)
    press(page, page.get_by_role("link", name=re.compile("Bus, tram or train fare.*from Pamela Panel")))
    expect(heading(page)).to_have_text("Claim for £4.60")
    assert_accessible(page)
    assert_reflows(page)
    press(page, page.get_by_role("button", name="Send the question"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write what you need to know")
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Approve the claim"))
    expect(page.get_by_text("The claim is approved.")).to_be_visible()
    expect(page.get_by_role("button", name="Mark the claim paid")).to_be_visible()
    assert_accessible(page)
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.APPROVED

    page.goto(live_server.url + reverse("panels:expense_rules", args=[panel.funding_round.programme_id]))
    expect(heading(page)).to_have_text("Expense rules")
    assert_accessible(page)
    assert_reflows(page)


def test_a_member_answers_staffs_question_and_declines_the_honorarium_by_keyboard(page, live_server):
    from panels.services import expenses
    from tests.panels.expenses.world import claim

    panel = Panel.objects.create(funding_round=shortlisting_round(), name="Panel A")
    member = UserFactory(email="pamela@example.org", full_name="Pamela Panel")
    staff = UserFactory(email="fiona@example.org", full_name="Fiona Facilitator", facilitator=True)
    seat(member, panel)
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))
    made = claim(member, panel)
    expenses.query_claim(actor=staff, claim=made, reason="The ticket says £4.20. Which is right?")
    sign_in(page, live_server, "pamela@example.org")

    page.goto(live_server.url + reverse("panels:expense_list"))
    press(page, page.get_by_role("link", name=re.compile("Answer staff's question")))
    expect(heading(page)).to_have_text("Your claim for £4.60")
    expect(page.get_by_text("The ticket says £4.20. Which is right?")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)
    press(page, page.get_by_role("button", name="Send your answer"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write your answer to staff's question")
    assert_accessible(page)
    type_into(page, page.get_by_label("Your answer"), "It was £4.20: sorry, I misread it.")
    press(page, page.get_by_role("button", name="Send your answer"))
    expect(page.get_by_text("Your answer is sent.")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Waiting for staff")
    assert_accessible(page)

    page.goto(live_server.url + reverse("panels:expense_list"))
    press(page, page.get_by_role("button", name="Decline the honorarium for Panel A"))
    expect(page.get_by_text("You have declined the honorarium. Only you and staff know.")).to_be_visible()
    expect(page.get_by_role("button", name="Take the honorarium after all for Panel A")).to_be_visible()
    assert_accessible(page)
