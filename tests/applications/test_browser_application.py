"""Applying in a real Chromium: a member fills in a draft with the keyboard alone, leaves,
comes back, checks, declares and sends it; and autosave keeps work when the page is closed.
axe-core checks every page on the way, error states included."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from applications.models import Answer, Application
from tests.accessibility import assert_accessible
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation, open_round
from tests.commissioning.factories import TEST_PASSWORD, UserFactory
from tests.keyboard import heading, press, tab_to, type_into

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, email):
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    assert_accessible(page)
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(heading(page)).to_contain_text("Hello")


def a_draft(**fields) -> Application:
    """Aisha's organisation's draft to an open round: the first section not started, the second
    already answered by a colleague."""
    aisha = UserFactory(email="aisha@example.org", full_name="Aisha Applicant")
    organisation = OrganisationFactory(main_contact=aisha, name="Armley Tea Dance Club")
    join_organisation(aisha, organisation)
    funding_round = open_round(title="New projects 2018")
    application = ApplicationFactory(
        funding_round=funding_round, organisation=organisation, created_by=aisha, updated_by=aisha, **fields
    )
    scored_question = funding_round.questions.get(text="How will you find lonely people?")
    Answer.objects.create(application=application, question=scored_question, text="Door knocking and the GP.")
    return application


def test_a_member_fills_in_leaves_comes_back_and_sends_with_the_keyboard_alone(page, live_server, mailoutbox):
    application = a_draft(project_title="", amount_requested=None)
    task_list = live_server.url + application.get_absolute_url()
    sign_in(page, live_server, "aisha@example.org")

    page.goto(task_list)
    expect(heading(page)).to_have_text(f"Your application to {application.funding_round.title}")
    expect(page.locator("#task-project-status")).to_have_text("Not started")
    assert_accessible(page)

    # The project: a title and an amount typed the way people write money.
    press(page, page.get_by_role("link", name="Your project"))
    expect(heading(page)).to_have_text("Your project")
    assert_accessible(page)
    type_into(page, page.get_by_label("Project title"), "Tea, talk and a lift there")
    type_into(page, page.get_by_label("How much money are you asking for?"), "75,000")
    press(page, page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_text("Your project title and amount are saved.")).to_be_visible()
    expect(page.locator("#task-project-status")).to_have_text("Completed")
    assert_accessible(page)

    # One section, then "Save and come back later".
    press(page, page.get_by_role("link", name="Works with older people in Leeds"))
    expect(heading(page)).to_have_text("Works with older people in Leeds")
    assert_accessible(page)
    type_into(page, page.get_by_label("Who is your project for?"), "Older people in Armley who live alone.")
    expect(page.locator(".govuk-character-count__status")).to_have_text("You have 93 words remaining")
    press(page, page.get_by_role("button", name="Save and come back later"))
    expect(page.get_by_text("Your answers for “Works with older people in Leeds” are saved.")).to_be_visible()
    expect(page.get_by_text("Saved at")).to_contain_text("by Aisha Applicant")
    expect(page.locator(f"#task-{application.funding_round.questions.first().criterion_id}-status")).to_have_text(
        "Completed"
    )
    assert_accessible(page)

    # Leave, come back: the words are there.
    page.goto(live_server.url + reverse("commissioning:home"))
    page.goto(task_list)
    press(page, page.get_by_role("link", name="Works with older people in Leeds"))
    expect(page.get_by_label("Who is your project for?")).to_have_value("Older people in Armley who live alone.")
    assert_accessible(page)
    page.go_back()

    # Check the answers; sending without the declaration is explained on the box.
    expect(page.locator("#task-check-status")).to_have_text("Not started")
    press(page, page.get_by_role("link", name="Check and send"))
    expect(heading(page)).to_have_text("Check your answers before sending your application")
    expect(page.get_by_text("Older people in Armley who live alone.")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Send my application"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Confirm that the information is true and complete")
    assert_accessible(page)

    declaration = page.get_by_label("I confirm the information in this application is true and complete")
    tab_to(page, declaration)
    page.keyboard.press("Space")
    expect(declaration).to_be_checked()
    press(page, page.get_by_role("button", name="Send my application"))

    expect(heading(page)).to_have_text("Application sent")
    application.refresh_from_db()
    assert re.fullmatch(r"TTS-\d{4}-0001", application.reference)
    expect(page.locator(".govuk-panel__body")).to_contain_text(application.reference)
    expect(page.get_by_text("We have emailed a receipt to aisha@example.org.")).to_be_visible()
    assert_accessible(page)
    (receipt,) = mailoutbox
    assert receipt.to == ["aisha@example.org"]
    assert application.reference in receipt.subject
    assert "Older people in Armley who live alone." in receipt.body

    # The status page, in plain English.
    press(page, page.get_by_role("link", name="See where your application is"))
    expect(page.get_by_text("We are checking your application.")).to_be_visible()
    assert_accessible(page)


def test_autosave_keeps_the_words_when_the_page_is_closed(page, live_server):
    application = a_draft()
    section = live_server.url + reverse(
        "applications:application_section",
        args=[application.pk, application.funding_round.questions.get(text="Who is your project for?").criterion_id],
    )
    sign_in(page, live_server, "aisha@example.org")
    page.goto(section)
    assert_accessible(page)
    answer = page.get_by_label("Who is your project for?")

    # Typed, then the box is left: the page saves and says so.
    type_into(page, answer, "Older people in Armley, Bramley and Wortley.")
    page.keyboard.press("Tab")
    status = page.locator("#autosave-status")
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    expect(page.locator("#id_version")).to_have_value("2")
    assert_accessible(page)

    # Closed without pressing Save; opened again, the words are there.
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(section)
    expect(page.get_by_label("Who is your project for?")).to_have_value("Older people in Armley, Bramley and Wortley.")

    # An answer over its word limit: the count says so as it is typed, autosave says why it
    # cannot save, and the Save button shows the error with every word kept.
    too_long = " ".join(["word"] * 101)
    answer = page.get_by_label("Who is your project for?")
    answer.fill(too_long)
    expect(page.locator(".govuk-character-count__status")).to_have_text("You have 1 word too many")
    page.keyboard.press("Tab")
    expect(page.locator("#autosave-status")).to_have_text(
        "Not saved yet: Your answer has 101 words. Keep it to 100 words or fewer"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Your answer has 101 words. Keep it to 100 words or fewer"
    )
    expect(page.get_by_label("Who is your project for?")).to_have_value(too_long)
    assert_accessible(page)
    assert Answer.objects.get(application=application, question__text="Who is your project for?").text == (
        "Older people in Armley, Bramley and Wortley."
    )


def test_autosave_saves_every_30_seconds_while_typing(page, live_server):
    application = a_draft()
    criterion_id = application.funding_round.questions.get(text="Who is your project for?").criterion_id
    page.clock.install()
    sign_in(page, live_server, "aisha@example.org")
    page.goto(live_server.url + reverse("applications:application_section", args=[application.pk, criterion_id]))
    type_into(page, page.get_by_label("Who is your project for?"), "Still typing, not leaving the box")
    expect(page.locator("#autosave-status")).to_have_text("")

    page.clock.run_for(30_000)

    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    expect(page.get_by_label("Who is your project for?")).to_be_focused()
    assert Answer.objects.get(application=application, question__text="Who is your project for?").text == (
        "Still typing, not leaving the box"
    )
