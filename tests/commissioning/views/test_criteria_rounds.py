"""Your criteria groups: each round you help with, how many criteria, and how many you still have to answer."""

import pytest
from django.urls import reverse

from commissioning.models import CriterionResponse, FundingRound
from tests.commissioning.factories import CriterionFactory, FundingRoundFactory, UserFactory, join_criteria_group
from tests.helpers import assert_page_queries

from .criteria_support import criteria_round, open_round, sign_in_url, text

ROUNDS = reverse("commissioning:criteria_rounds")


@pytest.fixture
def funding_round(criteria_member):
    funding_round = criteria_round(criteria_member, title="New projects 2018")
    first, second, _third = CriterionFactory.create_batch(3, funding_round=funding_round)
    CriterionFactory(funding_round=funding_round, status="withdrawn")  # not counted
    CriterionResponse.objects.create(criterion=first, member=criteria_member, answer="agree")
    return funding_round


def test_member_sees_their_round_and_what_is_left_to_answer(client, criteria_member, funding_round):
    client.force_login(criteria_member)
    response = client.get(ROUNDS)
    assert response.status_code == 200
    page = text(response)
    assert "Your criteria groups" in page
    assert "Agreeing the criteria now" in page
    assert reverse("commissioning:criteria_list", args=[funding_round.slug]) in page
    assert "3 criteria proposed so far; 0 agreed." in page
    assert "You have 2 criteria to answer." in page
    assert "The group agrees the criteria from 8 January 2018 to 4 February 2018." in page


def test_one_left_is_said_in_the_singular(client, criteria_member, funding_round):
    second = funding_round.criteria.filter(status="proposed").exclude(responses__member=criteria_member).first()
    CriterionResponse.objects.create(criterion=second, member=criteria_member, answer="concern")
    client.force_login(criteria_member)
    assert "You have 1 criterion to answer." in text(client.get(ROUNDS))


def test_member_who_answered_everything_is_told_so(client, criteria_member, funding_round):
    for criterion in funding_round.criteria.exclude(status="withdrawn").exclude(responses__member=criteria_member):
        CriterionResponse.objects.create(criterion=criterion, member=criteria_member, answer="agree")
    client.force_login(criteria_member)
    page = text(client.get(ROUNDS))
    assert "You have answered every criterion." in page
    assert "to answer." not in page


def test_rounds_of_other_groups_are_not_listed(client, criteria_member, funding_round):
    other = criteria_round(UserFactory(), title="Somebody else's round")
    client.force_login(criteria_member)
    response = client.get(ROUNDS)
    assert response.status_code == 200
    page = text(response)
    assert funding_round.title in page
    assert reverse("commissioning:criteria_list", args=[funding_round.slug]) in page
    assert other.title not in page
    assert other.slug not in page


def test_rounds_not_started_and_finished_are_grouped(client, criteria_member, funding_round):
    soon = FundingRoundFactory(title="Next year's round")
    join_criteria_group(criteria_member, soon)
    done = criteria_round(criteria_member, title="Last year's round")
    CriterionFactory(funding_round=done, agreed=True)
    open_round(done)
    client.force_login(criteria_member)
    page = text(client.get(ROUNDS))
    assert page.index("Agreeing the criteria now") < page.index("Starting soon") < page.index("Criteria agreed")
    assert "Next year&#x27;s round" in page
    assert "the staff are still setting the dates." in page
    assert "1 criterion agreed." in page
    assert done.get_absolute_url() in page


def test_facilitator_sees_the_rounds_without_a_count_to_answer(client, facilitator, funding_round):
    client.force_login(facilitator)
    page = text(client.get(ROUNDS))
    assert funding_round.title in page
    assert "to answer" not in page


def test_someone_in_no_group_is_told_so(client, outsider, funding_round):
    client.force_login(outsider)
    response = client.get(ROUNDS)
    assert response.status_code == 200
    page = text(response)
    assert "You are not in a criteria group at the moment." in page
    assert funding_round.title not in page


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(ROUNDS)
    assert response.status_code == 302
    assert response.url == sign_in_url(ROUNDS)


def test_query_count_does_not_grow_with_rounds_or_criteria(client, criteria_member, funding_round):
    client.force_login(criteria_member)

    def more_rounds():
        for number in range(5):
            extra = criteria_round(criteria_member, title=f"Extra round {number}")
            for criterion in CriterionFactory.create_batch(4, funding_round=extra):
                CriterionResponse.objects.create(criterion=criterion, member=criteria_member, answer="agree")
        FundingRoundFactory(status=FundingRound.Status.DRAFT)

    assert_page_queries(client, ROUNDS, at_most=5, add_data=more_rounds)
