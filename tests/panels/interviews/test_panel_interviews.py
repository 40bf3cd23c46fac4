"""The panel's interviews page: who comes when and where, the questions, a member adds one,
and a link to score each interview (not for an organisation the member is conflicted with)."""

import pytest
from django.urls import reverse

from commissioning.models import FundingRound
from panels import services
from panels.models import InterviewQuestion, Panel
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.factories import seat
from tests.panels.views.conftest import add_application, declare

from .conftest import at, offer, shortlist


def url(panel):
    return reverse("panels:interviews_panel", args=[panel.pk])


def text(response):
    return response.content.decode()


@pytest.fixture
def booked(shortlisted, applicant, slots, member):
    declare(member, shortlisted)
    services.interviews.book_interview(actor=applicant, slot=slots[0], application=shortlisted)
    return shortlisted


def interviewing_done(member, panel):
    from panels.models import InductionCompletion, InductionModule

    membership = member.panel_memberships.get(panel=panel)
    InductionCompletion.objects.create(membership=membership, module=InductionModule.INTERVIEWING, recorded_by=member)


def test_members_see_who_comes_when_and_where_and_a_link_to_score(member_client, member, panel, booked):
    interviewing_done(member, panel)
    page = text(member_client.get(url(panel)))
    assert booked.organisation.name in page
    assert "Tuesday 6 March 2018, 10:00 am, 45 minutes, at Leeds Civic Hall, Millennium Square" in page
    assert reverse("panels:application_score", args=[panel.pk, booked.pk]) in page
    assert "2 times still free" in page


def test_a_member_without_the_interviewing_module_is_not_offered_a_score_link_that_would_refuse(
    member_client, panel, booked
):
    # The policy refuses interview scoring until the interviewing module is done; the page asks it.
    score = reverse("panels:application_score", args=[panel.pk, booked.pk])
    assert member_client.get(score).status_code == 403
    page = text(member_client.get(url(panel)))
    assert booked.organisation.name in page
    assert score not in page


def test_a_conflicted_member_is_not_offered_scoring(client, colleague, panel, booked):
    declare(colleague, booked, conflict=True)
    client.force_login(colleague)
    page = text(client.get(url(panel)))
    assert "Conflict declared — you take no part" in page
    assert reverse("panels:application_score", args=[panel.pk, booked.pk]) not in page


def test_a_member_adds_a_question_for_everyone(member_client, member, panel, booked):
    response = member_client.post(url(panel), {"text": "What will you do if fewer people come?"}, follow=True)
    assert "Your question is added for the interviews." in text(response)
    question = InterviewQuestion.objects.get()
    assert question.added_by == member and question.application is None
    assert "What will you do if fewer people come?" in text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Write the question"),
        ({"text": "x" * 1001}, "The question must be 1,000 characters or fewer"),
        ({"text": "Why?", "application": "999999"}, "Choose every organisation, or one of the shortlisted ones"),
    ],
)
def test_a_wrong_question_is_a_clear_error(member_client, panel, booked, data, message):
    response = member_client.post(url(panel), data)
    assert response.status_code == 200
    page = text(response)
    assert "govuk-error-summary" in page and message in page
    assert not InterviewQuestion.objects.exists()


def test_a_question_about_another_panels_organisation_is_refused(member_client, panel, booked, facilitator):
    other_panel = Panel.objects.create(funding_round=panel.funding_round, name="Panel B")
    elsewhere = shortlist(add_application(other_panel, facilitator))
    response = member_client.post(url(panel), {"text": "Why?", "application": elsewhere.pk})
    assert "Choose every organisation, or one of the shortlisted ones" in text(response)


def test_staff_see_the_timetable_without_scoring_links_or_the_question_box(client, facilitator, panel, booked):
    client.force_login(facilitator)
    page = text(client.get(url(panel)))
    assert booked.organisation.name in page
    assert reverse("panels:application_score", args=[panel.pk, booked.pk]) not in page
    assert "Add my question" not in page


def test_a_member_of_another_panel_gets_not_found(client, panel, booked):
    stranger = UserFactory(email="panel.b@example.org")
    seat(stranger, Panel.objects.create(funding_round=panel.funding_round, name="Panel B"))
    client.force_login(stranger)
    assert client.get(url(panel)).status_code == 404


def test_the_panel_page_links_here_from_the_interview_stage(member_client, panel, funding_round):
    detail = reverse("panels:panel_detail", args=[panel.pk])
    assert url(panel) not in text(member_client.get(detail))
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.INTERVIEWS)
    assert url(panel) in text(member_client.get(detail))


def test_the_page_costs_the_same_queries_as_interviews_grow(member_client, member, panel, booked, facilitator):
    services.interviews.add_interview_question(actor=member, panel=panel, text="Who helped write this?")

    def more():
        for hour in (12, 13, 15):
            other = shortlist(add_application(panel, facilitator))
            declare(member, other, conflict=hour == 13)
            services.interviews.book_interview(
                actor=facilitator, slot=offer(panel, facilitator, at(8, hour)), application=other
            )
            services.interviews.add_interview_question(actor=member, panel=panel, text="And you?", application=other)

    # The policy answers the whole timetable from one read of the panel's facts (panels/facts.py),
    # and asks once whether the member may record the panel's agreement to go on.
    assert_page_queries(member_client, url(panel), at_most=18, add_data=more)
