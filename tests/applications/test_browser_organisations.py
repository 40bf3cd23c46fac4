"""Organisations in a real Chromium, with the keyboard alone: a visitor registers their
organisation (correcting a charity number on the way), starts an application, and a colleague
joins from the emailed invitation. axe-core checks every page, error states included."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from applications.models import Application, Organisation, OrganisationInvitation
from commissioning.models import User
from tests.accessibility import assert_accessible
from tests.applications.factories import OrganisationFactory, join_organisation, open_round
from tests.commissioning.factories import TEST_PASSWORD, UserFactory
from tests.keyboard import heading, press, tab_to, type_into

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "kettle lantern orchard"


def test_a_visitor_registers_their_organisation_and_starts_an_application(page, live_server):
    funding_round = open_round(title="New projects 2018")
    page.goto(live_server.url + reverse("applications:organisation_register"))
    expect(heading(page)).to_have_text("Register your organisation")
    assert_accessible(page)

    type_into(page, page.get_by_label("Your full name"), "Rose Registrar")
    type_into(page, page.get_by_label("Your email address"), "rose@example.org")
    type_into(page, page.get_by_label("Create a password"), PASSWORD)
    type_into(page, page.get_by_label("Type the password again"), PASSWORD)
    type_into(page, page.get_by_label("Organisation name"), "Armley Tea Dance Club")
    charity = page.get_by_role("radio", name="Registered charity")
    tab_to(page, charity)
    page.keyboard.press("Space")
    expect(charity).to_be_checked()
    type_into(page, page.get_by_label("Charity number (if you have one)"), "CH-12")
    type_into(page, page.get_by_label("Address line 1"), "12 Town Street")
    type_into(page, page.get_by_label("Town or city"), "Leeds")
    type_into(page, page.get_by_label("Postcode"), "LS12 3AB")
    press(page, page.get_by_role("button", name="Create my account and register"))

    # The charity number is in the wrong format: the summary's link takes the focus to the box.
    message = "Enter a charity number like 1164883 (England and Wales), SC012345 (Scotland) or NIC100012"
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(message)
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    expect(page.get_by_label("Organisation name")).to_have_value("Armley Tea Dance Club")  # nothing typed is lost
    expect(page.get_by_label("Postcode")).to_have_value("LS12 3AB")
    expect(charity).to_be_checked()
    press(page, summary.get_by_role("link", name=message))
    charity_number = page.get_by_label("Charity number (if you have one)")
    expect(charity_number).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("1164883")
    # Passwords are never sent back to the browser: type them again.
    type_into(page, page.get_by_label("Create a password"), PASSWORD)
    type_into(page, page.get_by_label("Type the password again"), PASSWORD)
    press(page, page.get_by_role("button", name="Create my account and register"))

    # Signed in, on the organisation's page.
    expect(heading(page)).to_have_text("Armley Tea Dance Club")
    expect(page.get_by_text("Armley Tea Dance Club is registered.")).to_be_visible()
    expect(page.get_by_text("GB-CHC-1164883")).to_be_visible()
    expect(page.get_by_text("Signed in as Rose Registrar")).to_be_visible()
    assert_accessible(page)
    organisation = Organisation.objects.get()
    assert organisation.main_contact == User.objects.get(email="rose@example.org")

    # Start an application to the open round.
    press(page, page.get_by_role("link", name="Apply to New projects 2018"))
    expect(heading(page)).to_have_text("Apply to New projects 2018")
    expect(page.get_by_text("You are applying for")).to_contain_text("Armley Tea Dance Club")
    expect(page.get_by_text("Who is your project for? (up to 100 words)")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Start the application"))

    # The application's own page is built elsewhere: here, only where we land.
    expect(page).to_have_url(re.compile(r"/applications/\d+/$"))
    application = Application.objects.get(organisation=organisation, funding_round=funding_round)
    assert page.url == live_server.url + reverse("applications:application_detail", args=[application.pk])


def sign_in(page, live_server, email):
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(heading(page)).to_contain_text("Hello")


def test_a_member_invites_a_colleague_who_joins_with_a_new_account(page, live_server):
    aisha = UserFactory(email="aisha@example.org", full_name="Aisha Applicant")
    organisation = OrganisationFactory(name="Armley Tea Dance Club", main_contact=aisha)
    join_organisation(aisha, organisation)

    sign_in(page, live_server, "aisha@example.org")
    page.goto(live_server.url + organisation.get_absolute_url())
    expect(heading(page)).to_have_text("Armley Tea Dance Club")
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Invite a colleague"))
    expect(heading(page)).to_have_text("Invite a colleague")
    assert_accessible(page)

    # Sent empty first: the error, accessible, then the address.
    press(page, page.get_by_role("button", name="Send the invitation"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your colleague's email address")
    assert_accessible(page)
    type_into(page, page.get_by_label("Your colleague's email address"), "colin@example.org")
    page.keyboard.press("Enter")
    expect(page.get_by_text("We have emailed an invitation to colin@example.org.")).to_be_visible()
    expect(page.get_by_text("colin@example.org, invited on")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Sign out"))
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()

    # Colin opens the emailed link.
    invitation = OrganisationInvitation.objects.get()
    [email] = mail.outbox
    link = re.search(r"https?://\S+/join/\S+/", email.body).group(0)
    assert link.endswith(invitation.get_absolute_url())
    page.goto(live_server.url + invitation.get_absolute_url())
    expect(heading(page)).to_have_text("Sign in or create an account to join Armley Tea Dance Club")
    expect(page.get_by_label("Your email address")).to_have_value("colin@example.org")
    assert_accessible(page)

    type_into(page, page.get_by_label("Your full name"), "Colin Colleague")
    type_into(page, page.get_by_label("Create a password"), PASSWORD)
    type_into(page, page.get_by_label("Type the password again"), "kettle lantern")
    press(page, page.get_by_role("button", name="Create my account and join"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The two passwords are different.")
    assert_accessible(page)
    expect(page.get_by_label("Your full name")).to_have_value("Colin Colleague")
    press(page, summary.get_by_role("link", name=re.compile("The two passwords are different")))
    expect(page.get_by_label("Type the password again")).to_be_focused()
    type_into(page, page.get_by_label("Create a password"), PASSWORD)
    type_into(page, page.get_by_label("Type the password again"), PASSWORD)
    press(page, page.get_by_role("button", name="Create my account and join"))

    expect(heading(page)).to_have_text("Armley Tea Dance Club")
    expect(page.get_by_text("You have joined Armley Tea Dance Club.")).to_be_visible()
    expect(page.get_by_text("Colin Colleague (colin@example.org)")).to_be_visible()
    assert_accessible(page)

    # The link works once.
    page.goto(live_server.url + invitation.get_absolute_url())
    expect(heading(page)).to_have_text("This invitation has already been used")
    assert_accessible(page)
