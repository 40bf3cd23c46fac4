"""The feedback letter: an applicant reads, in a PDF a screen reader can follow, what the panel
decided, how much, on what conditions, why, and what was strong and what could be better on each
criterion; who decided and who to ask. Only the organisation (from the feedback stage) and staff
may have it; to anyone else it does not exist."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.models import FundingRound
from panels.models import FundingDecision
from tests.applications.factories import OrganisationFactory
from tests.helpers import assert_page_queries
from tests.panels.decided import COULD_BE_BETTER, RATIONALE, STRENGTHS, applicant_of, decide, decided_round
from tests.pdfs import pdf_info, pdf_text, pdf_ua_problems, word_height

pytestmark = pytest.mark.django_db


def letter_url(application, **query):
    url = reverse("panels:feedback_letter", args=[application.pk])
    return f"{url}?print={query['print']}" if query else url


@pytest.fixture
def funding_round():
    return decided_round()


@pytest.fixture
def application(funding_round):
    return decide(
        funding_round,
        OrganisationFactory(name="Armley Helping Hands"),
        outcome=FundingDecision.Outcome.FUND_WITH_CONDITIONS,
        amount=Decimal("85000"),
        asked=Decimal("90000"),
        conditions="Recruit two older volunteers to the steering group.",
    )


@pytest.fixture
def applicant_client(client, application, applicant):
    applicant_of(application, applicant)
    client.force_login(applicant)
    return client


def test_the_letter_tells_the_applicant_the_decision_amount_conditions_reasons_and_feedback(
    applicant_client, application
):
    response = applicant_client.get(letter_url(application))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="feedback-letter-{application.reference}.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Dear Armley Helping Hands" in text
    assert "the panel decided to fund your project, with conditions. You are offered a grant of £85,000." in text
    assert "You asked for £90,000" in text
    assert "The panel awarded less than you asked for." in text
    assert "Recruit two older volunteers to the steering group." in text
    assert RATIONALE in text
    for criterion in ("Reaches lonely older people", "Will last beyond the grant"):
        assert f"What was strong {criterion}: {STRENGTHS}" in text
        assert f"What could be better {criterion}: {COULD_BE_BETTER}" in text
    assert "Decided on 20 July 2018" in text


def test_the_letter_says_who_decided_that_staff_did_not_vote_and_who_to_contact(applicant_client, application):
    text = pdf_text(applicant_client.get(letter_url(application)).content)

    assert "Panel A, a panel of 3 older volunteers, read and scored your application and decided on it." in text
    assert "3 members of the panel voted on this decision, and Brenda Sutcliffe chaired the panel." in text
    assert "they did not score or vote: the decision belongs to the volunteers" in text
    assert "contact Sam Staff, who supported the panel: sam.staff@example.org" in text


def test_the_letter_is_tagged_titled_and_english_for_screen_readers(applicant_client, application):
    info = pdf_info(applicant_client.get(letter_url(application)).content)

    assert info["Tagged"] == "yes"
    assert info["Title"] == f"Feedback on your application {application.reference}"


@pytest.mark.parametrize("large_print", [False, True])
def test_the_letter_meets_pdf_ua_as_far_as_a_machine_can_tell(applicant_client, applicant, application, large_print):
    applicant.prefers_larger_text = large_print
    applicant.save()
    assert pdf_ua_problems(applicant_client.get(letter_url(application)).content) == []


def test_a_declined_application_hears_it_kindly_with_no_amount(client, applicant, funding_round):
    declined = decide(funding_round, outcome=FundingDecision.Outcome.DECLINE, amount=None)
    applicant_of(declined, applicant)
    client.force_login(applicant)

    text = pdf_text(client.get(letter_url(declined)).content)

    assert "We are sorry: the panel decided not to fund your project this time." in text
    assert "Amount awarded" not in text
    assert RATIONALE in text
    assert f"Reaches lonely older people: {COULD_BE_BETTER}" in text


def test_people_who_chose_larger_text_get_the_letter_in_large_print(applicant_client, applicant, application):
    standard = applicant_client.get(letter_url(application)).content
    applicant.prefers_larger_text = True
    applicant.save()

    large = applicant_client.get(letter_url(application)).content
    asked_for_standard = applicant_client.get(letter_url(application, print="standard")).content

    assert word_height(large, "Thank") >= 1.4 * word_height(standard, "Thank")
    assert word_height(asked_for_standard, "Thank") == pytest.approx(word_height(standard, "Thank"), rel=0.05)


def test_anyone_can_ask_for_large_print_by_the_link(applicant_client, application):
    standard = applicant_client.get(letter_url(application)).content
    large = applicant_client.get(letter_url(application, print="large")).content

    assert word_height(large, "Thank") >= 1.4 * word_height(standard, "Thank")


def test_the_letter_costs_the_same_queries_however_many_criteria_and_votes(
    applicant_client, application, funding_round
):
    from tests.commissioning.factories import CriterionFactory, UserFactory
    from tests.panels.factories import seat

    def more():
        FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.CRITERIA)
        CriterionFactory(funding_round=funding_round, agreed=True, title="Reaches communities not yet reached")
        FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.FEEDBACK)
        seat(UserFactory(), application.panel_assignment.panel)

    assert_page_queries(applicant_client, letter_url(application), at_most=10, add_data=more)


# Who may have it.


def test_before_the_feedback_stage_the_applicant_is_told_nothing(applicant_client, application, funding_round):
    for status in (FundingRound.Status.DECISION, FundingRound.Status.INTERVIEWS):
        FundingRound.objects.filter(pk=funding_round.pk).update(status=status)
        assert applicant_client.get(letter_url(application)).status_code == 404


def test_the_letter_stays_available_once_the_round_is_closed(applicant_client, application, funding_round):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.CLOSED)
    assert applicant_client.get(letter_url(application)).status_code == 200


def test_another_organisations_letter_is_not_found(client, application, other_applicant, funding_round):
    own = decide(funding_round)
    applicant_of(own, other_applicant)
    client.force_login(other_applicant)

    assert client.get(letter_url(own)).status_code == 200
    assert client.get(letter_url(application)).status_code == 404


def test_staff_read_a_letter_as_soon_as_the_decision_is_recorded(client, facilitator, application, funding_round):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.DECISION)
    client.force_login(facilitator)
    assert client.get(letter_url(application)).status_code == 200


def test_without_a_decision_there_is_no_letter_even_for_staff(client, facilitator, applicant, funding_round):
    from tests.applications.factories import ApplicationFactory

    undecided = ApplicationFactory(funding_round=funding_round, submitted=True, status="eligible")
    applicant_of(undecided, applicant)
    for person in (facilitator, applicant):
        client.force_login(person)
        assert client.get(letter_url(undecided)).status_code == 404


def test_the_panels_own_members_do_not_get_the_applicants_letter(client, application):
    chair = application.panel_assignment.panel.memberships.get(is_chair=True).user
    client.force_login(chair)
    assert client.get(letter_url(application)).status_code == 404


def test_signed_out_people_are_asked_to_sign_in(client, application):
    response = client.get(letter_url(application))
    assert response.status_code == 302
    assert reverse("commissioning:sign_in") in response["Location"]


def test_the_letter_cannot_be_posted_to(applicant_client, application):
    assert applicant_client.post(letter_url(application)).status_code == 405


def test_a_missing_application_is_not_found(applicant_client):
    assert applicant_client.get(reverse("panels:feedback_letter", args=[999999])).status_code == 404
