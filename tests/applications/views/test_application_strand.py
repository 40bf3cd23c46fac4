"""Choosing a strand: in a round whose money is shared between strands, the project page asks
which strand the project fits; it can change until the application is sent, must be chosen to
send it, and a question for one strand is asked only of that strand's applicants."""

from decimal import Decimal

import pytest

from applications import services
from applications.exceptions import InvalidAnswers
from applications.models import Application
from commissioning.models import FundingRound
from tests.applications.factories import answer_everything
from tests.commissioning.factories import QuestionFactory, add_strand
from tests.helpers import assert_page_queries

from .application_support import draft_of, text, url


@pytest.fixture
def draft(applicant):
    return draft_of(applicant, project_title="Men in sheds", amount_requested=Decimal("75000"))


@pytest.fixture
def strands(draft):
    return [
        add_strand(draft.funding_round, "Connecting people", "600000", expected_projects=6),
        add_strand(draft.funding_round, "Reaching isolated men", "400000", expected_projects=3),
    ]


def post(client, draft, strand=""):
    data = {"project_title": "Men in sheds", "amount_requested": "75,000", "strand": strand, "version": draft.version}
    return client.post(url("application_project", draft), data)


def test_the_project_page_offers_each_strand_with_its_money_and_target(client, applicant, draft, strands):
    client.force_login(applicant)
    page = text(client.get(url("application_project", draft)))
    assert "Which strand does your project fit?" in page
    assert "Reaching isolated men" in page
    assert "£400,000 for about 3 projects." in page


def test_the_applicant_chooses_a_strand_and_can_change_it_until_sending(client, applicant, draft, strands):
    client.force_login(applicant)
    assert post(client, draft, strands[1].pk).status_code == 302
    draft.refresh_from_db()
    assert draft.strand == strands[1]
    assert post(client, draft, strands[0].pk).status_code == 302
    draft.refresh_from_db()
    assert draft.strand == strands[0]


def test_a_strand_of_another_round_is_refused_and_nothing_typed_is_lost(client, applicant, draft, strands):
    other = draft_of(applicant)
    foreign = add_strand(other.funding_round, "Elsewhere", "100000")
    client.force_login(applicant)
    response = post(client, draft, foreign.pk)
    assert response.status_code == 200
    page = text(response)
    assert "Choose one of this round&#x27;s strands" in page or "Choose one of this round’s strands" in page
    assert "Men in sheds" in page
    draft.refresh_from_db()
    assert draft.strand is None


def test_the_service_refuses_a_strand_not_agreed(draft, applicant, strands):
    proposed = add_strand(draft.funding_round, "Still discussed", "100000", agreed=False)
    with pytest.raises(InvalidAnswers) as refused:
        services.save_draft(actor=applicant, application=draft, based_on_version=draft.version, strand=proposed)
    assert refused.value.errors == {"strand": "Choose one of this round's strands"}


def test_an_application_cannot_be_sent_without_a_strand(draft, strands):
    answer_everything(draft)
    assert ("Choose the strand your project fits", None) in services.missing_for_submission(draft)
    Application.objects.filter(pk=draft.pk).update(strand=strands[0])
    draft.refresh_from_db()
    assert services.missing_for_submission(draft) == []


def test_a_round_without_strands_asks_nothing_about_them(client, applicant, draft):
    client.force_login(applicant)
    page = text(client.get(url("application_project", draft)))
    assert "strand" not in page.lower()
    answer_everything(draft)
    assert services.missing_for_submission(draft) == []


def test_a_question_for_one_strand_is_asked_only_in_that_strand(client, applicant, draft, strands):
    funding_round = draft.funding_round
    answer_everything(draft)  # every question there is so far
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.CRITERIA)
    criterion = funding_round.criteria.not_strands().first()
    QuestionFactory(
        funding_round=funding_round,
        criterion=criterion,
        text="How will you reach men who live alone?",
        applies_to=strands[1],
    )
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.OPEN)
    Application.objects.filter(pk=draft.pk).update(strand=strands[0])
    draft.refresh_from_db()
    assert services.missing_for_submission(draft) == []
    client.force_login(applicant)
    assert "How will you reach men who live alone?" not in text(client.get(draft.get_absolute_url()))
    Application.objects.filter(pk=draft.pk).update(strand=strands[1])
    draft.refresh_from_db()
    assert ("Answer “How will you reach men who live alone?”", draft.funding_round.questions.last()) in [
        (message, question) for message, question in services.missing_for_submission(draft)
    ]


def test_the_project_page_costs_the_same_queries_with_more_strands(client, applicant, draft, strands):
    client.force_login(applicant)
    assert_page_queries(
        client,
        url("application_project", draft),
        at_most=14,
        add_data=lambda: add_strand(draft.funding_round, "Staying active", "100000"),
    )


def test_check_your_answers_shows_the_strand_with_a_way_to_change_it(client, applicant, draft, strands):
    Application.objects.filter(pk=draft.pk).update(strand=strands[1])
    client.force_login(applicant)
    page = text(client.get(url("application_check", draft)))
    assert '<dd class="govuk-summary-list__value" id="project-strand">Reaching isolated men</dd>' in page
    assert "#id_strand" in page
