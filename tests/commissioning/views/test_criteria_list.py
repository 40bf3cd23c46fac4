"""The criteria list: every criterion of a round, its status and who in the group has answered."""

import pytest
from django.urls import reverse

from commissioning.models import Criterion, CriterionResponse
from tests.commissioning.factories import CriterionFactory, UserFactory, join_criteria_group
from tests.helpers import assert_page_queries

from .criteria_support import criteria_round, open_round, sign_in_url, text


@pytest.fixture
def others(db):
    return [
        UserFactory(email="ada@example.org", full_name="Ada Agree"),
        UserFactory(email="owen@example.org", full_name="Owen Object"),
        UserFactory(email="nina@example.org", full_name="Nina Notyet"),
    ]


@pytest.fixture
def funding_round(criteria_member, others):
    return criteria_round(criteria_member, *others)


@pytest.fixture
def criterion(funding_round, criteria_member, others):
    ada, owen, _nina = others
    criterion = CriterionFactory(funding_round=funding_round, title="Reaches lonely people", weight=3)
    CriterionResponse.objects.create(criterion=criterion, member=ada, answer="agree")
    CriterionResponse.objects.create(criterion=criterion, member=owen, answer="object", comment="Too vague")
    CriterionResponse.objects.create(criterion=criterion, member=criteria_member, answer="concern", comment="Hmm")
    return criterion


def list_url(funding_round):
    return reverse("commissioning:criteria_list", args=[funding_round.slug])


def test_member_sees_each_criterion_with_its_answers(client, criteria_member, funding_round, criterion):
    CriterionFactory(funding_round=funding_round, title="Run by older people", must_have=True, agreed=True)
    CriterionFactory(funding_round=funding_round, title="An old idea", status=Criterion.Status.WITHDRAWN)
    client.force_login(criteria_member)
    response = client.get(list_url(funding_round))
    assert response.status_code == 200
    page = text(response)
    assert "The criteria" in page
    assert "at least 3 of the 4 people in the group have answered and nobody objects" in page
    assert criterion.get_absolute_url() in page
    assert "Under discussion" in page and "Agreed" in page and "Withdrawn" in page
    assert "A score from 0 to 4, with weight 3" in page
    assert "A must-have: met or not met" in page
    assert "3 of 4 have answered." in page
    assert "1 objection." in page
    assert "1 concern." in page
    assert "Ada Agree (agrees), Cyril Criteria (has a concern), Owen Object (objects)" in page
    assert "Nina Notyet" in page
    assert "Your answer" in page and "I have a concern" in page
    assert "You have not answered yet" in page  # the must-have, nobody has answered it


def test_member_can_propose_while_the_group_is_agreeing(client, criteria_member, funding_round):
    client.force_login(criteria_member)
    page = text(client.get(list_url(funding_round)))
    assert reverse("commissioning:criterion_propose", args=[funding_round.slug]) in page
    assert "Nobody has proposed a criterion yet." in page


def test_once_the_round_is_open_nobody_can_propose_and_the_reason_is_shown(
    client, criteria_member, funding_round, criterion
):
    open_round(funding_round)
    client.force_login(criteria_member)
    page = text(client.get(list_url(funding_round)))
    assert reverse("commissioning:criterion_propose", args=[funding_round.slug]) not in page
    assert "The criteria for this round are settled" in page


def test_facilitator_sees_the_list_but_cannot_propose(client, facilitator, funding_round, criterion):
    client.force_login(facilitator)
    response = client.get(list_url(funding_round))
    assert response.status_code == 200
    page = text(response)
    assert "Reaches lonely people" in page
    assert reverse("commissioning:criterion_propose", args=[funding_round.slug]) not in page
    assert "Criteria are proposed by the older people in the criteria group." in page
    assert "Your answer" not in page


def test_anonymous_is_sent_to_sign_in(client, funding_round):
    response = client.get(list_url(funding_round))
    assert response.status_code == 302
    assert response.url == sign_in_url(list_url(funding_round))


@pytest.mark.parametrize("persona", ["outsider", "applicant", "panel_member"])
def test_unpublished_round_is_not_found_for_people_outside_the_group(client, request, persona, funding_round):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(list_url(funding_round)).status_code == 404


def test_published_round_refuses_people_outside_the_group_with_the_reason(client, outsider, funding_round):
    open_round(funding_round)
    client.force_login(outsider)
    response = client.get(list_url(funding_round))
    assert response.status_code == 403
    assert "Only the criteria group and the staff who support it can see this page." in text(response)


def test_unknown_round_is_not_found(client, criteria_member, funding_round):
    client.force_login(criteria_member)
    assert client.get(reverse("commissioning:criteria_list", args=["no-such-round"])).status_code == 404


def test_query_count_stays_the_same_with_50_criteria_and_30_answers_each(client, criteria_member, funding_round):
    """The issue's requirement: no query per criterion, whatever the size of the group."""
    CriterionResponse.objects.create(
        criterion=CriterionFactory(funding_round=funding_round), member=criteria_member, answer="agree"
    )
    client.force_login(criteria_member)

    def fifty_criteria_thirty_answers_each():
        group = UserFactory.create_batch(26)
        for member in group:
            join_criteria_group(member, funding_round)
        voters = [*group, *funding_round.criteria_group.values_list("user", flat=True)]
        criteria = CriterionFactory.create_batch(49, funding_round=funding_round)
        CriterionResponse.objects.bulk_create(
            CriterionResponse(criterion=criterion, member_id=getattr(voter, "pk", voter), answer="agree")
            for criterion in criteria
            for voter in voters[:30]
        )
        assert funding_round.criteria.count() == 50
        assert CriterionResponse.objects.filter(criterion__in=criteria).count() == 49 * 30

    client.get(list_url(funding_round))  # warm Django's content-type cache, as a live server's is
    assert_page_queries(client, list_url(funding_round), at_most=11, add_data=fifty_criteria_thirty_answers_each)


def test_staff_query_count_is_constant_too(client, facilitator, funding_round, criterion):
    client.force_login(facilitator)
    client.get(list_url(funding_round))
    assert_page_queries(
        client,
        list_url(funding_round),
        at_most=9,
        add_data=lambda: CriterionFactory.create_batch(10, funding_round=funding_round),
    )
