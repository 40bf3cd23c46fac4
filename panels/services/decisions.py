"""Deciding: the panel's votes on each shortlisted application and the decision recorded."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from applications.models import Application
from commissioning.models import Criterion, FundingRound, Strand, User
from commissioning.permissions import require
from commissioning.services import record_event
from panels import results
from panels.audit import Verb
from panels.exceptions import BudgetExceeded, PanelError
from panels.models import (
    CriterionFeedback,
    FundingDecision,
    Panel,
    PanelMembership,
    ShortlistOutcome,
    TogetherSession,
    Vote,
)
from panels.services.common import make_own, seat_of


def _pounds(amount) -> str:
    from commissioning.templatetags.money import money

    return money(amount)


def _refuse_over_strand(application: Application, amount: Decimal, what: str) -> None:
    """The hard budget of the application's strand: its share, with the money panels moved in
    and out, less what its other decisions award. (The caller holds the round's row locked when
    recording, so two decisions in one strand are taken one after the other.)"""
    if application.strand_id is None:
        return
    strand = Strand.objects.select_related("proposal").get(pk=application.strand_id)
    left = results.strand_left(application.funding_round, strand, leaving_out=application)
    if amount > left:
        raise BudgetExceeded(
            f"{what} would take the strand “{strand.title}” over its money: {_pounds(left)} is left in it."
        )


def checked_decision_vote(
    application: Application, choice: str, amount: Decimal | None, conditions: str
) -> tuple[Decimal | None, str]:
    """The amount and conditions a decision vote on `application` stands with, or PanelError
    saying what is wrong (the stage, the shortlist, the choice, the amount, the budget). Read by
    a member's own vote and by a vote staff take down from a phone call."""
    funding_round = application.funding_round
    if funding_round.status != funding_round.Status.DECISION:
        raise PanelError("Decision votes are cast during the decision stage.")
    if not ShortlistOutcome.is_shortlisted(application):
        raise PanelError("Only shortlisted applications are decided on.")
    if choice not in Vote.DECISION_CHOICES:
        raise PanelError("Choose fund, fund with conditions or decline.")
    conditions = conditions.strip()
    if choice == Vote.Choice.DECLINE:
        amount, conditions = None, ""
    else:
        if amount is None:
            raise PanelError("Say how much the panel should award, in whole pounds.")
        if amount != amount.to_integral_value():
            raise PanelError("Give the amount in whole pounds, without pence.")
        if amount > application.amount_requested:
            asked = _pounds(application.amount_requested)
            raise PanelError(f"The amount cannot be more than the {asked} the organisation asked for.")
        if amount < funding_round.minimum_grant:
            smallest = _pounds(funding_round.minimum_grant)
            raise PanelError(f"The amount cannot be less than this round's smallest grant, {smallest}.")
        left = funding_round.budget - results.awarded_so_far(funding_round, leaving_out=application)
        if amount > left:
            raise BudgetExceeded(f"That would take the round over its budget: {_pounds(left)} is left.")
        _refuse_over_strand(application, amount, "That")
        if choice == Vote.Choice.FUND_WITH_CONDITIONS and not conditions:
            raise PanelError("Say what the conditions are.")
    return amount, conditions


@transaction.atomic
def cast_decision_vote(
    *, actor: User, application: Application, choice: str, amount: Decimal | None = None, conditions: str = ""
) -> Vote:
    """Fund, fund with conditions or decline, with the amount (no more than asked for, no less
    than the round's smallest grant) and the conditions. Voting again changes the vote."""
    require(actor, "panels.vote", application)
    amount, conditions = checked_decision_vote(application, choice, amount, conditions)
    vote, created = Vote.objects.select_for_update().get_or_create(
        membership=seat_of(actor, application),
        application=application,
        stage=Vote.Stage.DECISION,
        defaults={"choice": choice, "amount": amount, "conditions": conditions},
    )
    changed_from = None if created else vote.choice
    replaces_taken_down = not created and make_own(vote)
    if not created:
        vote.choice, vote.amount, vote.conditions, vote.cast_at = choice, amount, conditions, timezone.now()
        vote.save(update_fields=["choice", "amount", "conditions", "cast_at"])
    record_event(
        actor=actor,
        verb=Verb.VOTE_CAST,
        target=application,
        data={
            "stage": Vote.Stage.DECISION,
            "choice": choice,
            "amount": str(amount or ""),
            "changed_from": changed_from,
            "replaces_taken_down": replaces_taken_down,
        },
    )
    return vote


