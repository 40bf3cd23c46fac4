"""The application form's questions, grouped by the criterion each helps the panel score.
Read-only, with the reason, once the round is open."""

import pytest
from django.urls import reverse

from commissioning.models import FundingRound
from tests.commissioning.factories import CriterionFactory, FundingRoundFactory, QuestionFactory, join_criteria_group
from tests.helpers import assert_page_queries


def list_url(funding_round) -> str:
    return reverse("commissioning:question_list", args=[funding_round.slug])


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_see_questions_grouped_by_criterion_with_their_position(persona_client):
    funding_round = FundingRoundFactory(criteria=True)
    reach = CriterionFactory(funding_round=funding_round, title="Reaches lonely people", position=1)
    together = CriterionFactory(funding_round=funding_round, title="Brings people together", position=2)
    QuestionFactory(criterion=together, text="How will people meet?", position=1)
    QuestionFactory(criterion=reach, text="Who will you reach?", position=2, word_limit=250)
    QuestionFactory(criterion=reach, text="How will you find them?", position=3, is_required=False)

    response = persona_client.get(list_url(funding_round))

    assert response.status_code == 200
    page = response.content.decode()
    order = [
        page.index(text)
        for text in (
            "Reaches lonely people",
            "Who will you reach?",
            "How will you find them?",
            "Brings people together",
            "How will people meet?",
        )
    ]
    assert order == sorted(order)
    assert "Question 2" in page and "Question 3" in page
    assert "Up to 250 words. An answer is required." in page
    assert "Applicants may leave it out." in page


def test_while_setting_up_each_question_can_be_changed_or_removed(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(criteria=True)
    question = QuestionFactory(criterion=CriterionFactory(funding_round=funding_round))
    page = client.get(list_url(funding_round)).content.decode()
    assert reverse("commissioning:question_create", args=[funding_round.slug]) in page
    assert reverse("commissioning:question_edit", args=[funding_round.slug, question.pk]) in page
    assert reverse("commissioning:question_remove", args=[funding_round.slug, question.pk]) in page


def test_once_open_the_list_is_read_only_and_says_why(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(criteria=True)
    question = QuestionFactory(criterion=CriterionFactory(funding_round=funding_round, agreed=True))
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.OPEN)

    page = client.get(list_url(funding_round)).content.decode()

    assert question.text in page
    assert "You can read the questions but not change them." in page
    assert "This round is open for applications, so its details, criteria and questions cannot change." in page
    assert reverse("commissioning:question_create", args=[funding_round.slug]) not in page
    assert reverse("commissioning:question_edit", args=[funding_round.slug, question.pk]) not in page


def test_no_questions_yet_says_so(client, facilitator):
    client.force_login(facilitator)
    assert b"There are no questions yet." in client.get(list_url(FundingRoundFactory())).content


def test_another_rounds_questions_are_not_listed(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(criteria=True)
    QuestionFactory(text="A question for another round entirely")
    assert b"A question for another round entirely" not in client.get(list_url(funding_round)).content


def test_unknown_round_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("commissioning:question_list", args=["no-such-round"])).status_code == 404


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, criteria_member):
    funding_round = FundingRoundFactory(criteria=True)
    join_criteria_group(criteria_member, funding_round)
    response = persona_client.get(list_url(funding_round))
    assert response.status_code == 403
    assert b"Only staff facilitators can see this page." in response.content


def test_anonymous_is_sent_to_sign_in(client, db):
    url = list_url(FundingRoundFactory())
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"


def test_question_list_query_count_does_not_grow_with_questions(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(criteria=True)
    QuestionFactory(criterion=CriterionFactory(funding_round=funding_round))

    def more_questions():
        for _ in range(3):
            criterion = CriterionFactory(funding_round=funding_round)
            QuestionFactory.create_batch(2, criterion=criterion)

    assert_page_queries(client, list_url(funding_round), at_most=4, add_data=more_questions)
