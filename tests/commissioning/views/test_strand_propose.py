"""Propose a strand: a share of the round's money for one kind of project, with its target.
Proposed by the criteria group or staff; agreed by the group alone, on the criterion's page, by
the same rule as a criterion; locked when the round opens."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning import gates, services
from commissioning.audit import Verb
from commissioning.models import AuditEvent, Criterion, RoundLocked, Strand
from commissioning.permissions import STAFF_VETO_REASON, can
from tests.commissioning.factories import UserFactory, add_strand, join_criteria_group
from tests.helpers import assert_page_queries

from .criteria_support import criteria_round, open_round, sign_in_url, text

STRAND = {
    "title": "Reaching isolated men",
    "description": "Projects that reach older men who live alone.",
    "what_good_looks_like": "Men help to run it.",
    "budget_share": "£500,000",
    "expected_projects": "3",
}


@pytest.fixture
def funding_round(criteria_member):
    return criteria_round(criteria_member)


def propose_url(funding_round):
    return reverse("commissioning:strand_propose", args=[funding_round.slug])


@pytest.fixture
def signed_in(client, criteria_member):
    client.force_login(criteria_member)
    return client


def test_a_group_member_proposes_a_strand_and_it_goes_to_the_group_like_a_criterion(
    signed_in, funding_round, criteria_member
):
    page = text(signed_in.get(propose_url(funding_round)))
    assert "Propose a strand" in page
    assert "£1,700,000" in page
    response = signed_in.post(propose_url(funding_round), STRAND)
    strand = Strand.objects.select_related("proposal").get()
    assert response.status_code == 302
    assert response["Location"] == strand.proposal.get_absolute_url()
    assert strand.budget_share == Decimal("500000")
    assert strand.expected_projects == 3
    assert strand.proposal.kind == Criterion.Kind.STRAND
    assert strand.proposal.status == Criterion.Status.PROPOSED
    assert strand.proposal.proposer == criteria_member
    event = AuditEvent.objects.get(verb=Verb.STRAND_PROPOSED)
    assert event.data["share"] == "500000"
    detail = text(signed_in.get(strand.proposal.get_absolute_url()))
    assert "A strand: £500,000 for 3 projects" in detail
    listing = text(signed_in.get(reverse("commissioning:criteria_list", args=[funding_round.slug])))
    assert "A strand: £500,000 for 3 projects" in listing


def test_staff_may_propose_a_strand_but_never_agree_it(client, funding_round, facilitator):
    client.force_login(facilitator)
    assert client.post(propose_url(funding_round), STRAND).status_code == 302
    proposal = Strand.objects.get().proposal
    answer = can(facilitator, "commissioning.agree_criterion", proposal)
    assert not answer.allowed
    assert answer.reason == STAFF_VETO_REASON


def test_the_group_agrees_a_strand_by_the_criteria_rule(funding_round, criteria_member):
    others = [UserFactory() for _ in range(2)]
    for person in others:
        join_criteria_group(person, funding_round)
    strand = services.propose_strand(
        actor=criteria_member,
        funding_round=funding_round,
        title="Staying active",
        description="Walking and dancing.",
        what_good_looks_like="People come back.",
        budget_share=Decimal("600000"),
        expected_projects=4,
    )
    for person in [criteria_member, *others]:
        services.respond_to_criterion(actor=person, criterion=strand.proposal, answer="agree")
    strand.proposal.refresh_from_db()
    assert strand.proposal.is_agreed  # quorum of 3, no objections
    assert list(Strand.objects.filter(funding_round=funding_round).agreed()) == [strand]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"budget_share": "lots"}, "Enter the strand&#x27;s share in whole pounds, like 600,000"),
        ({"budget_share": "0"}, "The strand&#x27;s share must be more than £0"),
        ({"budget_share": "2000000"}, "A strand’s share cannot be more than the round’s budget of £1,700,000"),
        ({"expected_projects": "0"}, "Enter a number of projects from 1 to 200, in figures"),
        ({"expected_projects": ""}, "Say how many projects the strand should fund"),
        ({"title": ""}, "Give the strand a short name"),
    ],
)
def test_wrong_input_is_explained_and_what_was_typed_is_kept(signed_in, funding_round, changes, message):
    response = signed_in.post(propose_url(funding_round), {**STRAND, **changes})
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert "Projects that reach older men who live alone." in page
    assert not Strand.objects.exists()
    assert not Criterion.objects.exists()


def test_nobody_proposes_a_strand_once_the_round_is_open(client, funding_round, facilitator, criteria_member):
    open_round(funding_round)
    for person in (facilitator, criteria_member):
        assert not can(person, "commissioning.propose_strand", funding_round).allowed
    client.force_login(facilitator)
    assert client.get(propose_url(funding_round)).status_code == 403


def test_a_strand_is_locked_once_the_round_opens(funding_round):
    strand = add_strand(funding_round, "Connecting people", "600000")
    open_round(funding_round)
    strand.budget_share = Decimal("1")
    with pytest.raises(RoundLocked):
        strand.save()


def test_applicants_and_visitors_cannot_propose(client, funding_round, applicant):
    assert client.get(propose_url(funding_round))["Location"] == sign_in_url(propose_url(funding_round))
    client.force_login(applicant)
    assert client.get(propose_url(funding_round)).status_code == 404


def test_the_gate_refuses_agreed_shares_over_the_budget(funding_round):
    add_strand(funding_round, "Connecting people", "1000000")
    add_strand(funding_round, "Staying active", "800000")
    add_strand(funding_round, "Not agreed yet", "900000", agreed=False)
    unmet = gates.unmet(funding_round)
    assert any("share out £1,800,000, more than the round's budget of £1,700,000" in reason for reason in unmet)


def test_the_gate_is_met_when_the_shares_leave_a_reserve(funding_round):
    add_strand(funding_round, "Connecting people", "1000000")
    assert not any("strands share out" in reason for reason in gates.unmet(funding_round))


def test_the_public_round_page_shows_each_strand_with_its_money_and_target(client, funding_round):
    add_strand(funding_round, "Connecting people", "600000", expected_projects=6)
    add_strand(funding_round, "Staying active", "500000", expected_projects=3)
    add_strand(funding_round, "Withdrawn idea", "100000", agreed=False)
    open_round(funding_round)
    url = funding_round.get_absolute_url()
    page = text(client.get(url))
    assert "Each strand’s share of the money" in page
    assert "Connecting people" in page and "£600,000" in page
    assert "Staying active" in page and "£500,000" in page
    assert "Withdrawn idea" not in page
    assert "£600,000 is kept in reserve" in page
    # The strands are not listed again among the criteria.
    assert page.count("Connecting people") == 1
    assert_page_queries(
        client, url, at_most=12, add_data=lambda: add_strand(funding_round, "Reaching isolated men", "100000")
    )
