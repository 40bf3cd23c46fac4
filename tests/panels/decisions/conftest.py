"""A round at its decision stage (budget £300,000, smallest grant £5,000) with one panel of three
inducted members (quorum three), each having declared no conflict on its shortlisted
applications, which ask for £120,000 each unless told otherwise."""

from decimal import Decimal

import pytest

from commissioning.models import Criterion, FundingRound
from panels import services
from panels.models import Assessment, InterestDeclaration, Panel, Score, ShortlistOutcome
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
    people = [panel_member] + [
        UserFactory(email=f"volunteer{n}@example.org", full_name=f"Volunteer {n}") for n in (2, 3)
    ]
    for person in people:
        seat(person, panel)
    return people


def shortlisted(panel, by, members, asked=Decimal("120000"), name=None):
    application = eligible_application(panel.funding_round)
    type(application).objects.filter(pk=application.pk).update(amount_requested=asked)
    if name:
        type(application.organisation).objects.filter(pk=application.organisation_id).update(name=name)
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
    return shortlisted(panel, facilitator, members, name="Armley Tea Club")


@pytest.fixture
def member_client(client, members):
    client.force_login(members[0])
    return client


def vote(member, application, choice, amount=None, conditions=""):
    return services.decisions.cast_decision_vote(
        actor=member,
        application=application,
        choice=choice,
        amount=None if amount is None else Decimal(amount),
        conditions=conditions,
    )


def everyone_votes(members, application, choice, amount=None, conditions=""):
    for member in members:
        vote(member, application, choice, amount, conditions)


def scored(application, member, value, stage=Assessment.Stage.SHORTLISTING):
    """A submitted assessment with `value` on every scored criterion, as scoring leaves it."""
    from django.utils import timezone

    assessment = Assessment.objects.create(
        membership=member.panel_memberships.get(panel=application.panel_assignment.panel),
        application=application,
        stage=stage,
        status=Assessment.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for criterion in application.funding_round.criteria.filter(
        kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED
    ):
        Score.objects.create(assessment=assessment, criterion=criterion, value=value)
    return assessment


def deciding_panel(before_deciding=None):
    """For the browser tests: a round at its decision stage (£300,000, smallest grant £5,000),
    its Panel A (quorum three) with Pamela, Colin and Vera seated and inducted, and Fiona on the
    staff. `before_deciding(funding_round)` adds what must exist before the round moves on (its
    strands). Returns (panel, facilitator, members)."""
    funding_round = shortlisting_round()
    if before_deciding is not None:
        before_deciding(funding_round)
    FundingRound.objects.filter(pk=funding_round.pk).update(
        status=FundingRound.Status.DECISION, budget=Decimal("300000"), minimum_grant=Decimal("5000")
    )
    funding_round.refresh_from_db()
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A", quorum=3)
    facilitator = UserFactory(email="staff@example.org", full_name="Fiona Facilitator", facilitator=True)
    members = [
        UserFactory(email="pamela@example.org", full_name="Pamela Panel"),
        UserFactory(email="colin@example.org", full_name="Colin Colleague"),
        UserFactory(email="vera@example.org", full_name="Vera Volunteer"),
    ]
    for member in members:
        seat(member, panel)
    return panel, facilitator, members
