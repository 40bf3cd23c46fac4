"""Many shortlisted applications at once (bulk_create), for the query-count tests."""

from decimal import Decimal

from django.utils import timezone

from applications.models import Application, Organisation
from commissioning.models import Criterion
from panels.models import (
    Assessment,
    FundingDecision,
    InterestDeclaration,
    PanelAssignment,
    Score,
    ShortlistOutcome,
    Vote,
)


def bulk_shortlist(panel, by, members, count: int, start: int = 0) -> list[Application]:
    """`count` shortlisted applications, each scored by every member at shortlisting, with one
    decision vote each; every tenth is decided (funded £5,000)."""
    funding_round = panel.funding_round
    now = timezone.now()
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Group {start + n}",
            kind=Organisation.Kind.REGISTERED_CHARITY,
            address_line_1="1 Town Street",
            town="Leeds",
            postcode="LS1 1AA",
            main_contact=by,
        )
        for n in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            funding_round=funding_round,
            organisation=organisation,
            project_title=f"Project {start + n}",
            amount_requested=Decimal(5000 + n),
            status=Application.Status.ELIGIBLE,
            reference=f"BULK-{panel.pk}-{start + n:05d}",
            submitted_at=now,
            created_by=by,
        )
        for n, organisation in enumerate(organisations)
    )
    PanelAssignment.objects.bulk_create(
        PanelAssignment(panel=panel, application=application, assigned_by=by) for application in applications
    )
    ShortlistOutcome.objects.bulk_create(
        ShortlistOutcome(application=application, panel=panel, outcome=ShortlistOutcome.Outcome.INCLUDED)
        for application in applications
    )
    seats = [member.panel_memberships.get(panel=panel) for member in members]
    InterestDeclaration.objects.bulk_create(
        InterestDeclaration(membership=seat, application=application, has_conflict=False, recorded_by=seat.user)
        for seat in seats
        for application in applications
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            membership=seat,
            application=application,
            status=Assessment.Status.SUBMITTED,
            submitted_at=now,
        )
        for seat in seats
        for application in applications
    )
    criteria = list(funding_round.criteria.filter(kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED))
    Score.objects.bulk_create(
        Score(assessment=assessment, criterion=criterion, value=(assessment.application_id + index) % 5)
        for index, assessment in enumerate(assessments)
        for criterion in criteria
    )
    Vote.objects.bulk_create(
        Vote(
            membership=seats[0],
            application=application,
            stage=Vote.Stage.DECISION,
            choice=Vote.Choice.FUND,
            amount=Decimal(5000),
        )
        for application in applications
    )
    FundingDecision.objects.bulk_create(
        FundingDecision(
            application=application,
            panel=panel,
            outcome=FundingDecision.Outcome.FUND,
            amount_awarded=Decimal(5000),
            rationale="Small and well run.",
            recorded_by=members[0],
            **FundingDecision.as_decided(application, outcome=FundingDecision.Outcome.FUND),
        )
        for application in applications[::10]
    )
    return applications
