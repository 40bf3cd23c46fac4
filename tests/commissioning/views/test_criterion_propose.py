"""Propose a criterion: the criteria group's own words, checked for what is missing and never lost."""

import pytest
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent, Criterion
from tests.helpers import assert_page_queries

from .criteria_support import criteria_round, messages_of, open_round, sign_in_url, text

SCORED = {
    "title": "Reaches people who are lonely",
    "description": "The project finds older people who are cut off and welcomes them.",
    "what_good_looks_like": "A clear plan to reach people who do not go to groups.",
    "kind": "scored",
    "weight": "4",
    "descriptor_0": "No plan",
    "descriptor_1": "A vague idea",
    "descriptor_2": "Some plan",
    "descriptor_3": "A good plan",
    "descriptor_4": "A strong plan, already tested",
}


@pytest.fixture
def funding_round(criteria_member):
    return criteria_round(criteria_member)


def propose_url(funding_round):
    return reverse("commissioning:criterion_propose", args=[funding_round.slug])


@pytest.fixture
def signed_in(client, criteria_member):
    client.force_login(criteria_member)
    return client


def test_the_form_asks_in_plain_words(signed_in, funding_round):
    response = signed_in.get(propose_url(funding_round))
    assert response.status_code == 200
    page = text(response)
    assert "Propose a criterion" in page
    for label in (
        "Give the criterion a short name",
        "What it means",
        "What good looks like",
        "Give each application a score from 0 to 4",
        "It is a must-have: met or not met",
        "How much should it count?",
        "A score of 3 means",
    ):
        assert label in page


def test_form_query_count(signed_in, funding_round):
    signed_in.get(propose_url(funding_round))
    assert_page_queries(signed_in, propose_url(funding_round), at_most=8)


def test_proposing_a_scored_criterion_saves_it_and_logs_it(signed_in, criteria_member, funding_round):
    response = signed_in.post(propose_url(funding_round), SCORED)
    criterion = Criterion.objects.get(funding_round=funding_round)
    assert response.status_code == 302
    assert response.url == criterion.get_absolute_url()
    assert criterion.title == "Reaches people who are lonely"
    assert criterion.proposer == criteria_member
    assert criterion.status == Criterion.Status.PROPOSED
    assert criterion.weight == 4
    assert criterion.descriptor_3 == "A good plan"
    event = AuditEvent.objects.get(verb=Verb.CRITERION_PROPOSED)
    assert event.actor == criteria_member
    assert event.target == criterion
    assert messages_of(response) == [
        "Your criterion “Reaches people who are lonely” is now on the list for the group to discuss. "
        "Give your own answer below: it counts towards agreeing it."
    ]


def test_a_must_have_needs_no_weight_or_scores(signed_in, funding_round):
    data = {**SCORED, "kind": "must_have", "weight": "", "descriptor_3": "", "descriptor_4": "leftover"}
    response = signed_in.post(propose_url(funding_round), data)
    assert response.status_code == 302
    criterion = Criterion.objects.get(funding_round=funding_round)
    assert criterion.kind == Criterion.Kind.MUST_HAVE
    assert criterion.weight == 1
    assert criterion.descriptor_4 == ""


def test_an_empty_form_says_what_is_missing_and_saves_nothing(signed_in, funding_round):
    response = signed_in.post(propose_url(funding_round), {})
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    for message in (
        "Give the criterion a short name",
        "Say what the criterion means",
        "Say what good looks like",
        "Choose how the panels should use it",
    ):
        assert message in page
    assert '<a href="#id_kind">Choose how the panels should use it</a>' in page
    assert 'id="id_kind"' in page  # the summary's link lands on the first radio
    assert "<title>Error: Propose a criterion" in page
    assert not Criterion.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.CRITERION_PROPOSED).exists()


def test_a_scored_criterion_needs_a_weight_and_every_score_and_keeps_what_was_typed(signed_in, funding_round):
    data = {**SCORED, "weight": "", "descriptor_3": "  "}
    response = signed_in.post(propose_url(funding_round), data)
    assert response.status_code == 200
    page = text(response)
    assert "Enter a weight from 1 to 10" in page
    assert "Say what a score of 3 means" in page
    assert "Say what a score of 2 means" not in page
    assert 'value="Reaches people who are lonely"' in page
    assert 'value="A strong plan, already tested"' in page
    assert "The project finds older people who are cut off and welcomes them." in page
    assert 'value="scored" checked' in page
    assert not Criterion.objects.exists()


@pytest.mark.parametrize("weight", ["0", "11", "heavy"])
def test_a_weight_outside_1_to_10_is_explained(signed_in, funding_round, weight):
    response = signed_in.post(propose_url(funding_round), {**SCORED, "weight": weight})
    assert response.status_code == 200
    assert "Enter a weight from 1 to 10" in text(response)
    assert not Criterion.objects.exists()


def test_a_refusal_from_the_service_is_shown_on_the_form_with_nothing_lost(signed_in, funding_round, monkeypatch):
    from commissioning import services
    from commissioning.models import RoundLocked

    def locked(**kwargs):
        raise RoundLocked("This round is open for applications, so its criteria and questions cannot change.")

    monkeypatch.setattr(services, "propose_criterion", locked)
    response = signed_in.post(propose_url(funding_round), SCORED)
    assert response.status_code == 200
    page = text(response)
    assert "This round is open for applications, so its criteria and questions cannot change." in page
    assert 'value="Reaches people who are lonely"' in page


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_cannot_propose_and_are_told_why(client, request, persona, funding_round):
    client.force_login(request.getfixturevalue(persona))
    for response in (client.get(propose_url(funding_round)), client.post(propose_url(funding_round), SCORED)):
        assert response.status_code == 403
        assert "Criteria are proposed by the older people in the criteria group." in text(response)
    assert not Criterion.objects.exists()


def test_no_proposals_once_the_round_is_open(signed_in, funding_round):
    open_round(funding_round)
    response = signed_in.post(propose_url(funding_round), SCORED)
    assert response.status_code == 403
    assert "The criteria for this round are settled" in text(response)


def test_anonymous_is_sent_to_sign_in(client, funding_round):
    response = client.post(propose_url(funding_round), SCORED)
    assert response.status_code == 302
    assert response.url == sign_in_url(propose_url(funding_round))
    assert not Criterion.objects.exists()


def test_outsider_does_not_learn_the_round_exists(client, outsider, funding_round):
    client.force_login(outsider)
    assert client.get(propose_url(funding_round)).status_code == 404


def test_unknown_round_is_not_found(signed_in, funding_round):
    assert signed_in.get(reverse("commissioning:criterion_propose", args=["nope"])).status_code == 404
