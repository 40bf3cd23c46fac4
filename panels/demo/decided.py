"""A Time to Shine round that is already decided: "New projects 2016", closed, its timeline in
the past. Older people agreed its criteria (the same as 2018's); fourteen of the demo's
organisations (applicant2 … applicant15) applied; a panel of six panel… volunteers scored,
shortlisted, met the groups and voted. Eleven projects were funded, £1,680,000 of its
£1,700,000, and three declined, each decision with the panel's reasons and, per criterion,
what was strong and what could be better. So the feedback letters, the decision report and
the 360Giving export have a real round to work on.

Rows are built directly (no emails), once: seeding again finds the round and adds nothing.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from guardian.shortcuts import assign_perm

from applications.demo import GROUPS
from applications.models import Answer, Application, EligibilityCheck, Organisation
from commissioning import audit
from commissioning.audit import Verb as CommissioningVerb
from commissioning.demo import NEW_PROJECTS_CRITERIA, _criterion
from commissioning.models import (
    AuditEvent,
    CriteriaGroupMember,
    Criterion,
    CriterionResponse,
    FundingRound,
    Programme,
    Question,
    Stage,
    Strand,
    User,
)
from panels.audit import Verb
from panels.models import (
    REQUIRED_BEFORE_SCORING,
    Assessment,
    CriterionFeedback,
    FundingDecision,
    InductionCompletion,
    InterestDeclaration,
    Panel,
    PanelAssignment,
    PanelMembership,
    Score,
    ShortlistOutcome,
    StrandTransfer,
    TogetherSession,
    Vote,
)
from panels.permissions import PANEL_GRANT

SLUG = "new-projects-2016"
LONDON = ZoneInfo("Europe/London")
# (stage, first day, last day): agreed in the winter, decided by the autumn.
TIMELINE = [
    (Stage.Kind.CRITERIA, date(2016, 1, 11), date(2016, 1, 31)),
    (Stage.Kind.OPEN, date(2016, 2, 8), date(2016, 4, 10)),
    (Stage.Kind.ELIGIBILITY, date(2016, 4, 18), date(2016, 5, 1)),
    (Stage.Kind.SHORTLISTING, date(2016, 5, 9), date(2016, 6, 5)),
    (Stage.Kind.INTERVIEWS, date(2016, 6, 13), date(2016, 7, 3)),
    (Stage.Kind.DECISION, date(2016, 7, 11), date(2016, 7, 24)),
    (Stage.Kind.FEEDBACK, date(2016, 8, 1), date(2016, 8, 21)),
]
PANEL_VOLUNTEERS = [2, 4, 6, 8, 10, 12]  # panel2 chairs
CONFLICT = (6, 4, "My sister runs their Tuesday group.")  # panel6 and applicant4's organisation
FUND, CONDITIONS, DECLINE = "fund", "fund_with_conditions", "decline"
# applicant number → (asked for, outcome, awarded, conditions)
# applicant3's group, funded in 2016 as "Chapeltown Caribbean Elders", took this name later.
RENAMED_LATER = (3, "Chapeltown Caribbean Elders Association")

DECISIONS = {
    2: (180000, FUND, 180000, ""),
    3: (165000, FUND, 165000, ""),
    4: (160000, CONDITIONS, 150000, "Recruit two older volunteers to the steering group within three months."),
    5: (200000, FUND, 200000, ""),
    6: (120000, FUND, 120000, ""),
    7: (190000, DECLINE, None, ""),
    8: (175000, FUND, 175000, ""),
    9: (140000, FUND, 140000, ""),
    10: (185000, CONDITIONS, 160000, "Agree a plan with the GP surgery for referrals before the project starts."),
    11: (95000, FUND, 95000, ""),
    12: (130000, DECLINE, None, ""),
    13: (150000, FUND, 150000, ""),
    14: (145000, FUND, 145000, ""),
    15: (110000, DECLINE, None, ""),
}
# The round's money was shared between three strands, agreed with the criteria; the panel
# moved £10,000 from "Staying active" to "Connecting people" before its last decisions, with
# its reasons. Strand → (agreed share, target, the applicants in it).
STRANDS_2016 = {
    "Connecting people": (Decimal("780000"), 5, (2, 3, 4, 5, 7, 11, 12, 15)),
    "Staying active": (Decimal("620000"), 4, (6, 8, 13, 14)),
    "Supporting carers": (Decimal("300000"), 2, (9, 10)),
}
STRAND_DESCRIPTIONS = {
    "Connecting people": "Groups, clubs and befriending that bring older people together.",
    "Staying active": "Ways to stay active with other people: walking, singing, gardening, making.",
    "Supporting carers": "Projects for older people who care for someone, and a break for them.",
}
STRAND_MOVE = (
    Decimal("10000"),
    "Staying active",
    "Connecting people",
    "Five strong projects bring people together, and the fifth needed £10,000 more than its strand had left. "
    "Staying active had £30,000 it would not use, so the panel agreed to move £10,000.",
)
TOPICS = {
    2: "a lunch club with transport",
    3: "telephone befriending",
    4: "a Caribbean elders' social club",
    5: "a good neighbours scheme",
    6: "a men's shed",
    7: "a women's coffee morning",
    8: "a walking group",
    9: "a lunch club for carers",
    10: "a carers' café",
    11: "an over-fifties forum",
    12: "an Asian elders' day centre",
    13: "singing for the brain",
    14: "an allotment for everyone",
    15: "telephone befriending",
}
RATIONALE = {
    FUND: "The panel was impressed by how well {org} already knows the people it wants to reach, and by "
    "a plan that older people helped to write. We agreed this is good value and likely to last.",
    CONDITIONS: "The panel liked the project and wants it to happen. We have funded a little less than "
    "asked because some costs were not explained, and we set a condition so that older people "
    "and local partners are part of it from the start.",
    DECLINE: "The panel saw real warmth in this application, but it did not show clearly enough how {org} "
    "would find people who are lonely and not already coming along. Other applications scored "
    "higher on the criteria older people agreed, and the budget could not stretch further.",
}
STRENGTHS = {
    "Reaches older people who are lonely or isolated": "You know your area well, and the link with the "
    "housing officers is a real strength.",
    "Older people are involved in running it": "Older people are already on your committee and lead sessions.",
    "Reaches communities not yet reached": "You named the communities you will reach and why they trust you.",
    "Good value for money": "The budget is clear and the volunteer time you bring is good value.",
    "Will last beyond the grant": "The friendships and the volunteer rota will carry on.",
}
BETTER = {
    "Reaches older people who are lonely or isolated": "Tell us how you will find people who never leave "
    "the house, not only those who already come.",
    "Older people are involved in running it": "Say how older people will change the project once it is running.",
    "Reaches communities not yet reached": "Show us the links you already have, with a letter from a partner.",
    "Good value for money": "Explain the coordinator's hours and the cost of the minibus.",
    "Will last beyond the grant": "A plan for the room costs after the grant ends would help.",
}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour)).replace(tzinfo=LONDON)


@transaction.atomic
def build_decided_round(write) -> None:
    if FundingRound.objects.filter(slug=SLUG).exists():
        return
    programme = Programme.objects.filter(name="Time to Shine").first()
    organisations = {
        organisation.main_contact.email: organisation
        for organisation in Organisation.objects.filter(
            main_contact__email__in=[f"applicant{number}@demo.example" for number in DECISIONS]
        ).select_related("main_contact")
    }
    if programme is None or len(organisations) < len(DECISIONS):
        return
    staff = User.objects.get(email="staff@demo.example")
    volunteers = {user.email: user for user in User.objects.filter(email__endswith="@demo.example")}
    criteria_group = [volunteers[f"criteria{number}@demo.example"] for number in range(1, 9)]
    panel_people = [volunteers[f"panel{number}@demo.example"] for number in PANEL_VOLUNTEERS]
    chair = panel_people[0]
    stages = {kind: (first, last) for kind, first, last in TIMELINE}
    events = _Events()

    funding_round = FundingRound.objects.create(
        programme=programme,
        title="New projects 2016",
        slug=SLUG,
        summary="Time to Shine had £1,700,000 for about 11 projects that help older people in Leeds feel less "
        "lonely. A panel of older volunteers read every application, met the groups and decided who got the "
        "money. The round is closed: the grants it awarded are published below.",
        budget=Decimal("1700000"),
        minimum_grant=Decimal("50000"),
        maximum_grant=Decimal("200000"),
        status=FundingRound.Status.CRITERIA,
        minutes_per_application=90,
        criteria_quorum=6,
        recovery_gap_days=7,
        created_at=_at(date(2016, 1, 4)),
    )
    for kind, first, last in TIMELINE:
        Stage.objects.create(funding_round=funding_round, kind=kind, starts_on=first, ends_on=last)
    CriteriaGroupMember.objects.bulk_create(
        [
            CriteriaGroupMember(
                funding_round=funding_round, user=user, invited_by=staff, joined_at=_at(date(2016, 1, 8))
            )
            for user in criteria_group
        ]
    )
    agreed_at = _at(stages[Stage.Kind.CRITERIA][1], 16)
    criteria = []
    strand_specs = [
        {
            "title": title,
            "kind": Criterion.Kind.STRAND,
            "description": STRAND_DESCRIPTIONS[title],
            "what_good_looks_like": "Older people helped to plan it and come back to it.",
            "strand": (share, target),
        }
        for title, (share, target, _) in STRANDS_2016.items()
    ]
    for position, spec in enumerate(NEW_PROJECTS_CRITERIA + strand_specs, 1):
        criterion = _criterion(funding_round, spec, position, criteria_group[position % len(criteria_group)])
        CriterionResponse.objects.bulk_create(
            [
                CriterionResponse(
                    criterion=criterion,
                    member=member,
                    answer=CriterionResponse.Answer.AGREE,
                    responded_at=agreed_at - timedelta(days=3, hours=offset),
                )
                for offset, member in enumerate(criteria_group)
            ]
        )
        criterion.status, criterion.agreed_at, criterion.created_at = Criterion.Status.AGREED, agreed_at, agreed_at
        criterion.save()
        for text, help_text, limit in spec.get("questions", []):
            Question.objects.create(
                funding_round=funding_round,
                criterion=criterion,
                text=text,
                help_text=help_text,
                word_limit=limit,
                position=Question.objects.filter(funding_round=funding_round).count() + 1,
            )
        criteria.append(criterion)
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.CLOSED)
    funding_round.status = FundingRound.Status.CLOSED
    questions = list(Question.objects.filter(funding_round=funding_round).select_related("criterion"))
    scored = [criterion for criterion in criteria if criterion.is_scored]
    must_haves = [criterion for criterion in criteria if criterion.kind == Criterion.Kind.MUST_HAVE]
    strands = {strand.title: strand for strand in Strand.objects.filter(funding_round=funding_round).agreed()}
    strand_of = {number: strands[title] for title, (_, _, numbers) in STRANDS_2016.items() for number in numbers}
    statuses = list(FundingRound.Status)
    for (first, _), before, after in zip(stages.values(), statuses, statuses[1:], strict=False):
        events.add(staff, CommissioningVerb.ROUND_ADVANCED, funding_round, _at(first, 9), {"from": before, "to": after})
    events.add(staff, CommissioningVerb.ROUND_CLOSED, funding_round, _at(stages[Stage.Kind.FEEDBACK][1], 17))

    # The panel.
    shortlisting, decision_day = stages[Stage.Kind.SHORTLISTING][0], stages[Stage.Kind.DECISION][1]
    panel = Panel.objects.create(
        funding_round=funding_round, name="The 2016 panel", quorum=4, created_at=_at(date(2016, 4, 25))
    )
    events.add(staff, Verb.PANEL_CREATED, panel, _at(date(2016, 4, 25)))
    seats = []
    for position, user in enumerate(panel_people):
        seat = PanelMembership.objects.create(
            panel=panel,
            user=user,
            status=PanelMembership.Status.ACCEPTED,
            is_chair=position == 0,
            invited_by=staff,
            invited_at=_at(date(2016, 4, 25)),
            answered_at=_at(date(2016, 4, 27)),
        )
        assign_perm(PANEL_GRANT, user, panel)
        InductionCompletion.objects.bulk_create(
            [
                InductionCompletion(
                    membership=seat, module=module, recorded_by=user, completed_at=_at(date(2016, 5, 3))
                )
                for module in sorted(REQUIRED_BEFORE_SCORING)
            ]
        )
        seats.append(seat)
    conflict_volunteer, conflict_applicant, nature = CONFLICT

    # The applications, and what the panel made of them.
    awarded = Decimal(0)
    for number, (asked, outcome, amount, conditions) in DECISIONS.items():
        organisation = organisations[f"applicant{number}@demo.example"]
        contact = organisation.main_contact
        sent_at = _at(date(2016, 3, 1) + timedelta(days=number), 11)
        application = Application.objects.create(
            funding_round=funding_round,
            organisation=organisation,
            project_title=f"{TOPICS[number][0].upper()}{TOPICS[number][1:]} in {GROUPS[number - 1][2]}",
            amount_requested=Decimal(asked),
            status=Application.Status.ELIGIBLE,
            reference=f"TTS-2016-{number:04d}",
            strand=strand_of[number],
            created_by=contact,
            updated_by=contact,
            created_at=sent_at - timedelta(days=10),
            updated_at=sent_at,
            submitted_at=sent_at,
            eligibility_checked_at=_at(date(2016, 4, 20)),
            eligibility_checked_by=staff,
        )
        Answer.objects.bulk_create(
            [
                Answer(
                    application=application,
                    question=question,
                    text=f"{organisation.name} will run {TOPICS[number]}. {question.criterion.what_good_looks_like}",
                )
                for question in questions
            ]
        )
        EligibilityCheck.objects.bulk_create(
            [
                EligibilityCheck(
                    application=application,
                    criterion=criterion,
                    is_met=True,
                    checked_by=staff,
                    checked_at=_at(date(2016, 4, 20)),
                )
                for criterion in must_haves
            ]
        )
        PanelAssignment.objects.create(
            panel=panel, application=application, assigned_by=staff, assigned_at=_at(date(2016, 5, 2))
        )
        taking_part = []
        for seat in seats:
            conflicted = (PANEL_VOLUNTEERS[seats.index(seat)], number) == (conflict_volunteer, conflict_applicant)
            InterestDeclaration.objects.create(
                membership=seat,
                application=application,
                has_conflict=conflicted,
                nature=nature if conflicted else "",
                recorded_by=seat.user,
                declared_at=_at(shortlisting, 12),
            )
            if conflicted:
                events.add(seat.user, Verb.INTEREST_DECLARED, application, _at(shortlisting, 12))
            else:
                taking_part.append(seat)
        # Funded projects scored 3s and 4s; declined ones 1s and 2s.
        base = 2 if outcome == DECLINE else 3
        for offset, seat in enumerate(taking_part):
            assessment = Assessment.objects.create(
                membership=seat,
                application=application,
                stage=Assessment.Stage.SHORTLISTING,
                status=Assessment.Status.SUBMITTED,
                overall_comment="",
                updated_at=_at(shortlisting + timedelta(days=14)),
                submitted_at=_at(shortlisting + timedelta(days=14)),
            )
            Score.objects.bulk_create(
                [
                    Score(
                        assessment=assessment,
                        criterion=criterion,
                        value=base + (offset + place + number) % 2 - (outcome == DECLINE),
                    )
                    for place, criterion in enumerate(scored)
                ]
            )
        ShortlistOutcome.objects.create(
            application=application,
            panel=panel,
            outcome=ShortlistOutcome.Outcome.INCLUDED,
            include_votes=len(taking_part),
            updated_at=_at(stages[Stage.Kind.SHORTLISTING][1]),
        )
        # Everyone taking part voted; the last of them, where there are five or more, saw it the other way.
        decided_at = _at(decision_day, 15)
        for offset, seat in enumerate(taking_part):
            dissents = offset == len(taking_part) - 1 and len(taking_part) >= 5
            choice = outcome
            if dissents:
                choice = FUND if outcome == DECLINE else DECLINE
            vote_amount = None
            if choice != DECLINE:
                vote_amount = Decimal(amount if amount is not None else asked)
            Vote.objects.create(
                membership=seat,
                application=application,
                stage=Vote.Stage.DECISION,
                choice=choice,
                amount=vote_amount,
                conditions=conditions if choice == CONDITIONS else "",
                cast_at=decided_at - timedelta(hours=1, minutes=offset),
            )
            events.add(
                seat.user,
                Verb.VOTE_CAST,
                application,
                decided_at - timedelta(hours=1, minutes=offset),
                {"stage": "decision", "choice": choice, "amount": str(vote_amount or "")},
            )
        FundingDecision.objects.create(
            application=application,
            panel=panel,
            outcome=outcome,
            amount_awarded=Decimal(amount) if amount is not None else None,
            conditions=conditions,
            rationale=RATIONALE[outcome].format(org=organisation.name),
            recorded_by=chair,
            decided_at=decided_at,
            **FundingDecision.as_decided(application, outcome=outcome),
        )
        events.add(
            chair,
            Verb.DECISION_RECORDED,
            application,
            decided_at,
            {"outcome": outcome, "amount": str(amount or "")},
        )
        awarded += Decimal(amount or 0)
        CriterionFeedback.objects.bulk_create(
            [
                CriterionFeedback(
                    application=application,
                    criterion=criterion,
                    strengths=STRENGTHS.get(criterion.title, ""),
                    could_be_better=BETTER.get(criterion.title, ""),
                    written_by=chair,
                    updated_at=decided_at,
                )
                for criterion in scored
            ]
        )
    meeting = TogetherSession.objects.create(
        panel=panel,
        title="Deciding together",
        starts_at=_at(decision_day, 10),
        duration_minutes=300,
        place="Leeds Civic Hall, Committee Room 3 (step-free entrance on Portland Crescent)",
        agenda="Declarations of interest; each shortlisted project in turn; the budget line; the decisions.",
        arranged_by=staff,
        declarations=f"{panel_people[PANEL_VOLUNTEERS.index(conflict_volunteer)].full_name}: {nature} "
        "Took no part in that decision.",
    )
    meeting.attendees.set(seats)
    events.add(staff, Verb.MEETING_RECORDED, panel, _at(decision_day, 16))
    amount, source, target, reasons = STRAND_MOVE
    StrandTransfer.objects.create(
        funding_round=funding_round,
        panel=panel,
        from_strand=strands[source],
        to_strand=strands[target],
        amount=amount,
        rationale=reasons,
        recorded_by=chair,
        recorded_at=_at(decision_day, 12),
    )
    events.add(
        chair,
        Verb.STRAND_MONEY_MOVED,
        panel,
        _at(decision_day, 12),
        {"from": f"“{source}”", "to": target, "amount": str(amount), "rationale": reasons},
    )
    events.add(
        staff,
        Verb.FEEDBACK_SENT,
        funding_round,
        _at(stages[Stage.Kind.FEEDBACK][0], 9),
        {"applications": len(DECISIONS)},
    )
    events.save()
    # One group renamed itself after the round: its grant is still published, and its letter
    # still written, under the name the panel decided on (the decision kept it).
    Organisation.objects.filter(main_contact__email=f"applicant{RENAMED_LATER[0]}@demo.example").update(
        name=RENAMED_LATER[1]
    )
    funded = sum(1 for _, outcome, _, _ in DECISIONS.values() if outcome != DECLINE)
    write(
        f"Added {funding_round}, decided and closed: {funded} projects funded, £{awarded:,.0f} of £1,700,000, "
        f"in {len(STRANDS_2016)} strands."
    )


class _Events:
    """The round's history for the activity log, written in one go with the times it happened."""

    def __init__(self):
        self.rows: list[AuditEvent] = []

    def add(self, actor, verb, target, at, data=None):
        # These lines skip record_event to keep their historical times, so check the verb as it would.
        audit.require_registered(verb)
        self.rows.append(
            AuditEvent(
                actor=actor,
                actor_label=str(actor),
                verb=verb,
                target_type=ContentType.objects.get_for_model(target),
                target_id=str(target.pk),
                target_label=str(target)[:200],
                data=data or {},
                at=at,
            )
        )

    def save(self):
        AuditEvent.objects.bulk_create(self.rows)


def build_decided_round_report(write) -> None:
    """The decided round's decision report, built as staff would ask for it (in the background in
    production, where `manage.py db_worker` picks it up; at once in development)."""
    from commissioning.models import FundingRound, User
    from panels.models import DecisionReport
    from panels.services.reports import request_report

    funding_round = FundingRound.objects.filter(slug=SLUG).first()
    if funding_round is None or DecisionReport.objects.filter(funding_round=funding_round).exists():
        return
    report = request_report(actor=User.objects.get(email="staff@demo.example"), funding_round=funding_round)
    write(f"Asked for the decision report of {funding_round}: {report.get_status_display().lower()}.")
