"""Removing a question: a page to confirm, then the removal, logged with the question's words.
Once the round is open, neither the view nor the model lets a question go."""

import pytest
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent, FundingRound, Question, RoundLocked
from tests.commissioning.factories import CriterionFactory, FundingRoundFactory, QuestionFactory, join_criteria_group
from tests.helpers import assert_page_queries


def remove_url(question) -> str:
    return reverse("commissioning:question_remove", args=[question.funding_round.slug, question.pk])


@pytest.fixture
def question(db):
    funding_round = FundingRoundFactory(criteria=True)
    return QuestionFactory(criterion=CriterionFactory(funding_round=funding_round, title="Reaches lonely people"))


def test_staff_are_asked_to_confirm_first(client, facilitator, question):
    client.force_login(facilitator)
    response = client.get(remove_url(question))
    assert response.status_code == 200
    page = response.content.decode()
    assert "How will your project find older people who are lonely?" in page
    assert "For the criterion ‘Reaches lonely people’." in page
    assert "Remove the question</button>" in page
    assert Question.objects.filter(pk=question.pk).exists()


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_remove_a_question_and_it_is_logged_with_its_words(persona_client, question):
    funding_round = question.funding_round

    response = persona_client.post(remove_url(question), follow=True)

    assert response.redirect_chain == [(reverse("commissioning:question_list", args=[funding_round.slug]), 302)]
    assert "The question “How will your project find older people who are lonely?” is removed." in (
        response.content.decode()
    )
    assert not Question.objects.exists()
    event = AuditEvent.objects.get(verb=Verb.QUESTION_REMOVED)
    assert event.data == {"text": "How will your project find older people who are lonely?"}


def test_once_open_the_question_cannot_be_removed(client, facilitator, question):
    client.force_login(facilitator)
    FundingRound.objects.filter(pk=question.funding_round_id).update(status=FundingRound.Status.OPEN)

    for response in (client.get(remove_url(question)), client.post(remove_url(question))):
        assert response.status_code == 403
        assert "so its details, criteria and questions cannot change." in response.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_model_refuses_to_delete_a_question_of_an_open_round(question):
    FundingRound.objects.filter(pk=question.funding_round_id).update(status=FundingRound.Status.OPEN)
    question = Question.objects.select_related("funding_round").get(pk=question.pk)
    with pytest.raises(RoundLocked):
        question.delete()
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_question_from_another_round_is_not_found(client, facilitator, question):
    client.force_login(facilitator)
    url = reverse("commissioning:question_remove", args=[FundingRoundFactory(criteria=True).slug, question.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


def test_unknown_round_or_question_is_not_found(client, facilitator, question):
    client.force_login(facilitator)
    assert client.post(reverse("commissioning:question_remove", args=["no-such-round", question.pk])).status_code == 404
    assert (
        client.post(reverse("commissioning:question_remove", args=[question.funding_round.slug, 999])).status_code
        == 404
    )


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, criteria_member, question):
    join_criteria_group(criteria_member, question.funding_round)
    response = persona_client.post(remove_url(question))
    assert response.status_code == 403
    assert b"Only staff facilitators can set up funding rounds." in response.content
    assert Question.objects.filter(pk=question.pk).exists()


def test_anonymous_is_sent_to_sign_in(client, question):
    url = remove_url(question)
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"
    assert Question.objects.filter(pk=question.pk).exists()


def test_question_remove_query_count(client, facilitator, question):
    client.force_login(facilitator)
    assert_page_queries(client, remove_url(question), at_most=4)
