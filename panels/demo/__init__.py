"""Four volunteer panels for "New projects 2018" (at shortlisting), sharing its 33 eligible
applications, with the 16 panel…@demo.example volunteers on them: most inducted, one conflict
declared, and assessments in draft or submitted. Panel B has scored everything and voted its
shortlist (two in, one out, one tie back to discussion, one waiting for votes), talks in its
discussions, has asked staff questions, meets in together sessions and has interview times
offered. In Panel C two volunteers take part on paper: staff took down their signed sheets
for its first application; panel7 has confirmed theirs, panel8's waits for confirmation (its
emailed link is in the outbox: the console in development). Assessments are built directly;
the rest goes through the services (no other emails are sent: the services send none for
these), so the audit trail reads as it would.

The issue asks for panels of 2, 5, 12 and 19 applications, but the round has only 33
eligible ones, so the last panel has the 14 that remain."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from applications.models import Application
from commissioning.models import Criterion, FundingRound, User
from panels.models import (
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
from panels.permissions import PANEL_GRANT

# Panel name → (how many applications, which panel… volunteers; the first chairs it).
PANELS = [
    ("Panel A", 2, [14, 15, 16]),
    ("Panel B", 5, [10, 11, 12, 13]),
    ("Panel C", 12, [6, 7, 8, 9]),
    ("Panel D", 14, [1, 2, 3, 4, 5]),
]
STILL_INVITED = {16}  # has not answered yet
NOT_INDUCTED = {9}  # accepted, but still to do the required modules
CONFLICT = (2, 0, "I volunteer at their lunch club every Tuesday.")  # panel2, Panel D's first application
# (volunteer, which of their panel's applications, submitted?)
ASSESSMENTS = [(3, 0, True), (3, 1, True), (4, 0, True), (4, 1, False), (5, 0, False), (6, 0, True)] + [
    (number, which, True) for number in (10, 11, 12, 13) for which in range(5)
]
# Panel B's shortlist votes, per application: which volunteers include it, which do not.
SHORTLIST_VOTES = [
    ({10, 11, 12, 13}, set()),  # shortlisted
    ({10, 11, 12}, {13}),  # shortlisted
    ({10, 12}, {11, 13}),  # a tie: back to discussion
    ({13}, {10, 11, 12}),  # not shortlisted
    ({11}, {12}),  # waiting: two votes, the quorum is three
]


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
    _panel_b_shortlists_and_talks(Panel.objects.get(funding_round=funding_round, name="Panel B"), seats, staff)
    _panel_c_on_paper(seats, staff, criteria)
    write(
        f"Added {len(PANELS)} panels to {funding_round} with {start} applications and "
        f"{sum(len(volunteers) for _, _, volunteers in PANELS)} volunteers."
    )


# Panel C's volunteers on paper: (volunteer, whether they have confirmed the sheet taken down).
ON_PAPER = [(7, True), (8, False)]


def _panel_c_on_paper(seats, staff, criteria) -> None:
    """Paper and phone: two of Panel C's members chose paper; staff took down their signed
    sheets for the panel's first application, and one of them has confirmed it."""
    from panels import services
    from panels.models import Adjustment

    for number, confirmed in ON_PAPER:
        membership, given = seats[number]
        application = given[0]
        services.membership.record_adjustment(
            actor=staff,
            membership=membership,
            kind=Adjustment.Kind.PAPER_PACK,
            details="Posted to their home; scoring sheets signed and sent back by post.",
        )
        InterestDeclaration.objects.create(
            membership=membership, application=application, has_conflict=False, recorded_by=membership.user
        )
        scores = {
            criterion.pk: ((number + position) % 5, "From the signed sheet.")
            for position, criterion in enumerate(criteria)
        }
        assessment = services.paper.take_down_scores(
            actor=staff,
            membership=membership,
            application=application,
            source="paper",
            scores=scores,
            overall_comment="Written on the sheet: a friendly group that older people run themselves.",
        )
        if confirmed:
            services.paper.confirm_take_down(
                actor=membership.user, take_down=assessment.take_down, token=assessment.take_down.confirmation_token()
            )


