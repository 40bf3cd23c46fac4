"""Adding a question to the application form: each serves one of this round's criteria.
Once the round is open, neither the view nor the model lets a question be added."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from commissioning import services
from commissioning.audit import Verb
from commissioning.models import AuditEvent, Criterion, FundingRound, JargonTerm, Question, RoundLocked
from commissioning.plain_english import DEFAULT_JARGON
from tests.commissioning.factories import CriterionFactory, FundingRoundFactory, join_criteria_group
from tests.helpers import assert_page_queries


@pytest.fixture(autouse=True)
def plain_english_list(db):
    """The word list the migration loads. A browser test elsewhere may have emptied the tables
    (transactional tests flush them), so each test here puts the list back."""
    for term, plainer in DEFAULT_JARGON:
        JargonTerm.objects.get_or_create(term=term, defaults={"plainer": plainer})


def create_url(funding_round) -> str:
    return reverse("commissioning:question_create", args=[funding_round.slug])


@pytest.fixture
def criterion(db):
    return CriterionFactory(funding_round=FundingRoundFactory(criteria=True), title="Reaches lonely people")


def question_data(criterion, **overrides):
    return {
        "criterion": criterion.pk,
        "text": "How will your project find older people who are lonely?",
        "help_text": "Tell us who you will reach and how.",
        "word_limit": "300",
        "is_required": "on",
        **overrides,
    }


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_add_a_question_and_see_its_plain_english_check(persona_client, criterion):
    funding_round = criterion.funding_round
    data = question_data(criterion, help_text="Please utilise this box to signpost beneficiaries.")

    response = persona_client.post(create_url(funding_round), data, follow=True)

    question = Question.objects.get()
    assert response.redirect_chain == [
        (reverse("commissioning:question_edit", args=[funding_round.slug, question.pk]), 302)
    ]
    assert (question.funding_round, question.criterion, question.word_limit) == (funding_round, criterion, 300)
    assert question.is_required
    assert question.position == 1
    page = response.content.decode()
    assert "The question is added." in page
    assert "Plain English check: the question" in page
    assert "Plain English check: help for applicants" in page
    assert "“utilise”: try “use”" in page
    assert "“beneficiaries”: try “people who will benefit”" in page
    assert AuditEvent.objects.get(verb=Verb.QUESTION_ADDED).target == question


def test_a_question_can_be_optional(client, facilitator, criterion):
    client.force_login(facilitator)
    data = question_data(criterion)
    del data["is_required"]
    client.post(create_url(criterion.funding_round), data)
    assert not Question.objects.get().is_required


def test_only_this_rounds_criteria_that_are_not_withdrawn_are_offered(client, facilitator, criterion):
    client.force_login(facilitator)
    CriterionFactory(funding_round=criterion.funding_round, title="Withdrawn idea", status=Criterion.Status.WITHDRAWN)
    CriterionFactory(title="Another round's criterion")

    page = client.get(create_url(criterion.funding_round)).content.decode()

    assert "Reaches lonely people" in page
    assert "Withdrawn idea" not in page
    assert "Another round&#x27;s criterion" not in page


@pytest.mark.parametrize("which", ["withdrawn", "another round's"])
def test_a_criterion_not_on_offer_is_refused(client, facilitator, criterion, which):
    client.force_login(facilitator)
    if which == "withdrawn":
        other = CriterionFactory(funding_round=criterion.funding_round, status=Criterion.Status.WITHDRAWN)
    else:
        other = CriterionFactory()

    response = client.post(create_url(criterion.funding_round), question_data(other))

    assert "Choose one of this round&#x27;s criteria" in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"word_limit": "0"}, "Enter a word limit between 1 and 5,000"),
        ({"word_limit": "5001"}, "Enter a word limit between 1 and 5,000"),
        ({"word_limit": "lots"}, "Enter a word limit between 1 and 5,000"),
        ({"word_limit": ""}, "Enter a word limit between 1 and 5,000"),
        ({"text": ""}, "Enter the question"),
        ({"text": "x" * 301}, "The question must be 300 characters or fewer"),
        ({"criterion": ""}, "Choose the criterion this question serves"),
    ],
)
def test_bad_input_is_explained_and_nothing_typed_is_lost(client, facilitator, criterion, overrides, message):
    client.force_login(facilitator)
    data = {**question_data(criterion, help_text="Help typed with care."), **overrides}

    response = client.post(create_url(criterion.funding_round), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(message) == 2
    assert "Help typed with care." in page
    assert not Question.objects.exists()


def test_a_round_with_no_criteria_explains_why_no_question_can_be_added(client, facilitator):
    client.force_login(facilitator)
    page = client.get(create_url(FundingRoundFactory())).content.decode()
    assert "this round has no criteria yet" in page
    assert "<form" not in page.split('id="main-content"')[1].split("</main>")[0]


def test_once_open_no_question_can_be_added(client, facilitator, criterion):
    client.force_login(facilitator)
    funding_round = criterion.funding_round
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.OPEN)

    for response in (
        client.get(create_url(funding_round)),
        client.post(create_url(funding_round), question_data(criterion)),
    ):
        assert response.status_code == 403
        assert "This round is open for applications, so its details, criteria and questions cannot change." in (
            response.content.decode()
        )
    assert not Question.objects.exists()


def test_the_model_refuses_a_question_for_an_open_round_even_without_the_view(criterion, facilitator):
    funding_round = criterion.funding_round
    funding_round.status = FundingRound.Status.OPEN
    funding_round.save()
    with pytest.raises(RoundLocked):
        Question(funding_round=funding_round, criterion=criterion, text="Sneaked in", position=1).save()
    with pytest.raises(PermissionDenied):
        services.add_question(actor=facilitator, funding_round=funding_round, criterion=criterion, text="Sneaked in")
    assert not Question.objects.exists()


def test_unknown_round_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("commissioning:question_create", args=["no-such-round"])).status_code == 404


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, criteria_member, criterion):
    join_criteria_group(criteria_member, criterion.funding_round)
    response = persona_client.post(create_url(criterion.funding_round), question_data(criterion))
    assert response.status_code == 403
    assert b"Only staff facilitators can set up funding rounds." in response.content
    assert not Question.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, criterion):
    url = create_url(criterion.funding_round)
    response = client.post(url, question_data(criterion))
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"
    assert not Question.objects.exists()


def test_question_create_query_count_does_not_grow_with_criteria(client, facilitator, criterion):
    client.force_login(facilitator)

    def more_criteria():
        CriterionFactory.create_batch(4, funding_round=criterion.funding_round)

    assert_page_queries(client, create_url(criterion.funding_round), at_most=4, add_data=more_criteria)


def test_the_error_summary_link_lands_on_the_first_criterion(client, facilitator, criterion):
    client.force_login(facilitator)
    data = question_data(criterion)
    del data["criterion"]
    page = client.post(create_url(criterion.funding_round), data).content.decode()
    assert '<a href="#id_criterion">Choose the criterion this question serves</a>' in page
    assert 'id="id_criterion" value="' in page


def test_a_lock_from_the_model_is_shown_on_the_page_and_nothing_typed_is_lost(
    client, facilitator, criterion, monkeypatch
):
    client.force_login(facilitator)

    def refuse(**kwargs):
        raise RoundLocked("This round is open for applications, so its criteria and questions cannot change.")

    monkeypatch.setattr(services, "add_question", refuse)
    response = client.post(create_url(criterion.funding_round), question_data(criterion, text="Typed in time?"))

    page = response.content.decode()
    assert "This round is open for applications, so its criteria and questions cannot change." in page
    assert 'value="Typed in time?"' in page
