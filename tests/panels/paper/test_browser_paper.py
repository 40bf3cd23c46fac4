"""In Chromium, with the keyboard alone: staff take down a member's signed paper sheet (meeting
the error summary first), and the member confirms it through the emailed link. Every page
passes axe's WCAG 2.2 AA checks and reflows at 320 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.models import Criterion, OutgoingEmail
from panels.models import Adjustment, Panel, TakeDown
from tests.accessibility import assert_accessible, assert_reflows
from tests.commissioning.factories import UserFactory
from tests.keyboard import heading, press, tab_to, type_into
from tests.panels.factories import assign, eligible_application, seat_and_declare, shortlisting_round
from tests.panels.test_browser_scoring import choose, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_take_down_a_paper_sheet_and_the_member_confirms_it(page, live_server):
    funding_round = shortlisting_round()
    facilitator = UserFactory(email="staff@example.org", full_name="Fiona Facilitator", facilitator=True)
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    application = eligible_application(funding_round)
    assign(panel, application, facilitator)
    member = UserFactory(email="pamela@example.org", full_name="Pamela Panel")
    membership = seat_and_declare(member, panel, application)
    Adjustment.objects.create(membership=membership, kind="paper_pack", recorded_by=facilitator)
    first, second = funding_round.criteria.filter(kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED)
    organisation = application.organisation.name

    page.goto(live_server.url + reverse("panels:panel_manage", args=[panel.pk]))
    sign_in(page, "staff@example.org")
    press(page, page.get_by_role("link", name="Paper and phone: take down a member’s signed sheet or phone vote"))
    expect(heading(page)).to_have_text("Paper and phone")
    assert_accessible(page)
    press(page, page.get_by_role("link", name=f"Take down the paper sheet of Pamela Panel for {organisation}"))
    expect(heading(page)).to_have_text("Take down Pamela Panel’s paper sheet")
    assert_accessible(page)

    # One score forgotten: the error summary says which, and what was typed stays.
    choose(page, first.title, 3)
    type_into(page, page.get_by_label("The member’s overall comment"), "A warm group.")
    press(page, page.get_by_role("button", name="Save and ask the member to confirm"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"Choose the score the member gave for “{second.title}”"
    )
    expect(page.get_by_label("The member’s overall comment")).to_have_value("A warm group.")
    assert_accessible(page)
    assert_reflows(page)

    choose(page, second.title, 2)
    press(page, page.get_by_role("button", name="Save and ask the member to confirm"))
    expect(page.get_by_text("Pamela Panel’s scores for")).to_be_visible()
    expect(page.get_by_text("Waiting for the member")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)
    assert not TakeDown.objects.get().is_confirmed

    # The member opens the link in the email, signs in, checks and confirms.
    email = OutgoingEmail.objects.get(to=["pamela@example.org"])
    path = re.search(r"(/panels/taken-down/\d+/confirm/[^/\s]+/)", email.text_body).group(1)
    page.context.clear_cookies()
    page.goto(live_server.url + path)
    sign_in(page, "pamela@example.org")
    expect(heading(page)).to_have_text("Check what we wrote down for you")
    expect(
        page.get_by_text("Your scores taken down by Fiona Facilitator from Pamela Panel’s signed paper sheet")
    ).to_be_visible()
    expect(page.get_by_text("3 out of 4")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)
    button = page.get_by_role("button", name="Yes, this is what I said")
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you. You have confirmed it, and it now counts.")).to_be_visible()
    expect(heading(page)).to_have_text("Panel A")
    assert_accessible(page)
    assert TakeDown.objects.get().confirmed_how == "emailed_link"


def test_staff_take_down_a_phone_vote_at_the_decision_and_attach_the_signed_sheet(page, live_server, tmp_path):
    from decimal import Decimal

    from commissioning.models import FundingRound
    from panels.models import ShortlistOutcome, Vote
    from tests.applications.sample_files import upload

    funding_round = shortlisting_round()
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.DECISION)
    facilitator = UserFactory(email="staff@example.org", full_name="Fiona Facilitator", facilitator=True)
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A", quorum=1)
    application = eligible_application(funding_round)
    assign(panel, application, facilitator)
    ShortlistOutcome.objects.create(application=application, panel=panel, outcome=ShortlistOutcome.Outcome.INCLUDED)
    member = UserFactory(email="pamela@example.org", full_name="Pamela Panel")
    membership = seat_and_declare(member, panel, application)
    Adjustment.objects.create(membership=membership, kind="phone", recorded_by=facilitator)
    organisation = application.organisation.name

    page.goto(live_server.url + reverse("panels:take_down_list", args=[panel.pk]))
    sign_in(page, "staff@example.org")
    press(page, page.get_by_role("link", name=f"take down a vote of Pamela Panel on {organisation}"))
    expect(heading(page)).to_have_text("Take down Pamela Panel’s vote")
    assert_accessible(page)
    # Taking part by phone is the only way she chose: it is already chosen.
    expect(page.get_by_role("radio", name="The member’s phone call")).to_be_checked()
    tab_to(page, page.get_by_role("radio", name="Fund", exact=True))
    page.keyboard.press("Space")
    type_into(page, page.locator("#id_fund_amount"), "90000")
    press(page, page.get_by_role("button", name="Save and ask the member to confirm"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be more than the £75,000")
    assert_accessible(page)
    assert_reflows(page)
    type_into(page, page.locator("#id_fund_amount"), "60000")
    press(page, page.get_by_role("button", name="Save and ask the member to confirm"))
    expect(page.get_by_text("Pamela Panel’s vote on")).to_be_visible()
    vote = Vote.objects.get()
    assert (vote.choice, vote.amount, vote.take_down.source) == ("fund", Decimal("60000"), "phone")

    # A letter, not a scan: refused on the page, with the reason; then the signed sheet.
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(b"Dear Fiona, I voted to fund them.")
    page.get_by_label("The signed sheet").set_input_files(str(letter))
    press(page, page.get_by_role("button", name=f"Attach the signed sheet of Pamela Panel for {organisation}"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a PDF, PNG or JPEG")
    assert_accessible(page)
    assert_reflows(page)
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(upload().read())
    page.get_by_label("The signed sheet").set_input_files(str(scan))
    press(page, page.get_by_role("button", name=f"Attach the signed sheet of Pamela Panel for {organisation}"))
    expect(page.get_by_text("Pamela Panel’s signed sheet is attached: the entry now counts.")).to_be_visible()
    expect(page.get_by_text("Confirmed", exact=True)).to_be_visible()
    assert_accessible(page)
    assert TakeDown.objects.get().confirmed_how == "signed_sheet"
