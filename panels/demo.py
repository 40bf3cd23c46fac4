"""Four volunteer panels for "New projects 2018", sharing its 33 eligible applications, with
the 16 panel…@demo.example volunteers on them: most inducted, one conflict declared, and a
few assessments in draft or submitted. Rows are built directly (no emails).

The issue asks for panels of 2, 5, 12 and 19 applications, but the round has only 33
eligible ones, so the last panel has the 14 that remain. The round stays open: the
applications demo needs applicant1's draft to stay editable."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from applications.models import Application
from commissioning.models import Criterion, FundingRound, User

from .models import (
    REQUIRED_BEFORE_SCORING,
    Assessment,
    InductionCompletion,
    InductionModule,
    InterestDeclaration,
    Panel,
    PanelAssignment,
    PanelMembership,
    Score,
)
from .permissions import PANEL_GRANT

# Panel name → (how many applications, which panel… volunteers; the first chairs it).
PANELS = [
    ("Panel A", 2, [14, 15, 16]),
    ("Panel B", 5, [10, 11, 12, 13]),
    ("Panel C", 12, [6, 7, 8, 9]),
    ("Panel D", 14, [1, 2, 3, 4, 5]),
]
STILL_INVITED = {16}  # has not answered yet
NOT_INDUCTED = {9, 13}  # accepted, but still to do the required modules
CONFLICT = (2, 0, "I volunteer at their lunch club every Tuesday.")  # panel2, Panel D's first application
# (volunteer, which of their panel's applications, submitted?)
ASSESSMENTS = [(3, 0, True), (3, 1, True), (4, 0, True), (4, 1, False), (5, 0, False), (6, 0, True)]


@transaction.atomic
def build_panels(write) -> None:
    funding_round = FundingRound.objects.filter(slug="new-projects-2018").first()
    if funding_round is None or Panel.objects.filter(funding_round=funding_round).exists():
        return
    eligible = list(
        Application.objects.filter(funding_round=funding_round, status=Application.Status.ELIGIBLE).order_by(
            "reference", "pk"
        )
    )
    if not eligible:
        return
    staff = User.objects.get(email="staff@demo.example")
    people = {
        user.email: user for user in User.objects.filter(email__startswith="panel", email__endswith="@demo.example")
    }
    criteria = list(
        funding_round.criteria.filter(kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED).order_by("position")
    )
    now = timezone.now()
    seats: dict[int, tuple[PanelMembership, list[Application]]] = {}
    start = 0
    for name, size, volunteers in PANELS:
        panel = Panel.objects.create(funding_round=funding_round, name=name, quorum=3)
        given = eligible[start : start + size]
        start += size
        PanelAssignment.objects.bulk_create(
            [PanelAssignment(panel=panel, application=application, assigned_by=staff) for application in given]
        )
        for position, number in enumerate(volunteers):
            user = people[f"panel{number}@demo.example"]
            accepted = number not in STILL_INVITED
            membership = PanelMembership.objects.create(
                panel=panel,
                user=user,
                status=PanelMembership.Status.ACCEPTED if accepted else PanelMembership.Status.INVITED,
                is_chair=position == 0,
                invited_by=staff,
                invited_at=now - timedelta(days=14),
                answered_at=now - timedelta(days=12) if accepted else None,
            )
            if not accepted:
                continue
            assign_perm(PANEL_GRANT, user, panel)
            # Chairs did every module; most others the required ones; a few are still to start.
            modules = list(InductionModule) if position == 0 else sorted(REQUIRED_BEFORE_SCORING)
            if number in NOT_INDUCTED:
                modules = []
            InductionCompletion.objects.bulk_create(
                [InductionCompletion(membership=membership, module=module, recorded_by=user) for module in modules]
            )
            seats[number] = (membership, given)

    number, which, nature = CONFLICT
    membership, given = seats[number]
    InterestDeclaration.objects.create(
        membership=membership, application=given[which], has_conflict=True, nature=nature, recorded_by=membership.user
    )
    for number, which, submitted in ASSESSMENTS:
        membership, given = seats[number]
        application = given[which]
        InterestDeclaration.objects.create(
            membership=membership, application=application, has_conflict=False, recorded_by=membership.user
        )
        assessment = Assessment.objects.create(
            membership=membership,
            application=application,
            status=Assessment.Status.SUBMITTED if submitted else Assessment.Status.DRAFT,
            overall_comment="A clear plan, with older people leading it." if submitted else "",
            submitted_at=now - timedelta(days=1) if submitted else None,
        )
        # A draft has the first criteria scored so far; a submitted one has them all.
        scored = criteria if submitted else criteria[: len(criteria) // 2]
        Score.objects.bulk_create(
            [
                Score(assessment=assessment, criterion=criterion, value=(number + which + position) % 5)
                for position, criterion in enumerate(scored)
            ]
        )
    write(
        f"Added {len(PANELS)} panels to {funding_round} with {start} applications and "
        f"{sum(len(volunteers) for _, _, volunteers in PANELS)} volunteers."
    )
