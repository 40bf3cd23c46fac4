"""Staff arrange the interviews: offer times (a clear error for each wrong entry, a time offered
twice refused kindly), remove a free time, book a time for an organisation, keep the questions."""

import pytest
from django.core import mail
from django.urls import reverse

from panels.models import InterviewQuestion, InterviewSlot
from tests.helpers import assert_page_queries
from tests.panels.views.conftest import add_application

from .conftest import at, offer, shortlist


@pytest.fixture
def staff(client, facilitator):
    client.force_login(facilitator)
    return client


def url(panel):
    return reverse("panels:interviews_manage", args=[panel.pk])


def slot_data(**overrides):
    data = {
        "action": "offer",
        "slot-day_0": "6",
        "slot-day_1": "3",
        "slot-day_2": "2018",
        "slot-start": "2:30 pm",
        "slot-duration_minutes": "45",
        "slot-place": "Leeds Civic Hall, Millennium Square",
        "slot-video_link": "",
    }
    return {**data, **overrides}


def text(response):
    return response.content.decode()


def test_staff_offer_a_time(staff, panel):
    response = staff.post(url(panel), slot_data(), follow=True)
    assert "The slot at 2:30 pm on 6 March 2018 is offered." in text(response)
    slot = InterviewSlot.objects.get()
    assert slot.starts_at == at(6, 14, 30) and slot.duration_minutes == 45
    assert "Tuesday 6 March 2018, 2:30 pm, 45 minutes, at Leeds Civic Hall, Millennium Square" in text(response)


def test_a_video_call_needs_no_place(staff, panel):
    staff.post(url(panel), slot_data(**{"slot-place": "", "slot-video_link": "https://meet.example.org/panel-a"}))
    assert InterviewSlot.objects.get().video_link == "https://meet.example.org/panel-a"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slot-day_0": "", "slot-day_1": "", "slot-day_2": ""}, "Enter the day of the interview"),
        ({"slot-day_0": "31", "slot-day_1": "2"}, "Enter the day of the interview as a real date"),
        ({"slot-day_2": ""}, "The day of the interview must include a year"),
        ({"slot-start": ""}, "Enter the start time, like 10:00 am"),
        ({"slot-start": "teatime"}, "Enter the start time like 10:00 am or 2:30 pm"),
        ({"slot-start": "25:00"}, "Enter the start time like 10:00 am or 2:30 pm"),
        ({"slot-duration_minutes": "5"}, "An interview lasts at least 15 minutes"),
        ({"slot-duration_minutes": "an hour"}, "Enter the length as a whole number of minutes, like 45"),
        ({"slot-place": ""}, "Enter where the interview happens, or a video call link"),
        ({"slot-place": "x" * 301}, "The address must be 300 characters or fewer"),
        ({"slot-video_link": "not a link at all"}, "Enter the video link as a web address"),
    ],
)
def test_wrong_entries_get_a_clear_error_and_nothing_is_saved(staff, panel, overrides, message):
    response = staff.post(url(panel), slot_data(**overrides))
    assert response.status_code == 200
    page = text(response)
    assert "govuk-error-summary" in page
    assert page.count(message) >= 2, page  # in the summary and by the field
    assert not InterviewSlot.objects.exists()
    assert 'value="Leeds Civic Hall, Millennium Square"' in page or overrides.get("slot-place") is not None


def test_the_same_time_twice_is_refused_kindly(staff, panel, facilitator):
    offer(panel, facilitator, at(6, 14, 30))
    response = staff.post(url(panel), slot_data())
    assert "Panel A already offers a slot at 2:30 pm on 6 March 2018. Choose another time." in text(response)
    assert InterviewSlot.objects.count() == 1


def test_a_free_time_is_removed_and_a_booked_one_is_kept(staff, panel, facilitator, shortlisted, applicant):
    from panels import services

    free = offer(panel, facilitator, at(6, 10))
    booked = offer(panel, facilitator, at(6, 11))
    services.interviews.book_interview(actor=applicant, slot=booked, application=shortlisted)
    staff.post(reverse("panels:interview_slot_remove", args=[panel.pk, free.pk]))
    response = staff.post(reverse("panels:interview_slot_remove", args=[panel.pk, booked.pk]), follow=True)
    assert "This slot is booked" in text(response)
    assert list(InterviewSlot.objects.all()) == [booked]


