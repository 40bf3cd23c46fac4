"""Ten times the demo's data, the same every time: one more round, "Ten times 2018", at
shortlisting with the 2018 criteria, and one panel ("Panel X") with 140 eligible applications and
50 seated volunteers, who have declared their interests on 80% of them (a few conflicts), submitted
their scores on 60% (about 21,000 counted scores, a third with a comment), have drafts on 20%
and have voted the shortlist on the first 100 applications.

Run it after `manage.py seed_demo` on the database in DATABASE_URL:

    python -m bench.make_data

It builds rows directly with bulk_create (no emails, no audit trail for the rows themselves),
in well under a minute, and does nothing if the round is already there. The members sign in as
tenx-panel1@demo.example … tenx-panel50@demo.example (tenx-panel1 chairs), with the demo password.
"""

import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal

ROUND_SLUG = "ten-times-2018"
PANEL_NAME = "Panel X"
APPLICATIONS = 140
MEMBERS = 50
VOTED = 100  # the first 100 applications have their shortlist votes
SEED = 10
COMMENTS = [
    "Clear about who they will reach and how.",
    "Older people lead the steering group: good.",
    "The budget is fair, but the transport costs are not explained.",
    "I could not see how it carries on after the grant.",
    "Strong partners: the GP surgery refers people to them.",
    "They have done this before and it worked.",
    "A lot of hope, not much of a plan.",
    "Reaches carers, who other projects miss.",
]


def member_email(number: int) -> str:
    return f"tenx-panel{number}@demo.example"


def build(write=print) -> bool:
    """Add the ten-times round and its panel; False when it is there already."""
    from django.db import transaction

    with transaction.atomic():
        return _build(write)


