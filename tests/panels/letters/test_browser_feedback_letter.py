"""An applicant, with the keyboard alone: signs in, goes to their application's status page and
downloads the feedback letter. The page passes axe's WCAG 2.2 AA checks."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from panels.models import FundingDecision
from tests.accessibility import assert_accessible
from tests.applications.factories import OrganisationFactory
from tests.commissioning.factories import TEST_PASSWORD, UserFactory
from tests.keyboard import heading, press, type_into
from tests.panels.decided import RATIONALE, applicant_of, decide, decided_round
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_applicant_downloads_the_letter_with_the_keyboard(page, live_server):
    funding_round = decided_round()
    application = decide(
        funding_round,
        OrganisationFactory(name="Armley Helping Hands"),
        outcome=FundingDecision.Outcome.FUND,
        amount=Decimal("85000"),
        title="Tea, talk and a lift there",
    )
    applicant_of(application, UserFactory(email="aisha@armley.example", full_name="Aisha Khan"))

    page.goto(live_server.url + reverse("applications:application_list"))
    expect(heading(page)).to_have_text("Sign in")
    type_into(page, page.get_by_label("Email address"), "aisha@armley.example")
    type_into(page, page.get_by_label("Password"), TEST_PASSWORD)
    press(page, page.get_by_role("button", name="Sign in"))

    press(page, page.get_by_role("link", name="See the application “Tea, talk and a lift there”", exact=False))
    expect(page.get_by_role("heading", name="The feedback letter")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        press(page, page.get_by_role("link", name="Download the feedback letter (PDF)"))
    download = download_info.value
    assert download.suggested_filename == f"feedback-letter-{application.reference}.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    assert "Good news: the panel decided to fund your project. You are offered a grant of £85,000." in text
    assert RATIONALE in text
