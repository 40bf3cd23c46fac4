"""Withdrawing a criterion: only its proposer, after a confirmation; nothing is deleted."""

import pytest

from commissioning.audit import Verb
from commissioning.models import AuditEvent, Criterion, CriterionResponse
from tests.commissioning.factories import CriterionFactory, UserFactory
from tests.helpers import assert_page_queries

from .criteria_support import criteria_round, messages_of, open_round, sign_in_url, text, url


@pytest.fixture
def colleague(db):
    return UserFactory(full_name="Colin Colleague")


@pytest.fixture
def criterion(criteria_member, colleague):
    funding_round = criteria_round(criteria_member, colleague)
    return CriterionFactory(funding_round=funding_round, proposer=criteria_member, title="Tea and chat")


def test_proposer_is_asked_to_confirm(client, criteria_member, criterion):
    client.force_login(criteria_member)
    response = client.get(url("criterion_withdraw", criterion))
    assert response.status_code == 200
    page = text(response)
    assert "Withdraw “Tea and chat”?" in page
    assert "Yes, withdraw it" in page
    assert criterion.get_absolute_url() in page
    criterion.refresh_from_db()
    assert criterion.status == Criterion.Status.PROPOSED


def test_confirm_page_query_count(client, criteria_member, criterion):
    client.force_login(criteria_member)
    client.get(url("criterion_withdraw", criterion))
    assert_page_queries(client, url("criterion_withdraw", criterion), at_most=7)


def test_proposer_withdraws_and_nothing_is_deleted(client, criteria_member, colleague, criterion):
    CriterionResponse.objects.create(criterion=criterion, member=colleague, answer="concern", comment="Hmm")
    client.force_login(criteria_member)
    response = client.post(url("criterion_withdraw", criterion))
    assert response.status_code == 302
    assert response.url.endswith(f"/rounds/{criterion.funding_round.slug}/criteria/")
    criterion.refresh_from_db()
    assert criterion.status == Criterion.Status.WITHDRAWN
    assert criterion.responses.count() == 1
    event = AuditEvent.objects.get(verb=Verb.CRITERION_WITHDRAWN)
    assert event.actor == criteria_member
    assert event.target == criterion
    assert messages_of(response) == [
        "You withdrew “Tea and chat”. It stays on the list, marked as withdrawn, with its discussion."
    ]


@pytest.mark.parametrize("persona", ["colleague", "facilitator", "administrator"])
def test_only_the_proposer_can_withdraw(client, request, persona, criterion):
    client.force_login(request.getfixturevalue(persona))
    for response in (
        client.get(url("criterion_withdraw", criterion)),
        client.post(url("criterion_withdraw", criterion)),
    ):
        assert response.status_code == 403
        assert "Only the person who proposed this criterion can withdraw it." in text(response)
    criterion.refresh_from_db()
    assert criterion.status == Criterion.Status.PROPOSED


def test_a_withdrawn_criterion_cannot_be_withdrawn_again(client, criteria_member, criterion):
    client.force_login(criteria_member)
    client.post(url("criterion_withdraw", criterion))
    response = client.post(url("criterion_withdraw", criterion))
    assert response.status_code == 403
    assert "This criterion was already withdrawn." in text(response)
    assert AuditEvent.objects.filter(verb=Verb.CRITERION_WITHDRAWN).count() == 1


def test_no_withdrawing_once_the_round_is_open(client, criteria_member, criterion):
    open_round(criterion.funding_round)
    client.force_login(criteria_member)
    response = client.post(url("criterion_withdraw", criterion))
    assert response.status_code == 403
    assert "The criteria for this round are settled" in text(response)


def test_outsider_does_not_learn_the_round_exists(client, outsider, criterion):
    client.force_login(outsider)
    assert client.get(url("criterion_withdraw", criterion)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, criterion):
    response = client.post(url("criterion_withdraw", criterion))
    assert response.status_code == 302
    assert response.url == sign_in_url(url("criterion_withdraw", criterion))
    criterion.refresh_from_db()
    assert criterion.status == Criterion.Status.PROPOSED


def test_a_criterion_of_another_round_is_not_found(client, criteria_member, criterion):
    elsewhere = CriterionFactory(funding_round=criteria_round(criteria_member), proposer=criteria_member)
    client.force_login(criteria_member)
    wrong = url("criterion_withdraw", criterion).replace(f"/{criterion.pk}/", f"/{elsewhere.pk}/")
    assert client.post(wrong).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == Criterion.Status.PROPOSED
