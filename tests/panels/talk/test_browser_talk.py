"""Talking together in a real Chromium, with the keyboard alone: a member asks staff a question
and writes in an application's discussion; a facilitator, in a browser of their own, answers,
arranges a together session and records who came; the member then sees the answer and the
session. Every page, error states included, has no WCAG 2.2 AA violation."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from panels import services
from panels.models import DiscussionPost, Panel, PanelQuestion, TogetherSession
from tests.accessibility import assert_accessible
from tests.commissioning.factories import TEST_PASSWORD, UserFactory
from tests.keyboard import heading, press, tab_to, type_into
from tests.panels.factories import assign, eligible_application, seat, shortlisting_round

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, email):
    """From the sign-in page a private page sends signed-out people to."""
    expect(heading(page)).to_have_text("Sign in")
    type_into(page, page.get_by_label("Email address"), email)
    type_into(page, page.get_by_label("Password"), TEST_PASSWORD)
    press(page, page.get_by_role("button", name="Sign in"))


def test_a_member_asks_and_discusses_and_staff_answer_with_the_keyboard(
    page, browser, browser_context_args, live_server
):
    funding_round = shortlisting_round()
    facilitator = UserFactory(email="fiona@example.org", full_name="Fiona Facilitator", facilitator=True)
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    application = eligible_application(funding_round)
    assign(panel, application, facilitator)
    member = UserFactory(email="pamela@example.org", full_name="Pamela Panel")
    colleague = UserFactory(email="colin@example.org", full_name="Colin Colleague")
    seat(member, panel)
    seat(colleague, panel)
    for person in (member, colleague):
        services.scoring.declare_interest(actor=person, application=application, has_conflict=False)
    services.talk.post_in_discussion(actor=colleague, application=application, body="I liked the home visits.")
    organisation = application.organisation.name

    # The member: from the panel page to "Questions and meetings".
    page.goto(live_server.url + reverse("panels:panel_detail", args=[panel.pk]))
    sign_in(page, "pamela@example.org")
    expect(heading(page)).to_have_text("Panel A")
    press(page, page.get_by_role("link", name="Questions and meetings"))
    expect(heading(page)).to_have_text("Questions and meetings")
    expect(page.get_by_text("No sessions are arranged yet.")).to_be_visible()
    assert_accessible(page)

    # An empty question: the error summary says so, and is accessible too.
    press(page, page.get_by_role("button", name="Ask staff"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write your question before sending it")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    type_into(page, page.get_by_label("Your question"), "Can we see their last accounts?")
    choice = page.get_by_label("Is it about one application?")
    tab_to(page, choice)
    page.keyboard.press("ArrowDown")
    expect(choice).to_have_value(str(application.pk))
    press(page, page.get_by_role("button", name="Ask staff"))
    expect(page.get_by_text("Your question is sent.")).to_be_visible()
    expect(page.get_by_text("Waiting for an answer")).to_be_visible()
    assert_accessible(page)
    question = PanelQuestion.objects.get()
    assert question.application == application

    # The discussion, reached from the application itself.
    page.goto(live_server.url + reverse("panels:application_read", args=[panel.pk, application.pk]))
    press(page, page.get_by_role("link", name="Discuss this application with the panel"))
    expect(heading(page)).to_have_text(f"Discussion of {organisation}")
    expect(page.get_by_text("I liked the home visits.")).to_be_visible()
    assert_accessible(page)
    type_into(page, page.get_by_label("Your message"), "Me too, and the GP surgery link is strong.")
    press(page, page.get_by_role("button", name="Send my message"))
    expect(page.get_by_text("Your message is added to the discussion.")).to_be_visible()
    expect(page.get_by_text("Me too, and the GP surgery link is strong.")).to_be_visible()
    assert_accessible(page)

    # The facilitator, in a browser of their own.
    staff_context = browser.new_context(**browser_context_args)
    staff = staff_context.new_page()
    staff.goto(live_server.url + reverse("panels:panel_manage", args=[panel.pk]))
    sign_in(staff, "fiona@example.org")
    expect(heading(staff)).to_have_text("Panel A")
    press(staff, staff.get_by_role("link", name="Questions and meetings for Panel A"))
    expect(heading(staff)).to_have_text("Questions and meetings")
    assert_accessible(staff)
    press(staff, staff.get_by_role("link", name=re.compile(r"^Answer the question from Pamela Panel")))
    expect(heading(staff)).to_have_text("Answer a question")
    assert_accessible(staff)
    type_into(staff, staff.get_by_label("Your answer"), "Yes: they are in the pack, page 12.")
    press(staff, staff.get_by_role("button", name="Send the answer"))
    expect(staff.get_by_text("Your answer is on the panel’s page")).to_be_visible()
    assert sorted(email.to[0] for email in mail.outbox) == ["colin@example.org", "pamela@example.org"]

    # A facilitation note in the discussion.
    staff.goto(live_server.url + reverse("panels:panel_manage", args=[panel.pk]))
    press(staff, staff.get_by_role("link", name=re.compile(f"^Discussion of {re.escape(organisation)}")))
    expect(staff.get_by_role("heading", name="Add a facilitation note")).to_be_visible()
    type_into(staff, staff.get_by_label("Your message"), "A reminder: the budget line is on page 3.")
    press(staff, staff.get_by_role("button", name="Send my message"))
    expect(staff.get_by_role("heading", name="Facilitation note from Fiona Facilitator")).to_be_visible()
    assert_accessible(staff)
    assert DiscussionPost.objects.filter(is_facilitation_note=True).count() == 1

    # Arrange a session: first without a place or a link, then properly.
    staff.goto(live_server.url + reverse("panels:panel_manage", args=[panel.pk]))
    press(staff, staff.get_by_role("link", name="Arrange a together session for Panel A"))
    expect(heading(staff)).to_have_text("Arrange a together session")
    assert_accessible(staff)
    type_into(staff, staff.get_by_label("Title"), "Talking through our scores")
    type_into(staff, staff.get_by_label("Day"), "5")
    type_into(staff, staff.get_by_label("Month"), "3")
    type_into(staff, staff.get_by_label("Year"), "2030")
    type_into(staff, staff.get_by_label("Start time"), "10am")
    type_into(staff, staff.get_by_label("End time"), "12pm")
    press(staff, staff.get_by_role("button", name="Arrange the session"))
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Enter a place, or a video link")
    assert_accessible(staff)
    type_into(staff, staff.get_by_label("Place"), "Room 2, Leeds Central Library")
    type_into(staff, staff.get_by_label("Agenda"), "Welcome and tea.\n\nThe applications we disagree on.")
    press(staff, staff.get_by_role("button", name="Arrange the session"))
    expect(staff.get_by_text("‘Talking through our scores’ is arranged")).to_be_visible()
    expect(staff.get_by_text("Tuesday 5 March 2030, 10:00 am to 12:00 pm")).to_be_visible()
    session = TogetherSession.objects.get()

    # Change it, then record who came.
    press(staff, staff.get_by_role("link", name="Change Talking through our scores"))
    expect(heading(staff)).to_have_text("Change a together session")
    expect(staff.get_by_label("Start time")).to_have_value("10:00am")
    assert_accessible(staff)
    type_into(staff, staff.get_by_label("End time"), "12:30pm")
    press(staff, staff.get_by_role("button", name="Save the changes"))
    expect(staff.get_by_text("Tuesday 5 March 2030, 10:00 am to 12:30 pm")).to_be_visible()
    press(staff, staff.get_by_role("link", name="Record who came to Talking through our scores"))
    expect(heading(staff)).to_have_text("Who came to ‘Talking through our scores’?")
    assert_accessible(staff)
    tab_to(staff, staff.get_by_label("Pamela Panel"))
    staff.keyboard.press("Space")
    press(staff, staff.get_by_role("button", name="Save who came"))
    expect(staff.get_by_text("1 member recorded as coming")).to_be_visible()
    assert list(session.attendees.values_list("user__email", flat=True)) == ["pamela@example.org"]
    staff_context.close()

    # The member sees the answer and the session.
    page.goto(live_server.url + reverse("panels:panel_together", args=[panel.pk]))
    expect(page.get_by_text("Yes: they are in the pack, page 12.")).to_be_visible()
    expect(page.get_by_text("Waiting for an answer")).to_have_count(0)
    expect(page.get_by_text("Tuesday 5 March 2030, 10:00 am to 12:30 pm")).to_be_visible()
    assert_accessible(page)
