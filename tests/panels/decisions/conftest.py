"""A round at its decision stage with a budget of £300,000, one panel of three members (quorum
three) and shortlisted applications asking for £120,000 each."""

from decimal import Decimal

import pytest

from commissioning.models import FundingRound
from panels.models import InterestDeclaration, Panel, ShortlistOutcome
from tests.commissioning.factories import UserFactory
from tests.panels.factories import assign, eligible_application, seat, shortlisting_round


@pytest.fixture
def funding_round(db):
    funding_round = shortlisting_round()
    FundingRound.objects.filter(pk=funding_round.pk).update(
        status=FundingRound.Status.DECISION, budget=Decimal("300000"), minimum_grant=Decimal("5000")
    )
    funding_round.refresh_from_db()
    return funding_round


@pytest.fixture
def panel(funding_round):
    return Panel.objects.create(funding_round=funding_round, name="Panel A", quorum=3)


@pytest.fixture
def members(panel, panel_member):
    people = [panel_member] + [UserFactory(full_name=f"Volunteer {n}") for n in (2, 3)]
    for person in people:
        seat(person, panel)
    return people


def shortlisted(panel, by, members, asked=Decimal("120000")):
    application = eligible_application(panel.funding_round)
    type(application).objects.filter(pk=application.pk).update(amount_requested=asked)
    application.refresh_from_db()
    assign(panel, application, by)
    ShortlistOutcome.objects.create(application=application, panel=panel, outcome=ShortlistOutcome.Outcome.INCLUDED)
    for member in members:
        InterestDeclaration.objects.create(
            membership=member.panel_memberships.get(panel=panel),
            application=application,
            has_conflict=False,
            recorded_by=member,
        )
    return application


@pytest.fixture
def application(panel, facilitator, members):
    return shortlisted(panel, facilitator, members)