def _panel_b_shortlists_and_talks(panel, seats, staff) -> None:
    from panels import services

    given = seats[10][1]
    for application, (include, exclude) in zip(given, SHORTLIST_VOTES, strict=True):
        for number in sorted(include | exclude):
            services.shortlist.cast_shortlist_vote(
                actor=seats[number][0].user, application=application, include=number in include
            )
    tied = given[2]
    for number, body in [
        (11, "I liked the idea, but I could not see who would run it once the grant ends."),
        (10, "They told us the volunteers have run the lunch club for six years. That counts for something."),
        (12, "Could we ask them at interview how they would keep going? Then we can vote again."),
    ]:
        services.talk.post_in_discussion(actor=seats[number][0].user, application=tied, body=body)
    services.talk.post_in_discussion(
        actor=staff,
        application=tied,
        body="A reminder: the vote is tied, so it stays with the panel. Talk it through at Thursday's session "
        "and vote again; staff do not break ties.",
    )
    question = services.talk.ask_staff(
        actor=seats[11][0].user, panel=panel, text="Can we see last year's accounts for the groups we are scoring?"
    )
    services.talk.answer_panel_question(
        actor=staff,
        question=question,
        answer="Yes: where a group attached its accounts, they are with its application under “Files”. "
        "We did not ask every group for them, so please do not mark anyone down for not attaching them.",
    )
    services.talk.ask_staff(
        actor=seats[13][0].user, panel=panel, text="Will there be a hearing loop at the Civic Hall for interviews?"
    )
    now = timezone.localtime()
    past = services.talk.arrange_session(
        actor=staff,
        panel=panel,
        title="Getting started together",
        starts_at=(now - timedelta(days=6)).replace(hour=10, minute=0, second=0, microsecond=0),
        duration_minutes=120,
        place="Leeds Civic Hall, Committee Room 3 (step-free entrance on Portland Crescent)",
        agenda="Welcome and introductions.\nHow scoring works, with a practice application.\nTea and questions.",
    )
    services.talk.record_attendance(
        actor=staff, session=past, memberships=[seats[number][0] for number in (10, 11, 12)]
    )
    services.talk.arrange_session(
        actor=staff,
        panel=panel,
        title="Agreeing the shortlist",
        starts_at=(now + timedelta(days=3)).replace(hour=14, minute=0, second=0, microsecond=0),
        duration_minutes=90,
        place="Leeds Civic Hall, Committee Room 3 (step-free entrance on Portland Crescent)",
        video_link="https://meet.example.org/panel-b",
        agenda="The tied vote on "
        + tied.organisation.name
        + ".\nThe applications still waiting for votes.\nQuestions for the interviews.",
    )
    first_interview = (now + timedelta(weeks=5)).replace(hour=10, minute=0, second=0, microsecond=0)
    for offset in range(4):
        services.interviews.offer_interview_slot(
            actor=staff,
            panel=panel,
            starts_at=first_interview + timedelta(minutes=60 * offset),
            duration_minutes=45,
            place="Leeds Civic Hall, Committee Room 3",
        )
    services.interviews.add_interview_question(
        actor=seats[10][0].user, panel=panel, text="How will older people help to run your project from day one?"
    )


# Panel B's volunteers choose how much email they get: panel10 everything (the default), panel11
# only what needs them, panel12 nothing but essentials (so no reminders).
EMAIL_CHOICES = {
    "panel11@demo.example": User.EmailChoice.NEEDS_ME,
    "panel12@demo.example": User.EmailChoice.ESSENTIALS,
}
CATCH_UP = "A catch-up before the shortlist"


@transaction.atomic
def build_reminders(write) -> None:
    """A together session tomorrow for Panel B, so `manage.py send_reminders` has reminders to
    send, and members with each email choice. Once: skipped when the session is there."""
    panel = Panel.objects.filter(funding_round__slug="new-projects-2018", name="Panel B").first()
    if panel is None or panel.sessions.filter(title=CATCH_UP).exists():
        return
    from panels import services

    for email, choice in EMAIL_CHOICES.items():
        User.objects.filter(email=email).update(email_choice=choice)
    tomorrow = timezone.localtime() + timedelta(days=1)
    services.talk.arrange_session(
        actor=User.objects.get(email="staff@demo.example"),
        panel=panel,
        title=CATCH_UP,
        starts_at=tomorrow.replace(hour=11, minute=0, second=0, microsecond=0),
        duration_minutes=45,
        video_link="https://meet.example.org/panel-b",
        agenda="How everyone is getting on, and anything you would like help with before we agree the shortlist.",
    )
    write(
        f"Panel B meets tomorrow ('{CATCH_UP}'): run manage.py send_reminders to remind its members. "
        "panel11 chose only what needs them, panel12 nothing but essentials."
    )
