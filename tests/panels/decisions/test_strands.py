"""Strands at the decision stage: each strand's hard budget, the panel moving money between
strands (never staff), and the round's total. The decision round has £300,000; here it is
shared between two strands, "Connecting people" (£150,000) and "Staying active" (£100,000), with
£50,000 in reserve."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from applications.models import Application
from commissioning.models import AuditEvent
from commissioning.permissions import STAFF_VETO_REASON, can
from panels import results, services
from panels.exceptions import BudgetExceeded, PanelError
from panels.models import FundingDecision, StrandTransfer
from tests.commissioning.factories import add_strand
from tests.panels.factories import seat_and_declare

from .conftest import everyone_votes, shortlisted


@pytest.fixture
def connecting(funding_round):
    return add_strand(funding_round, "Connecting people", "150000", expected_projects=2)


@pytest.fixture
def active(funding_round):
    return add_strand(funding_round, "Staying active", "100000", expected_projects=1)


def in_strand(application, strand):
    Application.objects.filter(pk=application.pk).update(strand=strand)
    application.refresh_from_db()
    return application


def funded(panel, facilitator, members, strand, asked="120000", name=None):
    application = in_strand(shortlisted(panel, facilitator, members, asked=Decimal(asked), name=name), strand)
    everyone_votes(members, application, "fund", asked)
    return application


def record(member, application):
    return services.decisions.record_funding_decision(actor=member, application=application, rationale="Strong.")


def test_a_round_without_strands_has_no_strand_money_and_decides_as_before(panel, facilitator, members):
    application = shortlisted(panel, facilitator, members)
    everyone_votes(members, application, "fund", "120000")
    decision = record(members[0], application)
    assert decision.amount_awarded == Decimal("120000")
    money = results.strand_money(panel.funding_round)
    assert not money
    assert money.strands == []


def test_each_strand_has_its_share_its_awards_and_the_round_its_reserve(
    panel, facilitator, members, connecting, active
):
    record(members[0], funded(panel, facilitator, members, connecting, "90000"))
    money = results.strand_money(panel.funding_round)
    assert [
        (item.strand.title, item.budget, item.awarded, item.left, item.funded, item.target) for item in money.strands
    ] == [
        ("Connecting people", Decimal("150000"), Decimal("90000"), Decimal("60000"), 1, 2),
        ("Staying active", Decimal("100000"), Decimal(0), Decimal("100000"), 0, 1),
    ]
    assert money.reserve == Decimal("50000")


def test_a_decision_cannot_take_its_strand_over_its_money_though_the_round_has_room(
    panel, facilitator, members, connecting
):
    # Both voted on while the strand still had the money; recorded one after the other.
    first = funded(panel, facilitator, members, connecting, "100000")
    second = funded(panel, facilitator, members, connecting, "60000", name="Beeston Walkers")
    record(members[0], first)
    with pytest.raises(BudgetExceeded, match="“Connecting people” over its money: £50,000 is left in it"):
        record(members[0], second)
    assert not FundingDecision.objects.filter(application=second).exists()
    # The round itself had £200,000 left: only the strand's budget refused it.
    assert results.awarded_so_far(panel.funding_round) == Decimal("100000")


def test_a_vote_over_its_strand_money_is_refused_with_what_is_left(panel, facilitator, members, active):
    application = in_strand(shortlisted(panel, facilitator, members, asked=Decimal("120000")), active)
    with pytest.raises(BudgetExceeded, match="“Staying active” over its money: £100,000 is left in it"):
        services.decisions.cast_decision_vote(
            actor=members[0], application=application, choice="fund", amount=Decimal("110000")
        )


def test_the_panel_moves_money_between_strands_with_its_reasons_and_then_can_fund(
    panel, facilitator, members, connecting, active
):
    application = in_strand(shortlisted(panel, facilitator, members, asked=Decimal("120000")), active)
    transfer = services.strands.move_strand_money(
        actor=members[1],
        panel=panel,
        from_strand=connecting,
        to_strand=active,
        amount=Decimal("20000"),
        rationale="  Three strong walking groups; fewer good befriending bids.  ",
    )
    assert transfer.rationale == "Three strong walking groups; fewer good befriending bids."
    money = results.strand_money(panel.funding_round)
    assert [item.budget for item in money.strands] == [Decimal("130000"), Decimal("120000")]
    event = AuditEvent.objects.get(verb="panels.strand_money_moved")
    assert event.actor == members[1]
    assert event.data["amount"] == "20000"
    assert event.data["from"] == "“Connecting people”"
    everyone_votes(members, application, "fund", "120000")
    assert record(members[0], application).amount_awarded == Decimal("120000")


def test_money_moves_from_the_reserve_and_no_more_than_the_reserve(panel, members, connecting, active):
    services.strands.move_strand_money(
        actor=members[0], panel=panel, from_strand=None, to_strand=active, amount=Decimal("30000"), rationale="Demand."
    )
    money = results.strand_money(panel.funding_round)
    assert money.reserve == Decimal("20000")
    assert money.of(active.pk).budget == Decimal("130000")
    with pytest.raises(BudgetExceeded, match="Only £20,000 in the reserve is not yet awarded"):
        services.strands.move_strand_money(
            actor=members[0], panel=panel, from_strand=None, to_strand=active, amount=Decimal("20001"), rationale="x"
        )


def test_money_already_awarded_cannot_be_moved_out_of_a_strand(panel, facilitator, members, connecting, active):
    record(members[0], funded(panel, facilitator, members, connecting, "120000"))
    with pytest.raises(BudgetExceeded, match="Only £30,000 in “Connecting people” is not yet awarded"):
        services.strands.move_strand_money(
            actor=members[0],
            panel=panel,
            from_strand=connecting,
            to_strand=active,
            amount=Decimal("30001"),
            rationale="More walking.",
        )
    assert not StrandTransfer.objects.exists()


@pytest.mark.parametrize(
    ("amount", "rationale", "message"),
    [
        ("10000", "   ", "Write the panel's reasons"),
        ("0", "Reasons.", "more than £0"),
        ("100.50", "Reasons.", "whole pounds"),
    ],
)
def test_a_move_without_reasons_or_with_a_wrong_amount_is_refused_and_nothing_saved(
    panel, members, connecting, active, amount, rationale, message
):
    with pytest.raises(PanelError, match=message):
        services.strands.move_strand_money(
            actor=members[0],
            panel=panel,
            from_strand=connecting,
            to_strand=active,
            amount=Decimal(amount),
            rationale=rationale,
        )
    assert not StrandTransfer.objects.exists()


def test_a_move_between_a_strand_and_itself_is_refused(panel, members, connecting):
    with pytest.raises(PanelError, match="two different strands"):
        services.strands.move_strand_money(
            actor=members[0],
            panel=panel,
            from_strand=connecting,
            to_strand=connecting,
            amount=Decimal(1),
            rationale="x",
        )


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_seated_on_the_panel_cannot_move_money_between_strands(
    request, panel, facilitator, members, connecting, active, persona
):
    person = request.getfixturevalue(persona)
    application = shortlisted(panel, facilitator, members)
    seat_and_declare(person, panel, application)  # seated, so only the staff veto can refuse them
    decision = can(person, "panels.move_strand_money", panel)
    assert not decision.allowed
    assert decision.reason == STAFF_VETO_REASON
    with pytest.raises(PermissionDenied, match="Staff and administrators facilitate"):
        services.strands.move_strand_money(
            actor=person, panel=panel, from_strand=connecting, to_strand=active, amount=Decimal(1), rationale="x"
        )
    assert can(members[0], "panels.move_strand_money", panel).allowed  # a volunteer may: the control
    assert not StrandTransfer.objects.exists()


def test_moving_money_is_only_for_the_decision_stage(panel, members, connecting, active):
    type(panel.funding_round).objects.filter(pk=panel.funding_round_id).update(status="interviews")
    panel.funding_round.refresh_from_db()
    decision = can(members[0], "panels.move_strand_money", panel)
    assert not decision.allowed
    assert "only while the panel decides" in decision.reason


def test_someone_not_on_the_panel_cannot_move_money(panel, outsider, members, connecting):
    assert can(members[0], "panels.move_strand_money", panel).allowed
    assert "Only the panel's members" in can(outsider, "panels.move_strand_money", panel).reason


def test_a_round_without_strands_has_no_money_to_move(panel, members):
    decision = can(members[0], "panels.move_strand_money", panel)
    assert not decision.allowed
    assert "not shared between strands" in decision.reason
    add_strand(panel.funding_round, "Connecting people", "100000")
    assert can(members[0], "panels.move_strand_money", panel).allowed
