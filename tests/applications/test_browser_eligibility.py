"""Files and the eligibility check in a real Chromium.

A member uploads a file and sees it listed, then sends an empty one and reads the error. A
facilitator opens the round's applications, filters them and, with the keyboard alone, records
one as not eligible: first without reasons, to see the errors, then with them. Every page,
error states included, has no WCAG 2.2 AA violation."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from applications.models import Application
from tests.accessibility import assert_accessible
from tests.applications import sample_files
from tests.applications.factories import (
    ApplicationFactory,
    OrganisationFactory,
    answer_everything,
    join_organisation,
    open_round,
)
from tests.commissioning.factories import TEST_PASSWORD, UserFactory
from tests.keyboard import tab_to

pytestmark = pytest.mark.django_db(transaction=True)

NOT_IN_LEEDS = "The project is in Bradford; the fund is for Leeds."
KIND_REASON = "Thank you for applying. This round can only fund projects in Leeds, and yours is in Bradford."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in(page, live_server, email):
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def sent(funding_round, name, reference, email, status=Application.Status.SUBMITTED):
    contact = UserFactory(email=email, full_name=f"Contact at {name}")
    organisation = OrganisationFactory(name=name, main_contact=contact)
    application = ApplicationFactory(
        funding_round=funding_round, organisation=organisation, submitted=True, reference=reference, status=status
    )
    answer_everything(application, f"{name} brings older people together every week.")
    return application


def test_a_member_uploads_a_file_and_an_empty_one_is_refused_accessibly(page, live_server):
    member = UserFactory(email="aisha@example.org", full_name="Aisha Applicant")
    organisation = OrganisationFactory(name="Armley Tea Club", main_contact=member)
    join_organisation(member, organisation)
    draft = ApplicationFactory(organisation=organisation)
    sign_in(page, live_server, "aisha@example.org")

    page.goto(live_server.url + reverse("applications:attachment_list", args=[draft.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Files")
    expect(page.get_by_text("No files are attached yet.")).to_be_visible()
    assert_accessible(page)

    upload = page.get_by_label("Upload a file")
    upload.set_input_files(
        files=[{"name": "Budget 2018.pdf", "mimeType": "application/pdf", "buffer": sample_files.pdf()}]
    )
    page.get_by_role("button", name="Upload the file").click()
    expect(page.get_by_text("Budget 2018.pdf is attached.")).to_be_visible()
    expect(page.get_by_role("link", name="Budget 2018.pdf")).to_be_visible()
    expect(page.get_by_role("button", name="Remove Budget 2018.pdf")).to_be_visible()
    assert_accessible(page)

    # An empty file: the error is announced, linked to the file box, and nothing attached is lost.
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "Letter.pdf", "mimeType": "application/pdf", "buffer": b""}]
    )
    page.get_by_role("button", name="Upload the file").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The file is empty. Choose the file again.")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("link", name="Budget 2018.pdf")).to_be_visible()
    assert_accessible(page)
    summary.get_by_role("link", name="The file is empty. Choose the file again.").click()
    expect(page.get_by_label("Upload a file")).to_be_focused()
    assert draft.attachments.count() == 1


def test_staff_filter_the_list_and_record_one_not_eligible_with_the_keyboard(page, live_server):
    UserFactory(email="fiona@example.org", full_name="Fiona Facilitator", facilitator=True)
    funding_round = open_round(title="New projects 2018", slug="new-projects-2018")
    sent(funding_round, "Armley Tea Club", "TTS-2018-0001", "armley@example.org")
    bradford = sent(funding_round, "Bradford Walkers", "TTS-2018-0002", "walkers@example.org")
    sent(funding_round, "Chapel Allerton Choir", "TTS-2018-0003", "choir@example.org", Application.Status.ELIGIBLE)
    sign_in(page, live_server, "fiona@example.org")

    page.goto(live_server.url + reverse("applications:eligibility_list", args=[funding_round.slug]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Applications and eligibility")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Showing 1 to 3 of 3 applications")
    assert_accessible(page)

    # Filter: those still to check, from Bradford.
    page.get_by_label("Status").select_option(label="Submitted: being checked")
    page.get_by_label("Organisation or reference").fill("bradford")
    page.get_by_role("button", name="Filter").click()
    expect(table).to_contain_text("Showing 1 to 1 of 1 application")
    assert "search=bradford" in page.url and "csrfmiddlewaretoken" not in page.url
    expect(table).to_contain_text("Bradford Walkers")
    expect(table).not_to_contain_text("Armley Tea Club")
    assert_accessible(page)

    page.get_by_role("link", name="Check TTS-2018-0002").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check eligibility: Bradford Walkers")
    expect(page.get_by_text("Bradford Walkers brings older people together every week.").first).to_be_visible()
    assert_accessible(page)

    # The keyboard alone: "Not met", and no reasons yet.
    must_have = page.get_by_role("group", name=re.compile("Works with older people in Leeds"))
    tab_to(page, must_have.get_by_label("Met", exact=True))
    page.keyboard.press("ArrowDown")
    expect(must_have.get_by_label("Not met")).to_be_checked()
    submit = page.get_by_role("button", name="Record the result")
    tab_to(page, submit)
    page.keyboard.press("Enter")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say why “Works with older people in Leeds” is not met")
    expect(summary).to_contain_text("Explain to the applicant why the application is not eligible")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(must_have.get_by_label("Not met")).to_be_checked()  # nothing chosen is lost
    assert_accessible(page)

    tab_to(page, summary.get_by_role("link", name="Say why “Works with older people in Leeds” is not met"))
    page.keyboard.press("Enter")
    expect(must_have.get_by_label("Reason")).to_be_focused()
    page.keyboard.type(NOT_IN_LEEDS)
    tab_to(page, page.get_by_label("Reason for the applicant"))
    page.keyboard.type(KIND_REASON)
    tab_to(page, submit)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Applications and eligibility")
    expect(
        page.get_by_text(
            "TTS-2018-0002 is recorded as not eligible. "
            "We have emailed Contact at Bradford Walkers (walkers@example.org)."
        )
    ).to_be_visible()
    assert_accessible(page)

    bradford.refresh_from_db()
    assert bradford.status == Application.Status.NOT_ELIGIBLE
    assert [message.to for message in mail.outbox] == [["walkers@example.org"]]
    assert KIND_REASON in mail.outbox[0].body