def _build(write) -> bool:
    from django.utils import timezone
    from guardian.shortcuts import assign_perm

    from applications.models import Answer, Application, EligibilityCheck, Organisation, OrganisationMember
    from applications.permissions import ORGANISATION_GRANT
    from commissioning import demo
    from commissioning.models import Criterion, FundingRound, Programme, User
    from panels import voting
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
        ShortlistOutcome,
        Vote,
    )
    from panels.permissions import PANEL_GRANT

    if FundingRound.objects.filter(slug=ROUND_SLUG).exists():
        write(f"The round {ROUND_SLUG} is there already: nothing added.")
        return False
    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    staff = User.objects.get(email="staff@demo.example")
    password = staff.password  # the demo password's hash: hashing 190 passwords would take a minute
    criteria_members = sorted(
        User.objects.filter(email__regex=r"^criteria[0-9]+@demo\.example$"),
        key=lambda user: int(user.email.removeprefix("criteria").split("@")[0]),
    )

    # The round: the 2018 round's criteria and timeline, ten times its budget, at shortlisting.
    funding_round = FundingRound.objects.create(
        programme=Programme.objects.get(name="Time to Shine"),
        title="Ten times 2018",
        slug=ROUND_SLUG,
        summary="The benchmark's round: ten times the applications of New projects 2018 on one panel.",
        budget=Decimal("17000000"),
        minimum_grant=Decimal("50000"),
        maximum_grant=Decimal("200000"),
        status=FundingRound.Status.CRITERIA,
        minutes_per_application=90,
        criteria_quorum=6,
        recovery_gap_days=7,
    )
    demo._timeline(funding_round, today - timedelta(weeks=18), [3, 9, 2, 4, 3, 2, 3])
    demo._agree_criteria(
        funding_round,
        demo.NEW_PROJECTS_CRITERIA,
        criteria_members,
        staff=staff,
        agreed_on=now - timedelta(weeks=15),
    )
    demo._advance(funding_round, staff, FundingRound.Status.SHORTLISTING)
    questions = list(funding_round.questions.order_by("position"))
    scored = list(
        funding_round.criteria.filter(kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED).order_by("position")
    )
    must_haves = list(funding_round.criteria.filter(kind=Criterion.Kind.MUST_HAVE))

    # People: 140 organisations' contacts and 50 volunteers.
    User.objects.bulk_create(
        [
            User(email=f"tenx-applicant{n}@demo.example", full_name=f"Applicant {n} Ten", password=password)
            for n in range(1, APPLICATIONS + 1)
        ]
        + [
            User(email=member_email(n), full_name=f"Volunteer {n} Ten", password=password)
            for n in range(1, MEMBERS + 1)
        ]
    )
    contacts = {user.email: user for user in User.objects.filter(email__startswith="tenx-applicant")}
    volunteers = {user.email: user for user in User.objects.filter(email__startswith="tenx-panel")}

    # Organisations and their eligible applications.
    kinds = list(Organisation.Kind)
    kind_of = {n: kinds[n % len(kinds)] for n in range(1, APPLICATIONS + 1)}
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Leeds Group {n:03d} for Older People",
                kind=kind_of[n],
                charity_number=f"{1200000 + n * 137}" if kind_of[n] in Organisation.NEEDS_CHARITY_NUMBER else "",
                company_number=f"{8000000 + n * 211:08d}" if kind_of[n] in Organisation.NEEDS_COMPANY_NUMBER else "",
                address_line_1=f"{n} Ten Street",
                town="Leeds",
                postcode=f"LS{n % 28 + 1} {n % 9 + 1}TX",
                main_contact=contacts[f"tenx-applicant{n}@demo.example"],
            )
            for n in range(1, APPLICATIONS + 1)
        ]
    )
    OrganisationMember.objects.bulk_create(
        [OrganisationMember(organisation=org, user=org.main_contact) for org in organisations]
    )
    for organisation in organisations:
        assign_perm(ORGANISATION_GRANT, organisation.main_contact, organisation)
    opened = now - timedelta(weeks=12)
    applications = Application.objects.bulk_create(
        [
            Application(
                funding_round=funding_round,
                organisation=organisation,
                project_title=f"Friendship and lunches in ward {n}",
                amount_requested=Decimal(50000 + (n * 3700) % 150001).quantize(Decimal("1000")),
                status=Application.Status.ELIGIBLE,
                reference=f"TTX-{today.year}-{n:04d}",
                submitted_at=opened + timedelta(hours=n * 3),
                created_by=organisation.main_contact,
                updated_by=organisation.main_contact,
                updated_at=opened + timedelta(hours=n * 3),
                eligibility_checked_at=now - timedelta(weeks=3),
                eligibility_checked_by=staff,
            )
            for n, organisation in enumerate(organisations, 1)
        ]
    )
    answer_text = (
        "We run a weekly lunch club with a lift there and back. Our volunteers knock on doors with the housing "
        "officers, and the GP surgery refers people who tell the nurse they feel alone. "
    ) * 3
    Answer.objects.bulk_create(
        [Answer(application=app, question=question, text=answer_text) for app in applications for question in questions]
    )
    EligibilityCheck.objects.bulk_create(
        [
            EligibilityCheck(application=app, criterion=criterion, is_met=True, checked_by=staff)
            for app in applications
            for criterion in must_haves
        ]
    )

    # The panel, its seats, grants and induction.
    panel = Panel.objects.create(funding_round=funding_round, name=PANEL_NAME, quorum=3)
    PanelAssignment.objects.bulk_create(
        [PanelAssignment(panel=panel, application=app, assigned_by=staff) for app in applications]
    )
    seats = PanelMembership.objects.bulk_create(
        [
            PanelMembership(
                panel=panel,
                user=volunteers[member_email(n)],
                status=PanelMembership.Status.ACCEPTED,
                is_chair=n == 1,
                invited_by=staff,
                invited_at=now - timedelta(days=14),
                answered_at=now - timedelta(days=12),
            )
            for n in range(1, MEMBERS + 1)
        ]
    )
    assign_perm(PANEL_GRANT, User.objects.filter(pk__in=[seat.user_id for seat in seats]), panel)
    InductionCompletion.objects.bulk_create(
        [
            InductionCompletion(membership=seat, module=module, recorded_by=seat.user)
            for position, seat in enumerate(seats)
            for module in (list(InductionModule) if position == 0 else sorted(REQUIRED_BEFORE_SCORING))
        ]
    )

    # Declarations, assessments and scores: member m on application a.
    #   (a + 3m) % 5 in 0..2: declared no conflict and submitted all scores (60%)
    #   (a + 3m) % 5 == 3: declared, a draft with the first two scores (20%)
    #   (a + 3m) % 5 == 4: not opened yet (20%)
    # Every tenth member (but the chair) has a conflict on one application they would have scored.
    declarations, assessments, plans = [], [], []
    for m, seat in enumerate(seats):
        conflict_on = 2 * m if m % 10 == 0 and m else None
        for a, app in enumerate(applications):
            slot = (a + 3 * m) % 5
            if slot == 4:
                continue
            if a == conflict_on:
                declarations.append(
                    InterestDeclaration(
                        membership=seat,
                        application=app,
                        has_conflict=True,
                        nature="I sit on their committee.",
                        recorded_by=seat.user,
                    )
                )
                continue
            declarations.append(
                InterestDeclaration(membership=seat, application=app, has_conflict=False, recorded_by=seat.user)
            )
            submitted = slot < 3
            assessments.append(
                Assessment(
                    membership=seat,
                    application=app,
                    status=Assessment.Status.SUBMITTED if submitted else Assessment.Status.DRAFT,
                    overall_comment=rng.choice(COMMENTS) if submitted else "",
                    submitted_at=now - timedelta(days=1, minutes=a + m) if submitted else None,
                )
            )
            plans.append((m, a, submitted))
    InterestDeclaration.objects.bulk_create(declarations, batch_size=2000)
    assessments = Assessment.objects.bulk_create(assessments, batch_size=2000)
    scores, totals = [], {}
    for assessment, (m, a, submitted) in zip(assessments, plans, strict=True):
        given = scored if submitted else scored[:2]
        values = [rng.randint(0, 4) for _ in given]
        scores += [
            Score(
                assessment=assessment,
                criterion=criterion,
                value=value,
                comment=rng.choice(COMMENTS) if rng.random() < 1 / 3 else "",
            )
            for criterion, value in zip(given, values, strict=True)
        ]
        if submitted:
            totals[(m, a)] = sum(values)
    Score.objects.bulk_create(scores, batch_size=5000)

    # Shortlist votes on the first 100 applications: include when the member's total is above half marks.
    votes, counts = [], {}
    for (m, a), total in sorted(totals.items()):
        if a >= VOTED:
            continue
        include = total * 2 > 4 * len(scored)
        votes.append(
            Vote(
                membership=seats[m],
                application=applications[a],
                stage=Vote.Stage.SHORTLISTING,
                choice=Vote.Choice.INCLUDE if include else Vote.Choice.EXCLUDE,
                cast_at=now - timedelta(hours=m + 1),
            )
        )
        counts.setdefault(a, [0, 0])[0 if include else 1] += 1
    Vote.objects.bulk_create(votes, batch_size=5000)
    outcomes = []
    for a, (include, exclude) in sorted(counts.items()):
        counted = voting.count_shortlist(include, exclude, panel.quorum)
        outcomes.append(
            ShortlistOutcome(
                application=applications[a],
                panel=panel,
                outcome=counted.outcome,
                include_votes=include,
                exclude_votes=exclude,
            )
        )
    ShortlistOutcome.objects.bulk_create(outcomes)
    counted_scores = sum(len(scored) for _ in totals)
    write(
        f"Added {funding_round.title}: {PANEL_NAME} with {len(applications)} applications, {len(seats)} members, "
        f"{len(declarations)} declarations, {len(assessments)} assessments, {len(scores)} scores "
        f"({counted_scores} submitted), {len(votes)} shortlist votes."
    )
    return True


def main() -> None:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    started = time.monotonic()
    build()
    print(f"Ten-times data ready in {time.monotonic() - started:.1f} s.")


if __name__ == "__main__":
    main()
