"""Changing a question on the application form, with the plain-English check beside it.
Once the round is open, neither the view nor the model lets a question change."""

import pytest
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent, Criterion, FundingRound, JargonTerm, RoundLocked
from commissioning.plain_english import DEFAULT_JARGON
from tests.commissioning.factories import CriterionFactory, FundingRoundFactory, QuestionFactory, join_criteria_group
from tests.helpers import assert_page_queries


@pytest.fixture(autouse=True)
def plain_english_list(db):
    """The word list the migration loads. A browser test elsewhere may have emptied the tables
    (transactional tests flush them), so each test here puts the list back."""
    for term, plainer in DEFAULT_JARGON:
        JargonTerm.objects.get_or_create(term=term, defaults={"plainer": plainer})


def edit_url(question) -> str:
    return reverse("commissioning:question_edit", args=[question.funding_round.slug, question.pk])


@pytest.fixture
def question(db):
    funding_round = FundingRoundFactory(criteria=True)
    return QuestionFactory(criterion=CriterionFactory(funding_round=funding_round, title="Reaches lonely people"))


def question_data(question, **overrides):
    data = {
        "criterion": question.criterion_id,
        "text": question.text,
        "help_text": question.help_text,
        "word_limit": str(question.word_limit),
        **overrides,
    }
    if question.is_required:
        data.setdefault("is_required", "on")
    return data


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_change_a_question_and_only_the_changes_are_logged(persona_client, question):
    response = persona_client.post(
        edit_url(question), question_data(question, text="Who will your project reach?", word_limit="500"), follow=True
    )

    assert response.redirect_chain == [(edit_url(question), 302)]
    assert "Your changes to the question are saved." in response.content.decode()
    question.refresh_from_db()
    assert (question.text, question.word_limit) == ("Who will your project reach?", 500)
    event = AuditEvent.objects.get(verb=Verb.QUESTION_UPDATED)
    assert event.data == {"changed": ["text", "word_limit"]}


def test_a_question_can_move_to_another_criterion_of_the_round(client, facilitator, question):
    client.force_login(facilitator)
    other = CriterionFactory(funding_round=question.funding_round)
    client.post(edit_url(question), question_data(question, criterion=other.pk))
    question.refresh_from_db()
    assert question.criterion == other


def test_the_form_is_filled_in_and_the_plain_english_check_is_beside_it(client, facilitator, question):
    client.force_login(facilitator)
    question.help_text = "Explain how you will leverage synergy with stakeholders."
    question.save()

    page = client.get(edit_url(question)).content.decode()

    assert 'value="How will your project find older people who are lonely?"' in page
    assert "checked" in page.split('id="id_criterion"')[1][:80]
    assert "Plain English check: the question" in page
    assert "“synergy”: try “working together”" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"word_limit": "0"}, "Enter a word limit between 1 and 5,000"),
        ({"word_limit": "10,000"}, "Enter a word limit between 1 and 5,000"),
        ({"text": ""}, "Enter the question"),
    ],
)
def test_bad_input_is_explained_and_nothing_stored_or_typed_is_lost(client, facilitator, question, overrides, message):
    client.force_login(facilitator)
    data = question_data(question, help_text="New help typed with care.", **overrides)

    response = client.post(edit_url(question), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(message) == 2
    assert "New help typed with care." in page
    question.refresh_from_db()
    assert question.help_text == "Tell us who you will reach and how."
    assert question.word_limit == 300
    assert not AuditEvent.objects.filter(verb=Verb.QUESTION_UPDATED).exists()


def test_a_withdrawn_criterion_cannot_be_chosen(client, facilitator, question):
    client.force_login(facilitator)
    withdrawn = CriterionFactory(funding_round=question.funding_round, status=Criterion.Status.WITHDRAWN)
    response = client.post(edit_url(question), question_data(question, criterion=withdrawn.pk))
    assert "Choose one of this round&#x27;s criteria" in response.content.decode()
    question.refresh_from_db()
    assert question.criterion != withdrawn


def test_once_open_the_question_cannot_change(client, facilitator, question):
    client.force_login(facilitator)
    FundingRound.objects.filter(pk=question.funding_round_id).update(status=FundingRound.Status.OPEN)

    for response in (
        client.get(edit_url(question)),
        client.post(edit_url(question), question_data(question, text="Changed")),
    ):
        assert response.status_code == 403
        assert "so its details, criteria and questions cannot change." in response.content.decode()
    question.refresh_from_db()
    assert question.text != "Changed"


def test_the_model_refuses_a_change_to_a_question_of_an_open_round(question):
    FundingRound.objects.filter(pk=question.funding_round_id).update(status=FundingRound.Status.OPEN)
    question.refresh_from_db()
    question.funding_round.refresh_from_db()
    question.text = "Changed behind the view's back"
    with pytest.raises(RoundLocked):
        question.save()
    question.refresh_from_db()
    assert question.text != "Changed behind the view's back"


def test_a_question_from_another_round_is_not_found(client, facilitator, question):
    client.force_login(facilitator)
    other_round = FundingRoundFactory(criteria=True)
    url = reverse("commissioning:question_edit", args=[other_round.slug, question.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, question_data(question, text="Changed")).status_code == 404
    question.refresh_from_db()
    assert question.text != "Changed"


def test_unknown_round_or_question_is_not_found(client, facilitator, question):
    client.force_login(facilitator)
    assert client.get(reverse("commissioning:question_edit", args=["no-such-round", question.pk])).status_code == 404
    assert (
        client.get(reverse("commissioning:question_edit", args=[question.funding_round.slug, 999])).status_code == 404
    )


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, criteria_member, question):
    join_criteria_group(criteria_member, question.funding_round)
    response = persona_client.post(edit_url(question), question_data(question, text="Changed"))
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.text != "Changed"


def test_anonymous_is_sent_to_sign_in(client, question):
    url = edit_url(question)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"


def test_question_edit_query_count_does_not_grow_with_criteria(client, facilitator, question):
    client.force_login(facilitator)

    def more_criteria():
        CriterionFactory.create_batch(4, funding_round=question.funding_round)

    assert_page_queries(client, edit_url(question), at_most=6, add_data=more_criteria)
