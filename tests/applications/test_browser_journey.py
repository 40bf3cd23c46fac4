"""The whole journey of a small charity, in Chromium with the keyboard alone: register, start,
leave and come back, attach a file, check, send, see the reference, find the receipt; and a
demo applicant picking up their draft as a newcomer running `make run` would."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from applications.models import Application
from tests.accessibility import assert_accessible
from tests.applications.factories import open_round
from tests.applications.sample_files import pdf
from tests.applications.test_browser_organisations import PASSWORD
from tests.keyboard import heading, press, tab_to, type_into

pytestmark = pytest.mark.django_db(transaction=True)


def register(page, live_server):
    page.goto(live_server.url + reverse("commissioning:home"))
    press(page, page.get_by_role("link", name="Register your organisation"))
    expect(heading(page)).to_have_text("Register your organisation")
    type_into(page, page.get_by_label("Your full name"), "Rose Registrar")
    type_into(page, page.get_by_label("Your email address"), "rose@example.org")
    type_into(page, page.get_by_label("Create a password"), PASSWORD)
    type_into(page, page.get_by_label("Type the password again"), PASSWORD)
    type_into(page, page.get_by_label("Organisation name"), "Armley Tea Dance Club")
    # Tab reaches the radio group once; the arrow keys choose within it.
    tab_to(page, page.get_by_role("radio", name="Registered charity", exact=True))
    group = page.get_by_role("radio", name="Unregistered community group")
    for _ in range(5):
        if group.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(group).to_be_checked()
    type_into(page, page.get_by_label("Address line 1"), "12 Town Street")
    type_into(page, page.get_by_label("Town or city"), "Leeds")
    type_into(page, page.get_by_label("Postcode"), "LS12 3AB")
    press(page, page.get_by_role("button", name="Create my account and register"))
    expect(heading(page)).to_have_text("Armley Tea Dance Club")


def test_a_visitor_registers_applies_attaches_a_file_and_sends_with_the_keyboard_alone(
    page, live_server, mailoutbox, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    funding_round = open_round(title="New projects 2018")
    register(page, live_server)

    press(page, page.get_by_role("link", name="Apply to New projects 2018"))
    press(page, page.get_by_role("button", name="Start the application"))
    expect(heading(page)).to_have_text("Your application to New projects 2018")
    assert_accessible(page)

    press(page, page.get_by_role("link", name="Your project"))
    type_into(page, page.get_by_label("Project title"), "Tea, talk and a lift there")
    type_into(page, page.get_by_label("How much money are you asking for?"), "75,000")
    press(page, page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_text("Your project title and amount are saved.")).to_be_visible()

    press(page, page.get_by_role("link", name="Works with older people in Leeds"))
    type_into(page, page.get_by_label("Who is your project for?"), "Older people in Armley who live alone.")
    press(page, page.get_by_role("button", name="Save and come back later"))
    expect(page.get_by_text("are saved.")).to_be_visible()

    # Leave, and come back the way people do: from the home page's next steps.
    page.goto(live_server.url + reverse("commissioning:home"))
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Continue your application for New projects 2018"))
    expect(heading(page)).to_have_text("Tea, talk and a lift there")
    press(page, page.get_by_role("link", name="Works with older people in Leeds"))
    expect(page.get_by_label("Who is your project for?")).to_have_value("Older people in Armley who live alone.")
    page.go_back()

    press(page, page.get_by_role("link", name="Reaches lonely older people"))
    type_into(page, page.get_by_label("How will you find lonely people?"), "Door knocking with the GP surgery.")
    press(page, page.get_by_role("button", name="Save and come back later"))
    expect(page.get_by_text("are saved.")).to_be_visible()

    # A file, chosen from the keyboard: Space on the file box opens the chooser.
    press(page, page.get_by_role("link", name="Files"))
    page.wait_for_url(re.compile(r"/files/$"))
    assert_accessible(page)
    chooser_box = page.get_by_label("Upload a file")
    # Playwright turns on file-chooser interception without waiting for a reply;
    # listening early makes sure it is on before Space is pressed (else the
    # native dialog opens unseen and the test waits for nothing, now and then).
    page.on("filechooser", lambda _chooser: None)
    tab_to(page, chooser_box)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files({"name": "Budget 2018.pdf", "mimeType": "application/pdf", "buffer": pdf()})
    press(page, page.get_by_role("button", name="Upload the file"))
    expect(page.get_by_role("link", name="Budget 2018.pdf")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Back to the application"))

    press(page, page.get_by_role("link", name="Check and send"))
    expect(heading(page)).to_have_text("Check your answers before sending your application")
    assert_accessible(page)
    declaration = page.get_by_label("I confirm the information in this application is true and complete")
    tab_to(page, declaration)
    page.keyboard.press("Space")
    press(page, page.get_by_role("button", name="Send my application"))

    expect(heading(page)).to_have_text("Application sent")
    application = Application.objects.get(funding_round=funding_round)
    assert re.fullmatch(r"TTS-\d{4}-0001", application.reference)
    expect(page.locator(".govuk-panel__body")).to_contain_text(application.reference)
    assert_accessible(page)
    assert application.attachments.get().download_name == "Budget 2018.pdf"
    (receipt,) = mailoutbox
    assert receipt.to == ["rose@example.org"]
    assert application.reference in receipt.subject


def test_demo_applicant1_sees_and_continues_their_draft(page, live_server):
    call_command("seed_demo", stdout=io.StringIO())
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    page.get_by_label("Email address").fill("applicant1@demo.example")
    page.get_by_label("Password").fill("together-demo")
    page.get_by_role("button", name="Sign in").click()
    press(page, page.get_by_role("link", name="Continue your application for Connecting communities 2019"))
    expect(heading(page)).to_contain_text("in Armley")  # the draft's project title
    # Half the questions are answered: some parts done, some still to do.
    expect(page.locator(".govuk-task-list")).to_contain_text("Completed")
    expect(page.locator(".govuk-task-list")).to_contain_text("Not started")
    assert_accessible(page)
