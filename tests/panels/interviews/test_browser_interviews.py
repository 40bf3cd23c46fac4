"""Interviews in Chromium with the keyboard alone: staff offer a time (a GOV.UK date input) and
meet the kind refusal of a time offered twice; a shortlisted organisation books a time and later
moves it; a member reads the timetable and adds a question. Every page passes axe (WCAG 2.2 AA)."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.models import FundingRound
from panels import services
from panels.models import (
    InductionCompletion,
    InductionModule,
    InterviewQuestion,
    InterviewSlot,
    Panel,
    ShortlistOutcome,
)
from tests.accessibility import assert_accessible
from tests.applications.factories import join_organisation
from tests.commissioning.factories import UserFactory
from tests.keyboard import heading, press, tab_to, type_into
from tests.panels.factories import assign, eligible_application, seat, shortlisting_round
from tests.panels.test_browser_scoring import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def at(day, hour, minute=0):
    return timezone.make_aware(datetime(2018, 3, day, hour, minute))


@pytest.fixture
def interviews():
    """A panel at its interviews with one shortlisted organisation, its contact and a member."""
    funding_round = shortlisting_round()
    facilitator = UserFactory(email="staff@example.org", full_name="Fiona Facilitator", facilitator=True)
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    application = eligible_application(funding_round)
    assign(panel, application, facilitator)
    ShortlistOutcome.objects.create(
        application=application, panel=panel, outcome=ShortlistOutcome.Outcome.INCLUDED, include_votes=3
    )
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.INTERVIEWS)
    contact = UserFactory(email="aisha@example.org", full_name="Aisha Applicant")
    join_organisation(contact, application.organisation)
    member = UserFactory(email="pamela@example.org", full_name="Pamela Panel")
    membership = seat(member, panel)
    # The interviewing module too: without it the policy refuses interview scoring (no "Score" link).
    InductionCompletion.objects.create(membership=membership, module=InductionModule.INTERVIEWING, recorded_by=member)
    services.scoring.declare_interest(actor=member, application=application, has_conflict=False)
    return {"panel": panel, "application": application, "facilitator": facilitator}


def choose_radio(page, label: str):
    """Tab into the radio group, then arrow down to the option called `label`."""
    radios = page.get_by_role("radio")
    tab_to(page, radios.first)
    target = page.get_by_role("radio", name=label)
    if target.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Space")
    for _ in range(radios.count() + 1):
        if target.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(target).to_be_checked()


def test_staff_offer_a_time_with_the_keyboard(page, live_server, interviews):
    panel = interviews["panel"]
    services.interviews.offer_interview_slot(
        actor=interviews["facilitator"], panel=panel, starts_at=at(6, 10), place="Leeds Civic Hall"
    )
    page.goto(live_server.url + reverse("panels:panel_manage", args=[panel.pk]))
    sign_in(page, "staff@example.org")
    press(page, page.get_by_role("link", name="Interview times and questions for Panel A"))
    expect(heading(page)).to_have_text("Interviews")
    assert_accessible(page)

    # The same time again: refused kindly, with what was typed kept.
    type_into(page, page.get_by_label("Day", exact=True), "6")
    type_into(page, page.get_by_label("Month"), "3")
    type_into(page, page.get_by_label("Year"), "2018")
    type_into(page, page.get_by_label("Start time"), "10am")
    type_into(page, page.get_by_label("Where (the address)"), "Leeds Civic Hall, Millennium Square")
    press(page, page.get_by_role("button", name="Offer this time"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Panel A already offers a slot at 10:00 am on 6 March 2018. Choose another time."
    )
    expect(page.get_by_label("Where (the address)")).to_have_value("Leeds Civic Hall, Millennium Square")
    assert_accessible(page)

    type_into(page, page.get_by_label("Start time"), "2:30 pm")
    press(page, page.get_by_role("button", name="Offer this time"))
    expect(page.get_by_text("The slot at 2:30 pm on 6 March 2018 is offered.")).to_be_visible()
    expect(
        page.get_by_role(
            "cell", name="Tuesday 6 March 2018, 2:30 pm, 45 minutes, at Leeds Civic Hall, Millennium Square", exact=True
        )
    ).to_be_visible()
    assert_accessible(page)
    assert InterviewSlot.objects.count() == 2


def test_an_organisation_books_its_interview_with_the_keyboard_and_moves_it(page, live_server, interviews):
    panel, application = interviews["panel"], interviews["application"]
    for starts_at, place in ((at(6, 10), "Leeds Civic Hall"), (at(6, 14, 30), "Leeds Civic Hall")):
        services.interviews.offer_interview_slot(
            actor=interviews["facilitator"], panel=panel, starts_at=starts_at, place=place
        )

    page.goto(live_server.url + application.get_absolute_url())
    sign_in(page, "aisha@example.org")
    expect(page.locator("#shortlist-status")).to_have_text("Done: shortlisted")
    assert_accessible(page)
    press(page, page.get_by_role("link", name="5. Interview: choose a time"))
    expect(heading(page)).to_have_text("Choose a time for your interview")
    assert_accessible(page)

    press(page, page.get_by_role("button", name="Book this time"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a time for your interview")
    assert_accessible(page)

    choose_radio(page, "Tuesday 6 March 2018, 10:00 am, 45 minutes, at Leeds Civic Hall")
    press(page, page.get_by_role("button", name="Book this time"))
    expect(page.get_by_text("Your interview is booked for Tuesday 6 March 2018, 10:00 am")).to_be_visible()
    expect(page.locator("#interview-status")).to_have_text("Interview booked for Tuesday 6 March 2018 at 10:00 am")
    assert_accessible(page)

    press(page, page.get_by_role("link", name="5. Interview: change the time"))
    choose_radio(page, "Tuesday 6 March 2018, 2:30 pm, 45 minutes, at Leeds Civic Hall")
    press(page, page.get_by_role("button", name="Move my interview"))
    expect(page.locator("#interview-status")).to_have_text("Interview booked for Tuesday 6 March 2018 at 2:30 pm")
    assert InterviewSlot.objects.get(application=application).starts_at == at(6, 14, 30)


def test_a_member_reads_the_timetable_and_adds_a_question_with_the_keyboard(page, live_server, interviews):
    panel, application = interviews["panel"], interviews["application"]
    slot = services.interviews.offer_interview_slot(
        actor=interviews["facilitator"], panel=panel, starts_at=at(6, 10), place="Leeds Civic Hall"
    )
    services.interviews.book_interview(actor=interviews["facilitator"], slot=slot, application=application)

    page.goto(live_server.url + reverse("panels:panel_detail", args=[panel.pk]))
    sign_in(page, "pamela@example.org")
    press(page, page.get_by_role("link", name="Interview timetable and questions for Panel A"))
    expect(heading(page)).to_have_text("Interviews")
    expect(
        page.get_by_role("cell", name="Tuesday 6 March 2018, 10:00 am, 45 minutes, at Leeds Civic Hall")
    ).to_be_visible()
    expect(page.get_by_role("link", name=f"Score the interview with {application.organisation.name}")).to_be_visible()
    assert_accessible(page)

    press(page, page.get_by_role("button", name="Add my question"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write the question")
    assert_accessible(page)
    type_into(page, page.get_by_label("The question"), "How will older people shape the project?")
    press(page, page.get_by_role("button", name="Add my question"))
    expect(page.get_by_text("Your question is added for the interviews.")).to_be_visible()
    expect(page.get_by_text("How will older people shape the project?")).to_be_visible()
    assert_accessible(page)
    assert InterviewQuestion.objects.get().text == "How will older people shape the project?"
