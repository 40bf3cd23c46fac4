"""The applicant's status page tells the truth about the shortlist and the interview: shortlisted
(or not) once the panel has finished shortlisting, and the booked time, with a link to choose or
change it while the interviews run."""

import pytest
from django.urls import reverse

from applications.models import Answer
from commissioning.models import FundingRound
from panels import services
from panels.models import ShortlistOutcome
from tests.applications.views.application_support import add_questions
from tests.helpers import assert_page_queries

from .conftest import shortlist


def text(response):
    return response.content.decode()


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def status_page(client, application):
    return text(client.get(application.get_absolute_url()))


def test_shortlisted_with_a_link_to_choose_a_time(signed_in, shortlisted, slots):
    page = status_page(signed_in, shortlisted)
    assert "Done: shortlisted" in page
    assert reverse("panels:interview_book", args=[shortlisted.pk]) in page
    assert "5. Interview: choose a time" in page


def test_the_booked_time_is_shown_with_a_link_to_change_it(signed_in, applicant, shortlisted, slots):
    services.interviews.book_interview(actor=applicant, slot=slots[0], application=shortlisted)
    page = status_page(signed_in, shortlisted)
    assert "Interview booked for Tuesday 6 March 2018 at 10:00 am" in page
    assert "5. Interview: change the time" in page


def test_not_shortlisted_is_said_once_shortlisting_is_over(signed_in, shortlisted):
    ShortlistOutcome.objects.filter(application=shortlisted).update(outcome=ShortlistOutcome.Outcome.NOT_INCLUDED)
    page = status_page(signed_in, shortlisted)
    assert "Not shortlisted" in page and "Not invited" in page
    assert reverse("panels:interview_book", args=[shortlisted.pk]) not in page


def test_nothing_is_said_while_the_panel_is_still_voting(signed_in, applicant, application):
    from tests.applications.factories import join_organisation

    join_organisation(applicant, application.organisation)
    shortlist(application)  # the vote can still change until shortlisting closes
    page = status_page(signed_in, application)
    assert "Done: shortlisted" not in page and "Not shortlisted" not in page
    assert reverse("panels:interview_book", args=[application.pk]) not in page


def test_after_the_interviews_the_link_goes(signed_in, applicant, shortlisted, slots, funding_round):
    services.interviews.book_interview(actor=applicant, slot=slots[0], application=shortlisted)
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.DECISION)
    page = status_page(signed_in, shortlisted)
    assert "Interview booked for Tuesday 6 March 2018 at 10:00 am" in page
    assert reverse("panels:interview_book", args=[shortlisted.pk]) not in page


def test_the_status_page_costs_the_same_queries_with_a_booking(signed_in, applicant, shortlisted, slots):
    services.interviews.book_interview(actor=applicant, slot=slots[0], application=shortlisted)

    def more():
        for question in add_questions(shortlisted.funding_round, 3):
            Answer.objects.create(application=shortlisted, question=question, text="More words.")
        # Adding questions takes the round back to being open; it is at its interviews.
        FundingRound.objects.filter(pk=shortlisted.funding_round_id).update(status=FundingRound.Status.INTERVIEWS)

    assert_page_queries(signed_in, shortlisted.get_absolute_url(), at_most=15, add_data=more)