def test_a_slot_of_another_panel_is_not_found(staff, panel, facilitator, funding_round):
    from panels.models import Panel

    other = Panel.objects.create(funding_round=funding_round, name="Panel B")
    slot = offer(other, facilitator, at(6, 10))
    assert staff.post(reverse("panels:interview_slot_remove", args=[panel.pk, slot.pk])).status_code == 404


def test_staff_book_a_time_for_a_shortlisted_organisation_and_both_sides_hear(
    staff, panel, shortlisted, slots, applicant, member, django_capture_on_commit_callbacks
):
    data = {"action": "book", "booking-application": shortlisted.pk, "booking-slot": slots[1].pk}
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url(panel), data, follow=True)
    assert f"{shortlisted.organisation.name} is booked for Tuesday 6 March 2018, 2:30 pm" in text(response)
    assert InterviewSlot.objects.get(application=shortlisted) == slots[1]
    assert {address for message in mail.outbox for address in message.to} >= {applicant.email, member.email}


def test_staff_cannot_book_an_organisation_that_was_not_shortlisted(staff, panel, shortlisted, slots, facilitator):
    not_shortlisted = add_application(panel, facilitator)
    data = {"action": "book", "booking-application": not_shortlisted.pk, "booking-slot": slots[0].pk}
    response = staff.post(url(panel), data)
    assert "Choose one of the shortlisted organisations" in text(response)
    assert not InterviewSlot.objects.filter(application__isnull=False).exists()


def test_staff_booking_with_nothing_chosen_says_what_to_choose(staff, panel, shortlisted, slots):
    response = staff.post(url(panel), {"action": "book"})
    page = text(response)
    assert "Choose the organisation to book" in page and "Choose a free time" in page


def test_staff_add_a_question_for_one_organisation_and_remove_it(staff, panel, shortlisted):
    data = {"action": "question", "question-text": "How will you reach men?", "question-application": shortlisted.pk}
    response = staff.post(url(panel), data, follow=True)
    assert f"(for {shortlisted.organisation.name} only)" in text(response)
    question = InterviewQuestion.objects.get()
    staff.post(reverse("panels:interview_question_remove", args=[panel.pk, question.pk]))
    assert not InterviewQuestion.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question-text": ""}, "Write the question"),
        ({"question-text": "x" * 1001}, "The question must be 1,000 characters or fewer"),
        ({"question-text": "Why?", "question-application": "999999"}, "Choose every organisation, or one of the"),
    ],
)
def test_a_wrong_question_gets_a_clear_error(staff, panel, data, message):
    response = staff.post(url(panel), {"action": "question", **data})
    assert message in text(response)
    assert not InterviewQuestion.objects.exists()


def test_volunteers_cannot_arrange_interviews(member_client, panel):
    assert member_client.get(url(panel)).status_code == 403
    assert member_client.post(url(panel), slot_data()).status_code == 403
    assert not InterviewSlot.objects.exists()


def test_the_panel_page_links_here_and_to_the_shortlist_standing(staff, panel):
    page = text(staff.get(reverse("panels:panel_manage", args=[panel.pk])))
    assert url(panel) in page
    assert reverse("panels:shortlist", args=[panel.pk]) in page


def test_the_page_costs_the_same_queries_as_the_timetable_grows(staff, panel, facilitator, shortlisted, applicant):
    from panels import services

    services.interviews.book_interview(
        actor=applicant, slot=offer(panel, facilitator, at(5, 10)), application=shortlisted
    )
    offer(panel, facilitator, at(5, 11))  # a free time, so the booking form shows from the start
    services.interviews.add_interview_question(actor=facilitator, panel=panel, text="What will change for people?")

    def more():
        for hour in (10, 11, 12):
            offer(panel, facilitator, at(6, hour))
            other = shortlist(add_application(panel, facilitator))
            services.interviews.book_interview(
                actor=facilitator, slot=offer(panel, facilitator, at(7, hour)), application=other
            )
            services.interviews.add_interview_question(
                actor=facilitator, panel=panel, text="Why now?", application=other
            )

    assert_page_queries(staff, url(panel), at_most=14, add_data=more)
