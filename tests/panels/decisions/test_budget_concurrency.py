"""Two panels deciding at the same moment cannot overspend: the round's row is locked while a
decision is recorded. Real concurrency needs a real server, so this runs on PostgreSQL (CI runs
the whole suite there too); SQLite lets one writer in at a time by itself."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from panels import services
from panels.exceptions import BudgetExceeded
from panels.models import FundingDecision, Panel, Vote
from tests.commissioning.factories import UserFactory
from tests.panels.factories import seat

from .conftest import shortlisted

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"),
]


def test_many_simultaneous_decisions_never_pass_the_budget_and_no_vote_is_lost(funding_round, facilitator):
    # Two panels, each with three members, each deciding on four applications at £120,000:
    # eight decisions worth £960,000 against a budget of £300,000, so only two can be funded.
    applications = []
    for name in ("Panel A", "Panel B"):
        panel = Panel.objects.create(funding_round=funding_round, name=name, quorum=3)
        members = [UserFactory() for _ in range(3)]
        for member in members:
            seat(member, panel)
        for _ in range(4):
            application = shortlisted(panel, facilitator, members)
            for member in members:
                services.decisions.cast_decision_vote(
                    actor=member, application=application, choice="fund", amount=Decimal("120000")
                )
            applications.append((members[0], application))

    start = threading.Barrier(len(applications))
    outcomes: list[str] = []

    def decide(member, application):
        try:
            start.wait()
            services.decisions.record_funding_decision(
                actor=member, application=application, rationale="Strong and local."
            )
            outcomes.append("funded")
        except BudgetExceeded:
            outcomes.append("over budget")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=pair) for pair in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["funded"] * 2 + ["over budget"] * 6
    funded = FundingDecision.objects.filter(application__funding_round=funding_round)
    assert sum(decision.amount_awarded for decision in funded) == Decimal("240000") <= funding_round.budget
    assert Vote.objects.filter(stage="decision").count() == 24
