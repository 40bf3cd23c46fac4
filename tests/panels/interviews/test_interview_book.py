"""A shortlisted organisation chooses its interview time; choosing again moves it; a time
someone took a moment earlier gets a kind message and the other free times. Others get 404."""

import pytest
from django.core import mail
from django.urls import reverse

from commissioning.models import FundingRound
from panels import services
from panels.models import InterviewSlot, ShortlistOutcome
from tests.applications.factories import join_organisation
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.views.conftest import add_application

from .conftest import shortlist


def url(application):
    return reverse("panels:interview_book", args=[application.pk])


def text(response):
    return response.content.decode()


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def test_the_free_times_are_offered_in_plain_words(signed_in, shortlisted, slots):
    page = text(signed_in.get(url(shortlisted)))
    assert "Tuesday 6 March 2018, 10:00 am, 45 minutes, at Leeds Civic Hall, Millennium Square" in page
    assert "Tuesday 6 March 2018, 2:30 pm, 45 minutes" in page
    assert "Wednesday 7 March 2018, 11:00 am, 45 minutes, by video call" in page


def test_an_organisation_books_a_time_and_both_sides_are_emailed(
    signed_in, applicant, member, shortlisted, slots, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url(shortlisted), {"slot": slots[1].pk}, follow=True)
    assert response.redirect_chain[-1][0] == shortlisted.get_absolute_url()
    page = text(response)
    assert "Your interview is booked for Tuesday 6 March 2018, 2:30 pm" in page
    assert "Interview booked for Tuesday 6 March 2018 at 2:30 pm" in page
    assert InterviewSlot.objects.get(application=shortlisted) == slots[1]
    recipients = {address for message in mail.outbox for address in message.to}
    assert {applicant.email, member.email} <= recipients


def test_booking_again_moves_the_interview(signed_in, shortlisted, slots):
    signed_in.post(url(shortlisted), {"slot": slots[0].pk})
    page = text(signed_in.get(url(shortlisted)))
    assert "Your interview is booked for Tuesday 6 March 2018, 10:00 am" in page
    assert "Move my interview" in page
    signed_in.post(url(shortlisted), {"slot": slots[2].pk})
    assert list(InterviewSlot.objects.filter(application=shortlisted)) == [slots[2]]
    assert InterviewSlot.objects.get(pk=slots[0].pk).is_free


def test_a_time_taken_a_moment_earlier_gets_a_kind_message_and_the_other_times(
    signed_in, panel, facilitator, shortlisted, slots
):
    other = shortlist(add_application(panel, facilitator))
    services.interviews.book_interview(actor=facilitator, slot=slots[0], application=other)  # while the page was open
    response = signed_in.post(url(shortlisted), {"slot": slots[0].pk})
    assert response.status_code == 200
    page = text(response)
    assert "Sorry, someone booked that time a moment ago. Please choose one of the other times." in page
    assert "govuk-error-summary" in page
    assert "2:30 pm" in page and "by video call" in page
    assert f'value="{slots[0].pk}"' not in page
    assert InterviewSlot.objects.get(pk=slots[0].pk).application == other
    assert not InterviewSlot.objects.filter(application=shortlisted).exists()


def test_the_service_saying_slot_taken_is_shown_kindly_too(signed_in, shortlisted, slots, monkeypatch):
    from panels.exceptions import SlotTaken

    def taken(**kwargs):
        raise SlotTaken("Sorry, someone booked that time a moment ago. Please choose one of the other times.")

    monkeypatch.setattr(services.interviews, "book_interview", taken)
    response = signed_in.post(url(shortlisted), {"slot": slots[0].pk})
    assert "Sorry, someone booked that time a moment ago" in text(response)


@pytest.mark.parametrize("value", ["", "not-a-slot", "999999"])
def test_no_time_or_a_wrong_one_is_a_clear_error(signed_in, shortlisted, slots, value):
    response = signed_in.post(url(shortlisted), {"slot": value} if value else {})
    page = text(response)
    assert "govuk-error-summary" in page
    assert "Choose a time for your interview" in page or "choose one of the other times" in page
    assert not InterviewSlot.objects.filter(application__isnull=False).exists()


def test_a_slot_of_another_panel_cannot_be_booked(signed_in, shortlisted, slots, facilitator, funding_round):
    from panels.models import Panel

    other_panel = Panel.objects.create(funding_round=funding_round, name="Panel B")
    elsewhere = services.interviews.offer_interview_slot(
        actor=facilitator, panel=other_panel, starts_at=slots[0].starts_at, place="Somewhere else"
    )
    response = signed_in.post(url(shortlisted), {"slot": elsewhere.pk})
    assert "govuk-error-summary" in text(response)
    assert InterviewSlot.objects.get(pk=elsewhere.pk).is_free


def test_another_organisation_and_panel_members_get_not_found(client, shortlisted, slots, member, other_applicant):
    from tests.applications.factories import OrganisationFactory

    join_organisation(other_applicant, OrganisationFactory())
    for person in (other_applicant, member, UserFactory(email="nobody@example.org")):
        client.force_login(person)
        assert client.get(url(shortlisted)).status_code == 404
        assert client.post(url(shortlisted), {"slot": slots[0].pk}).status_code == 404
    assert not InterviewSlot.objects.filter(application__isnull=False).exists()


def test_staff_are_told_to_book_from_the_panels_page(client, facilitator, shortlisted, slots):
    client.force_login(facilitator)
    response = client.get(url(shortlisted))
    assert response.status_code == 403
    assert "Only the organisation that applied can book its interview." in text(response)


def test_an_organisation_not_shortlisted_is_told_why(signed_in, shortlisted, slots):
    ShortlistOutcome.objects.filter(application=shortlisted).update(outcome=ShortlistOutcome.Outcome.NOT_INCLUDED)
    response = signed_in.get(url(shortlisted))
    assert response.status_code == 403
    assert "Only shortlisted applications are invited to an interview." in text(response)


def test_booking_waits_for_the_interview_stage(signed_in, shortlisted, slots, funding_round):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.DECISION)
    response = signed_in.post(url(shortlisted), {"slot": slots[0].pk})
    assert response.status_code == 403
    assert "Interviews can be booked only during the interview stage." in text(response)


def test_no_free_times_says_so(signed_in, shortlisted):
    assert "No times are free just now." in text(signed_in.get(url(shortlisted)))


def test_the_page_costs_the_same_queries_as_times_are_added(signed_in, shortlisted, slots, panel, facilitator):
    from .conftest import at, offer

    def more():
        for hour in (9, 12, 16):
            offer(panel, facilitator, at(9, hour))

    assert_page_queries(signed_in, url(shortlisted), at_most=12, add_data=more)
