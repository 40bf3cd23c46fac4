"""A round's public page: the money, the dates, the agreed criteria and who agreed them, how to apply."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from commissioning.models import Criterion, CriterionResponse
from tests.commissioning.factories import CriterionFactory, FundingRoundFactory, QuestionFactory, UserFactory
from tests.helpers import assert_page_queries

from .criteria_support import criteria_round, open_round, text


def round_url(funding_round):
    return reverse("commissioning:round_detail", args=[funding_round.slug])


@pytest.fixture
def group(db):
    return UserFactory.create_batch(3)


@pytest.fixture
def funding_round(criteria_member, group):
    """A round whose group agreed two criteria (one withdrawn, one never agreed), then opened."""
    funding_round = criteria_round(criteria_member, *group, title="New projects 2018")
    early = CriterionFactory(
        funding_round=funding_round,
        title="Reaches lonely people",
        what_good_looks_like="A plan to reach people who never go out.",
        agreed=True,
        agreed_at=datetime(2018, 3, 1, 12, tzinfo=UTC),
    )
    late = CriterionFactory(
        funding_round=funding_round,
        title="Run with older people",
        must_have=True,
        agreed=True,
        agreed_at=datetime(2018, 3, 12, 23, 30, tzinfo=UTC),
    )
    CriterionFactory(funding_round=funding_round, title="A dropped idea", status=Criterion.Status.WITHDRAWN)
    for member in group:
        CriterionResponse.objects.create(criterion=early, member=member, answer="agree")
    CriterionResponse.objects.create(criterion=late, member=criteria_member, answer="concern", comment="Fine")
    CriterionResponse.objects.create(criterion=late, member=group[0], answer="agree")
    # Someone who has left the group does not count towards "agreed by".
    CriterionResponse.objects.create(criterion=late, member=UserFactory(), answer="agree")
    QuestionFactory(criterion=early, text="How will you find people who are lonely?", word_limit=250)
    return open_round(funding_round)


def test_visitor_sees_the_published_round(client, funding_round):
    response = client.get(round_url(funding_round))
    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="govuk-heading-xl">New projects 2018</h1>' in page
    assert "Money for projects that help older people in Leeds feel less lonely." in page
    assert "Grants from £50,000 to £200,000" in page
    assert "Budget £1,700,000" in page
    # The open stage runs from 12 February to 11 March 2018 in the factory timeline.
    assert "Applications open on 12 February 2018." in page
    assert "Applications close at midnight at the end of 11 March 2018." in page
    assert "Not published yet" not in page


def test_the_agreed_criteria_and_who_agreed_them(client, funding_round):
    page = text(client.get(round_url(funding_round)))
    assert "Reaches lonely people" in page
    assert "A plan to reach people who never go out." in page
    assert "Run with older people" in page
    assert "This is a must-have" in page
    assert "A dropped idea" not in page
    # 4 distinct members answered agreed criteria; the latest agreement was 12 March 2018 (11.30pm GMT).
    assert "Agreed by 4 older people on 12 March 2018" in page


def test_criteria_still_under_discussion_are_not_published(client, criteria_member):
    funding_round = criteria_round(criteria_member)
    CriterionFactory(funding_round=funding_round, title="Still being talked about")
    CriterionFactory(funding_round=funding_round, title="Agreed already", agreed=True)
    open_round(funding_round)
    page = text(client.get(round_url(funding_round)))
    assert "Still being talked about" not in page
    assert "Agreed already" in page


def test_signed_in_people_can_start_an_application(client, applicant, funding_round):
    client.force_login(applicant)
    page = text(client.get(round_url(funding_round)))
    assert f'href="{reverse("applications:application_start", args=[funding_round.slug])}">Start an application' in page


def test_how_to_apply_while_open(client, funding_round):
    page = text(client.get(round_url(funding_round)))
    assert "How to apply" in page
    assert "Applications are open now, until midnight at the end of 11 March 2018." in page
    apply_url = reverse("applications:application_start", args=[funding_round.slug])
    assert f"{reverse('commissioning:sign_in')}?next={apply_url}" in page
    assert f'href="{reverse("applications:organisation_register")}">register your organisation</a>' in page
    assert "How will you find people who are lonely?" in page
    assert "Up to 250 words" in page


def test_after_the_deadline_applications_are_closed(client, funding_round):
    type(funding_round).objects.filter(pk=funding_round.pk).update(status="shortlisting")
    page = text(client.get(round_url(funding_round)))
    assert "Applications for this round have closed." in page
    assert "Sign in to apply" not in page


@pytest.mark.parametrize("status", ["draft", "criteria"])
@pytest.mark.parametrize("persona", ["visitor", "applicant", "outsider", "panel_member"])
def test_an_unpublished_round_is_not_found_for_the_public(client, db, request, persona, status):
    user = request.getfixturevalue(persona)
    if user:
        client.force_login(user)
    funding_round = FundingRoundFactory(status=status)
    assert client.get(round_url(funding_round)).status_code == 404


@pytest.mark.parametrize("persona", ["facilitator", "administrator", "criteria_member"])
def test_staff_and_the_group_see_an_unpublished_round_with_a_banner(client, request, persona):
    user = request.getfixturevalue(persona)
    funding_round = criteria_round(request.getfixturevalue("criteria_member"))
    client.force_login(user)
    response = client.get(round_url(funding_round))
    assert response.status_code == 200
    page = text(response)
    assert "Not published yet" in page
    assert "Only the staff and the criteria group can see this page until applications open." in page
    assert "The criteria group is still agreeing the criteria." in page
    assert reverse("commissioning:criteria_list", args=[funding_round.slug]) in page


def test_unknown_round_is_not_found(client, db):
    assert client.get(reverse("commissioning:round_detail", args=["no-such-round"])).status_code == 404


def test_visitor_query_count_does_not_grow_with_criteria(client, funding_round):
    def more_criteria():
        # Rows added behind the round's lock, as the data of a long round would be.
        for number in range(10):
            Criterion.objects.bulk_create(
                [
                    Criterion(
                        funding_round=funding_round,
                        title=f"Extra {number}",
                        description="d",
                        what_good_looks_like="w",
                        proposer=funding_round.criteria_group.first().user,
                        status=Criterion.Status.AGREED,
                        agreed_at=datetime(2018, 3, 2, tzinfo=UTC),
                    )
                ]
            )

    assert_page_queries(client, round_url(funding_round), at_most=5, add_data=more_criteria)


def test_member_query_count_does_not_grow_with_criteria(client, criteria_member):
    funding_round = criteria_round(criteria_member)
    client.force_login(criteria_member)
    client.get(round_url(funding_round))
    assert_page_queries(
        client,
        round_url(funding_round),
        at_most=12,
        add_data=lambda: CriterionFactory.create_batch(10, funding_round=funding_round, agreed=True),
    )
