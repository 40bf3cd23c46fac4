"""A question for one strand: in a round shared between strands, staff may ask a question of
one strand's applicants only; every strand is the default; a round without strands is not asked."""

import pytest
from django.urls import reverse

from commissioning.models import JargonTerm, Question
from commissioning.plain_english import DEFAULT_JARGON
from tests.commissioning.factories import CriterionFactory, FundingRoundFactory, add_strand
from tests.helpers import assert_page_queries


@pytest.fixture(autouse=True)
def plain_english_list(db):
    for term, plainer in DEFAULT_JARGON:
        JargonTerm.objects.get_or_create(term=term, defaults={"plainer": plainer})


@pytest.fixture
def criterion(db):
    return CriterionFactory(funding_round=FundingRoundFactory(criteria=True), title="Reaches lonely people")


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


def create_url(funding_round) -> str:
    return reverse("commissioning:question_create", args=[funding_round.slug])


def data(criterion, **overrides):
    return {"criterion": criterion.pk, "text": "How will you reach men?", "word_limit": "300", **overrides}


def test_staff_ask_a_question_of_one_strand(staff_client, criterion):
    men = add_strand(criterion.funding_round, "Reaching isolated men", "400000")
    page = staff_client.get(create_url(criterion.funding_round)).content.decode()
    assert "Which applicants answer it?" in page
    assert "Every strand" in page
    assert "Reaching isolated men" in page
    # The strand is not offered as a criterion to score.
    assert page.count("Reaching isolated men") == 1
    assert staff_client.post(create_url(criterion.funding_round), data(criterion, applies_to=men.pk)).status_code == 302
    assert Question.objects.get().applies_to == men


def test_every_strand_is_the_default(staff_client, criterion):
    add_strand(criterion.funding_round, "Reaching isolated men", "400000")
    staff_client.post(create_url(criterion.funding_round), data(criterion))
    assert Question.objects.get().applies_to is None


def test_a_strand_of_another_round_is_refused_on_the_page(staff_client, criterion):
    add_strand(criterion.funding_round, "Reaching isolated men", "400000")
    foreign = add_strand(FundingRoundFactory(criteria=True), "Elsewhere", "100000")
    response = staff_client.post(create_url(criterion.funding_round), data(criterion, applies_to=foreign.pk))
    assert response.status_code == 200
    assert "Choose one of this round&#x27;s strands, or every strand" in response.content.decode()
    assert "How will you reach men?" in response.content.decode()
    assert not Question.objects.exists()


def test_a_round_without_strands_is_not_asked(staff_client, criterion):
    page = staff_client.get(create_url(criterion.funding_round)).content.decode()
    assert "Reaches lonely people" in page
    assert "strand" not in page.lower()


def test_the_form_costs_the_same_queries_with_more_strands(staff_client, criterion):
    add_strand(criterion.funding_round, "Reaching isolated men", "400000")
    assert_page_queries(
        staff_client,
        create_url(criterion.funding_round),
        at_most=12,
        add_data=lambda: add_strand(criterion.funding_round, "Staying active", "300000"),
    )
