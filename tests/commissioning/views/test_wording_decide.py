"""The proposer accepts or declines suggested wording. Both outcomes are kept and logged."""

import pytest

from commissioning.audit import Verb
from commissioning.models import AuditEvent, WordingSuggestion
from tests.commissioning.factories import CriterionFactory, UserFactory

from .criteria_support import criteria_round, messages_of, open_round, sign_in_url, text, url


@pytest.fixture
def proposer(db):
    return UserFactory(full_name="Pat Proposer")


@pytest.fixture
def criterion(proposer, criteria_member):
    funding_round = criteria_round(proposer, criteria_member)
    return CriterionFactory(
        funding_round=funding_round,
        proposer=proposer,
        title="Old title",
        description="Old description",
        what_good_looks_like="Old good",
    )


@pytest.fixture
def suggestion(criterion, facilitator):
    return WordingSuggestion.objects.create(
        criterion=criterion,
        suggested_by=facilitator,
        title="New title",
        description="New description",
        what_good_looks_like="New good",
        reason="Plainer",
    )


def decide(client, suggestion, decision):
    data = {} if decision is None else {"decision": decision}
    return client.post(url("wording_decide", suggestion.criterion, suggestion.pk), data)


def test_accepting_changes_the_words_and_keeps_the_old_ones_on_record(client, proposer, criterion, suggestion):
    client.force_login(proposer)
    response = decide(client, suggestion, "accept")
    assert response.status_code == 302
    assert response.url == criterion.get_absolute_url()
    criterion.refresh_from_db()
    assert (criterion.title, criterion.description, criterion.what_good_looks_like) == (
        "New title",
        "New description",
        "New good",
    )
    suggestion.refresh_from_db()
    assert suggestion.status == WordingSuggestion.Status.ACCEPTED
    assert suggestion.decided_at is not None
    event = AuditEvent.objects.get(verb=Verb.WORDING_ACCEPTED)
    assert event.actor == proposer
    assert event.data["previous_wording"]["title"] == "Old title"
    assert messages_of(response) == ["You accepted the new wording. The criterion now uses it; the old words are kept."]
    page = text(client.get(criterion.get_absolute_url()))
    assert "Earlier wording suggestions" in page
    assert "accepted on" in page


def test_declining_keeps_my_words_and_the_suggestion(client, proposer, criterion, suggestion):
    client.force_login(proposer)
    response = decide(client, suggestion, "decline")
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.title == "Old title"
    suggestion.refresh_from_db()
    assert suggestion.status == WordingSuggestion.Status.DECLINED
    assert AuditEvent.objects.get(verb=Verb.WORDING_DECLINED).actor == proposer
    assert messages_of(response) == ["You kept your own wording. The suggestion stays on the record as declined."]
    assert "declined on" in text(client.get(criterion.get_absolute_url()))


@pytest.mark.parametrize("decision", [None, "", "maybe"])
def test_no_clear_decision_changes_nothing(client, proposer, criterion, suggestion, decision):
    client.force_login(proposer)
    response = decide(client, suggestion, decision)
    assert response.status_code == 302
    assert messages_of(response) == ["Choose whether to use the new wording or keep your own."]
    suggestion.refresh_from_db()
    assert suggestion.status == WordingSuggestion.Status.PENDING


def test_a_suggestion_is_answered_once(client, proposer, suggestion):
    client.force_login(proposer)
    decide(client, suggestion, "decline")
    response = decide(client, suggestion, "accept")
    assert response.status_code == 403
    assert "This suggestion has already been answered." in text(response)
    suggestion.criterion.refresh_from_db()
    assert suggestion.criterion.title == "Old title"


@pytest.mark.parametrize("persona", ["criteria_member", "facilitator", "administrator"])
def test_only_the_proposer_decides(client, request, persona, suggestion):
    client.force_login(request.getfixturevalue(persona))
    response = decide(client, suggestion, "accept")
    assert response.status_code == 403
    assert "Only the person who proposed this criterion can accept or decline new wording." in text(response)
    suggestion.refresh_from_db()
    assert suggestion.status == WordingSuggestion.Status.PENDING


def test_no_decisions_once_the_round_is_open(client, proposer, suggestion):
    open_round(suggestion.criterion.funding_round)
    client.force_login(proposer)
    response = decide(client, suggestion, "accept")
    assert response.status_code == 403
    assert "The criteria for this round are settled" in text(response)


def test_outsider_does_not_learn_the_round_exists(client, outsider, suggestion):
    client.force_login(outsider)
    assert decide(client, suggestion, "accept").status_code == 404


def test_get_is_not_allowed(client, proposer, suggestion):
    client.force_login(proposer)
    assert client.get(url("wording_decide", suggestion.criterion, suggestion.pk)).status_code == 405


def test_anonymous_is_sent_to_sign_in(client, suggestion):
    response = decide(client, suggestion, "accept")
    assert response.status_code == 302
    assert response.url == sign_in_url(url("wording_decide", suggestion.criterion, suggestion.pk))


def test_a_suggestion_for_another_criterion_is_not_found(client, proposer, criterion, suggestion, facilitator):
    other = CriterionFactory(funding_round=criterion.funding_round, proposer=proposer)
    client.force_login(proposer)
    assert client.post(url("wording_decide", other, suggestion.pk), {"decision": "accept"}).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == WordingSuggestion.Status.PENDING


def test_a_criterion_of_another_round_is_not_found(client, proposer, criterion, suggestion):
    elsewhere = CriterionFactory(funding_round=criteria_round(proposer), proposer=proposer)
    client.force_login(proposer)
    wrong = url("wording_decide", criterion, suggestion.pk).replace(f"/{criterion.pk}/", f"/{elsewhere.pk}/")
    assert client.post(wrong, {"decision": "accept"}).status_code == 404
