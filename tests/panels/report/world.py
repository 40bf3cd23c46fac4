"""A round that has been decided, built in bulk so that it can be large: panels of volunteers
(one chair each), applications with submitted scores, shortlist outcomes, decision votes and
decisions, a declared conflict, a meeting with its attendance, and a criteria group."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from guardian.shortcuts import assign_perm

from applications.models import Application, Organisation
from commissioning.models import CriteriaGroupMember, Criterion, CriterionResponse, FundingRound, User
from panels.models import (
    Assessment,
    FundingDecision,
    InterestDeclaration,
    Panel,
    PanelAssignment,
    PanelMembership,
    Score,
    ShortlistOutcome,
    TogetherSession,
    Vote,
)
from panels.permissions import PANEL_GRANT
from tests.commissioning.factories import UserFactory
from tests.panels.factories import shortlisting_round

GRANT = Decimal("60000")


@dataclass
class DecidedRound:
    funding_round: FundingRound
    panels: list[Panel]
    applications: list[Application]
    members: list[User]
    staff: User
    chairs: list[User]
    conflicted: User
    conflicted_with: Application


def _rationale(number: int) -> str:
    return f"Application {number}: a clear plan to reach people who live alone, with volunteers already trained."


def decided_round(
    *,
    applications: int = 5,
    members: int = 6,
    panels: int = 2,
    staff: User | None = None,
    status=FundingRound.Status.FEEDBACK,
) -> DecidedRound:
    """`applications` applications shared between `panels` panels of `members` members in all.
    The odd-numbered ones are funded £60,000 each (within a big enough budget), the others declined."""
    funding_round = shortlisting_round()
    staff = staff or UserFactory(email="report.staff@example.org", full_name="Fiona Facilitator", facilitator=True)
    FundingRound.objects.filter(pk=funding_round.pk).update(
        status=status,
        budget=GRANT * applications + Decimal("100000"),
        minimum_grant=Decimal("5000"),
        maximum_grant=GRANT,
    )
    funding_round.refresh_from_db()
    criteria = list(funding_round.criteria.filter(kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED))

    group = [
        UserFactory(email=f"group{n}.round{funding_round.pk}@example.org", full_name=f"Gwen Group {n}")
        for n in range(1, 4)
    ]
    CriteriaGroupMember.objects.bulk_create(CriteriaGroupMember(funding_round=funding_round, user=p) for p in group)
    CriterionResponse.objects.bulk_create(
        CriterionResponse(criterion=c, member=p, answer=CriterionResponse.Answer.AGREE) for c in criteria for p in group
    )

    panel_rows = Panel.objects.bulk_create(
        Panel(funding_round=funding_round, name=f"Panel {chr(65 + n)}", quorum=1) for n in range(panels)
    )
    people = User.objects.bulk_create(
        User(email=f"volunteer{n}.round{funding_round.pk}@example.org", full_name=f"Volunteer {n:03d}")
        for n in range(1, members + 1)
    )
    seats = PanelMembership.objects.bulk_create(
        PanelMembership(
            panel=panel_rows[n % panels],
            user=person,
            status=PanelMembership.Status.ACCEPTED,
            is_chair=n < panels,
            answered_at=timezone.now(),
        )
        for n, person in enumerate(people)
    )
    for seat in seats[:panels]:
        assign_perm(PANEL_GRANT, seat.user, seat.panel)

    contact = UserFactory(email=f"applicants.round{funding_round.pk}@example.org", full_name="Aisha Applicant")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Leeds Group {n:03d}",
            kind=Organisation.Kind.REGISTERED_CHARITY,
            charity_number=str(1100000 + n),
            address_line_1="12 Town Street",
            town="Leeds",
            postcode="LS12 3AB",
            main_contact=contact,
        )
        for n in range(1, applications + 1)
    )
    application_rows = Application.objects.bulk_create(
        Application(
            funding_round=funding_round,
            organisation=organisation,
            project_title=f"Tea and company {n:03d}",
            amount_requested=GRANT,
            status=Application.Status.ELIGIBLE,
            reference=f"RPT-{funding_round.pk}-{n:04d}",
            created_by=contact,
            submitted_at=timezone.now(),
        )
        for n, organisation in enumerate(organisations, start=1)
    )
    PanelAssignment.objects.bulk_create(
        PanelAssignment(panel=panel_rows[n % panels], application=a, assigned_by=staff)
        for n, a in enumerate(application_rows)
    )
    ShortlistOutcome.objects.bulk_create(
        ShortlistOutcome(
            application=a, panel=panel_rows[n % panels], outcome=ShortlistOutcome.Outcome.INCLUDED, include_votes=1
        )
        for n, a in enumerate(application_rows)
    )
    seats_by_panel = {panel.pk: [seat for seat in seats if seat.panel_id == panel.pk] for panel in panel_rows}
    conflicted_seat, conflicted_with = seats_by_panel[panel_rows[0].pk][-1], application_rows[0]
    InterestDeclaration.objects.bulk_create(
        InterestDeclaration(
            membership=seat,
            application=a,
            has_conflict=(seat.pk == conflicted_seat.pk and a.pk == conflicted_with.pk),
            nature="I am a trustee of this group"
            if (seat.pk == conflicted_seat.pk and a.pk == conflicted_with.pk)
            else "",
            recorded_by=seat.user,
        )
        for n, a in enumerate(application_rows)
        for seat in seats_by_panel[panel_rows[n % panels].pk]
    )
    now = timezone.now()
    assessments = Assessment.objects.bulk_create(
        Assessment(membership=seat, application=a, status=Assessment.Status.SUBMITTED, submitted_at=now)
        for n, a in enumerate(application_rows)
        for seat in seats_by_panel[panel_rows[n % panels].pk]
        if not (seat.pk == conflicted_seat.pk and a.pk == conflicted_with.pk)
    )
    Score.objects.bulk_create(
        Score(assessment=assessment, criterion=criterion, value=(assessment.application_id + index) % 5)
        for assessment in assessments
        for index, criterion in enumerate(criteria)
    )
    funded = {a.pk for n, a in enumerate(application_rows, start=1) if n % 2}
    Vote.objects.bulk_create(
        Vote(
            membership=seat,
            application=a,
            stage=Vote.Stage.DECISION,
            choice=Vote.Choice.FUND if a.pk in funded else Vote.Choice.DECLINE,
            amount=GRANT if a.pk in funded else None,
        )
        for n, a in enumerate(application_rows)
        for seat in seats_by_panel[panel_rows[n % panels].pk]
        if not (seat.pk == conflicted_seat.pk and a.pk == conflicted_with.pk)
    )
    FundingDecision.objects.bulk_create(
        FundingDecision(
            application=a,
            panel=panel_rows[n % panels],
            outcome=FundingDecision.Outcome.FUND if a.pk in funded else FundingDecision.Outcome.DECLINE,
            amount_awarded=GRANT if a.pk in funded else None,
            rationale=_rationale(n + 1),
            recorded_by=seats_by_panel[panel_rows[n % panels].pk][0].user,
            **FundingDecision.as_decided(
                a, outcome=FundingDecision.Outcome.FUND if a.pk in funded else FundingDecision.Outcome.DECLINE
            ),
        )
        for n, a in enumerate(application_rows)
    )
    for panel in panel_rows:
        session = TogetherSession.objects.create(
            panel=panel,
            title=f"{panel.name} decision meeting",
            starts_at=now,
            place="Leeds Central Library, room 2",
            arranged_by=staff,
            declarations="Volunteer declared a conflict with Leeds Group 001 and left the room.",
        )
        session.attendees.set(seats_by_panel[panel.pk])
    return DecidedRound(
        funding_round=funding_round,
        panels=panel_rows,
        applications=application_rows,
        members=people,
        staff=staff,
        chairs=[seat.user for seat in seats[:panels]],
        conflicted=conflicted_seat.user,
        conflicted_with=conflicted_with,
    )


def published_report():
    """A finished report of a round at feedback to applicants (for the permission matrix)."""
    from django.core.files.base import ContentFile

    from panels.models import DecisionReport
    from tests.commissioning.factories import FundingRoundFactory

    report = DecisionReport(
        funding_round=FundingRoundFactory(status=FundingRound.Status.FEEDBACK), status=DecisionReport.Status.READY
    )
    report.file.save("published.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    report.save()
    return report