def record_funding_decision(*, actor: User, application: Application, rationale: str) -> FundingDecision:
    """Write down the decision the votes reached, with the panel's reasons. The round's row is
    locked first, so two decisions recorded at the same moment (two panels, or two members of
    one panel on two servers) are taken one after the other: the funded total can never pass the
    budget, and a decision recorded again keeps the earlier reasons and outcome in the log."""
    with transaction.atomic():
        require(actor, "panels.record_decision", application)
        funding_round = FundingRound.objects.select_for_update().get(pk=application.funding_round_id)
        previous = FundingDecision.objects.filter(application=application).first()
        if not rationale.strip():
            raise PanelError("Write the panel's reasons for this decision: every decision needs them.")
        count = results.decision_count(application)
        if count.outcome == "awaiting":
            raise PanelError(
                f"Not enough votes yet: {sum(count.counts.values())} of the quorum of "
                f"{application.panel_assignment.panel.quorum}."
            )
        if count.outcome == "tie":
            raise PanelError(
                "The votes are tied. Talk it through together and vote again: nobody outside the panel breaks a tie."
            )
        amount = None if count.outcome == FundingDecision.Outcome.DECLINE else count.amount
        if amount is not None:
            left = funding_round.budget - results.awarded_so_far(funding_round, leaving_out=application)
            if amount > left:
                raise BudgetExceeded(
                    f"Funding {_pounds(amount)} would take the round over its budget: {_pounds(left)} is left."
                )
            _refuse_over_strand(application, amount, f"Funding {_pounds(amount)}")
        conditions = ""
        if count.outcome == FundingDecision.Outcome.FUND_WITH_CONDITIONS:
            # Each distinct condition given with a vote that counts, in the order given.
            conditions = "\n".join(results.conditions_given(application))
        decision, created = FundingDecision.objects.update_or_create(
            application=application,
            defaults={
                "panel": application.panel_assignment.panel,
                "outcome": count.outcome,
                "amount_awarded": amount,
                "conditions": conditions,
                "rationale": rationale.strip(),
                "recorded_by": actor,
                "decided_at": timezone.now(),
                # The recipient and project as they are now, kept so what is published and
                # written about this grant never changes when the organisation edits its details.
                **FundingDecision.as_decided(application, outcome=count.outcome),
            },
        )
        decision.full_clean()
        record_event(
            actor=actor,
            verb=Verb.DECISION_RECORDED,
            target=application,
            data={
                "outcome": count.outcome,
                "amount": str(amount or ""),
                "changed": not created,
                "rationale": decision.rationale,
                "previous_rationale": previous.rationale if previous else None,
                "previous_outcome": previous.outcome if previous else None,
            },
        )
    return decision


# The longest a feedback box may be: a few paragraphs, which is what an applicant reads well.
FEEDBACK_MAX = 2000
DECLARATIONS_MAX = 5000


@transaction.atomic
def write_feedback(
    *, actor: User, application: Application, feedback: dict[int, tuple[str, str]]
) -> list[CriterionFeedback]:
    """The panel's feedback for one application: criterion → (strengths, what could be better).
    Written by a non-conflicted member while the panel decides (`panels.write_feedback`); one
    row per criterion, so writing again changes it. A criterion left with both boxes empty
    keeps no row. At least one box must have words in it."""
    require(actor, "panels.write_feedback", application)
    criteria = set(
        application.funding_round.criteria.filter(
            kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED
        ).values_list("pk", flat=True)
    )
    if set(feedback) - criteria:
        raise PanelError("Feedback was sent for a criterion that is not part of this round.")
    cleaned = {pk: (strengths.strip(), better.strip()) for pk, (strengths, better) in feedback.items()}
    if not any(strengths or better for strengths, better in cleaned.values()):
        raise PanelError("Write some feedback before saving: at least one box needs words in it.")
    if any(len(text) > FEEDBACK_MAX for pair in cleaned.values() for text in pair):
        raise PanelError(f"Each box can hold up to {FEEDBACK_MAX:,} characters.")
    saved = []
    for criterion_id, (strengths, better) in cleaned.items():
        if not (strengths or better):
            CriterionFeedback.objects.filter(application=application, criterion_id=criterion_id).delete()
            continue
        row, _ = CriterionFeedback.objects.update_or_create(
            application=application,
            criterion_id=criterion_id,
            defaults={
                "strengths": strengths,
                "could_be_better": better,
                "written_by": actor,
                "updated_at": timezone.now(),
            },
        )
        saved.append(row)
    record_event(
        actor=actor,
        verb=Verb.FEEDBACK_WRITTEN,
        target=application,
        data={"criteria": sorted(row.criterion_id for row in saved)},
    )
    return saved


@transaction.atomic
def record_meeting(
    *,
    actor: User,
    panel: Panel,
    session: TogetherSession | None = None,
    attendees,
    declarations: str = "",
    **new_session,
) -> TogetherSession:
    """Staff write down the decision meeting: which meeting (an arranged one, or a new one from
    `new_session`'s fields), who attended and the declarations made there. It goes into the
    facilitation statement of the decision report. Staff record; they never vote."""
    require(actor, "panels.change_panels", panel)
    declarations = declarations.strip()
    if len(declarations) > DECLARATIONS_MAX:
        raise PanelError(f"The declarations can be up to {DECLARATIONS_MAX:,} characters.")
    attendees = list(attendees)
    if any(membership.panel_id != panel.pk for membership in attendees):
        raise PanelError("Only the panel's own members can be marked as attending.")
    if any(membership.status != PanelMembership.Status.ACCEPTED for membership in attendees):
        raise PanelError("Only members who accepted their seat can be marked as attending.")
    if session is None:
        if not new_session:
            raise PanelError("Choose the meeting, or give the details of a new one.")
        session = TogetherSession(panel=panel, arranged_by=actor, **new_session)
    elif session.panel_id != panel.pk:
        raise PanelError("That meeting belongs to another panel.")
    session.declarations = declarations
    session.full_clean()
    session.save()
    session.attendees.set(attendees)
    record_event(
        actor=actor,
        verb=Verb.MEETING_RECORDED,
        target=panel,
        data={
            "session": session.pk,
            "title": session.title,
            "attended": [membership.user.email for membership in attendees],
            "declarations": bool(declarations),
        },
    )
    return session
