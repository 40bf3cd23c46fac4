"""Who may read a feedback letter (`panels.view_feedback_letter`), and the link on the applicant's
status page (the include the status page shows): there for the organisation from the feedback
stage, offering large print; never there for anyone else; at a constant cost in queries."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from commissioning.models import FundingRound
from commissioning.permissions import can
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_max_queries
from tests.panels.decided import applicant_of, decide, decided_round

pytestmark = pytest.mark.django_db

S = FundingRound.Status
SLOT = "panels/includes/feedback_letter_link.html"


@pytest.fixture
def funding_round():
    return decided_round()


@pytest.fixture
def application(funding_round):
    return decide(funding_round)


def with_status(application, status):
    FundingRound.objects.filter(pk=application.funding_round_id).update(status=status)
    application.funding_round.refresh_from_db()
    return application


@pytest.mark.parametrize(
    "status, allowed",
    [(S.SHORTLISTING, False), (S.INTERVIEWS, False), (S.DECISION, False), (S.FEEDBACK, True), (S.CLOSED, True)],
)
def test_the_organisation_reads_its_letter_from_the_feedback_stage(application, status, allowed):
    member = applicant_of(application)
    assert bool(can(member, "panels.view_feedback_letter", with_status(application, status))) is allowed


@pytest.mark.parametrize("who", ["facilitator", "administrator"])
def test_staff_read_any_decided_letter_at_any_stage(application, who, request):
    staff = request.getfixturevalue(who)
    assert can(staff, "panels.view_feedback_letter", with_status(application, S.DECISION))


def test_nobody_reads_a_letter_before_the_decision_is_recorded(facilitator, funding_round):
    from tests.applications.factories import ApplicationFactory

    undecided = ApplicationFactory(funding_round=funding_round, submitted=True, status="eligible")
    member = applicant_of(undecided)
    decision = can(facilitator, "panels.view_feedback_letter", undecided)
    assert not decision and decision.reason == "The panel has not decided on this application yet."
    assert not can(member, "panels.view_feedback_letter", undecided)


def test_the_panel_and_other_people_do_not_read_it(application, outsider):
    chair = application.panel_assignment.panel.memberships.get(is_chair=True).user
    for person in (chair, outsider):
        decision = can(person, "panels.view_feedback_letter", application)
        assert not decision
        assert decision.reason == "Only the organisation that applied can read its feedback letter."


def slot(user, application) -> str:
    return render_to_string(
        SLOT, {"user": user, "application": application, "funding_round": application.funding_round}
    )


def test_the_status_page_offers_the_letter_and_large_print(application):
    member = applicant_of(application)
    html = slot(member, application)
    letter = reverse("panels:feedback_letter", args=[application.pk])
    assert "The feedback letter" in html
    assert f'href="{letter}">Download the feedback letter (PDF)</a>' in html
    assert f'href="{letter}?print=large">Download it in large print (PDF)</a>' in html


def test_people_who_chose_larger_text_are_offered_standard_print_instead(application):
    member = applicant_of(application, UserFactory(prefers_larger_text=True))
    html = slot(member, application)
    assert "Download the feedback letter (PDF, large print)" in html
    assert "?print=standard" in html


def test_before_feedback_the_status_page_says_nothing_of_a_letter(application, outsider):
    member = applicant_of(application)
    assert "feedback letter" not in slot(member, with_status(application, S.DECISION))
    assert "feedback letter" not in slot(outsider, with_status(application, S.FEEDBACK))


def test_the_link_costs_no_more_than_four_queries(application, funding_round):
    member = applicant_of(application)
    with assert_max_queries(4):
        slot(member, application)
