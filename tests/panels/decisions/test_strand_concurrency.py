"""Strands under concurrency: decisions recorded at the same moment in one strand, and money moved
out of a strand while its decisions are recorded, never take a strand (or the round) past its
money. The round's row is locked for each, so they are taken one after the other. Real
concurrency needs a real server: this runs on PostgreSQL, as the round's own budget test does."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from applications.models import Application
from panels import results, services
from panels.exceptions import BudgetExceeded
from panels.models import FundingDecision, Panel, StrandTransfer
from tests.commissioning.factories import UserFactory, add_strand
from tests.panels.factories import seat

from .conftest import shortlisted

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"),
]


def _voted_on(panel, facilitator, members, strand, asked):
    application = shortlisted(panel, facilitator, members, asked=Decimal(asked))
    Application.objects.filter(pk=application.pk).update(strand=strand)
    application.refresh_from_db()
    for member in members:
        services.decisions.cast_decision_vote(
            actor=member, application=application, choice="fund", amount=Decimal(asked)
        )
    return application


def _panels(funding_round, count=2):
    panels = []
    for n in range(count):
        panel = Panel.objects.create(funding_round=funding_round, name=f"Panel {n + 1}", quorum=3)
        members = [UserFactory() for _ in range(3)]
        for member in members:
            seat(member, panel)
        panels.append((panel, members))
    return panels


def _all_at_once(calls):
    start = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            start.wait()
            call()
            outcomes.append("done")
        except BudgetExceeded:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_simultaneous_decisions_in_one_strand_never_pass_its_money(funding_round, facilitator):
    # "Connecting people" has £150,000 of the round's £300,000; six decisions of £60,000 each
    # from two panels, recorded at the same moment: only two fit, though the round has room.
    strand = add_strand(funding_round, "Connecting people", "150000", expected_projects=2)
    add_strand(funding_round, "Staying active", "150000")
    pending = []
    for panel, members in _panels(funding_round):
        for _ in range(3):
            pending.append((members[0], _voted_on(panel, facilitator, members, strand, "60000")))
    outcomes = _all_at_once(
        [
            lambda member=member, application=application: services.decisions.record_funding_decision(
                actor=member, application=application, rationale="Strong and local."
            )
            for member, application in pending
        ]
    )
    assert sorted(outcomes) == ["done"] * 2 + ["refused"] * 4
    assert results.awarded_so_far(funding_round, strand=strand) == Decimal("120000")
    assert FundingDecision.objects.count() == 2


def test_money_moved_out_of_a_strand_while_its_decisions_are_recorded_never_overspends(funding_round, facilitator):
    # £150,000 in "Connecting people": two decisions of £70,000 and a move of £80,000 out of it,
    # all at once. Whatever the order, the strand never awards more than it keeps.
    connecting = add_strand(funding_round, "Connecting people", "150000")
    active = add_strand(funding_round, "Staying active", "150000")
    (panel, members), (other_panel, other_members) = _panels(funding_round)
    first = _voted_on(panel, facilitator, members, connecting, "70000")
    second = _voted_on(other_panel, facilitator, other_members, connecting, "70000")
    outcomes = _all_at_once(
        [
            lambda: services.decisions.record_funding_decision(actor=members[0], application=first, rationale="Good."),
            lambda: services.decisions.record_funding_decision(
                actor=other_members[0], application=second, rationale="Good."
            ),
            lambda: services.strands.move_strand_money(
                actor=members[1],
                panel=panel,
                from_strand=connecting,
                to_strand=active,
                amount=Decimal("80000"),
                rationale="More walking groups.",
            ),
        ]
    )
    assert len(outcomes) == 3
    money = results.strand_money(funding_round)
    for item in money.strands:
        assert item.awarded <= item.budget, item
    moved = sum(transfer.amount for transfer in StrandTransfer.objects.all())
    assert results.awarded_so_far(funding_round, strand=connecting) + moved <= Decimal("150000")
    assert outcomes.count("refused") == 1  # 70 + 70 + 80 > 150, but any two fit
