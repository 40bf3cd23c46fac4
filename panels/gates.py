"""The panels' gates on a round's moves (registered with commissioning/gates.py in
PanelsConfig.ready): the panels own the facts, so they say when a round may move on.

- Out of shortlisting: on every application given to a panel, every accepted member who can
  take part (not conflicted) has submitted their scores, the quorum still holds after
  recusals, and the vote has an outcome (a tie goes back to the panel, never to staff).
- Out of the interviews: every shortlisted application's interview is scored by the members
  who can take part, or the panel recorded its agreement to go on without (AgreementToProceed).
- Out of deciding: every shortlisted application has a recorded decision.
- Out of feedback: every decided application's letter is ready (the panel's words on each
  agreed scored criterion).
"""

from collections.abc import Iterable

from applications.models import Application
from commissioning import gates
from commissioning.models import Criterion, FundingRound
from panels.models import (
    AgreementToProceed,
    Assessment,
    CriterionFeedback,
    FundingDecision,
    InterestDeclaration,
    PanelAssignment,
    PanelMembership,
    ShortlistOutcome,
)

Outcome = ShortlistOutcome.Outcome


def _name(application) -> str:
    return f"‘{application.organisation}’ ({application.reference})"


def _members(count: int) -> str:
    return f"{count} member{'' if count == 1 else 's'}"


def _assigned(funding_round):
    return (
        PanelAssignment.objects.filter(panel__funding_round=funding_round)
        .exclude(application__status=Application.Status.WITHDRAWN)
        .select_related("panel", "application__organisation", "application__shortlist_outcome")
        .order_by("application__reference", "pk")
    )


def _shortlisted(funding_round):
    return _assigned(funding_round).filter(application__shortlist_outcome__outcome=Outcome.INCLUDED)


def _who_can_take_part(funding_round) -> dict[int, set[int]]:
    """Application id → the ids of the accepted seats on its panel that are not conflicted with it."""
    seats: dict[int, set[int]] = {}
    for panel_id, seat in (
        PanelMembership.objects.seated().filter(panel__funding_round=funding_round).values_list("panel_id", "pk")
    ):
        seats.setdefault(panel_id, set()).add(seat)
    conflicted: dict[int, set[int]] = {}
    for application_id, seat in InterestDeclaration.objects.filter(
        application__funding_round=funding_round, has_conflict=True
    ).values_list("application_id", "membership_id"):
        conflicted.setdefault(application_id, set()).add(seat)
    return {
        assignment.application_id: seats.get(assignment.panel_id, set())
        - conflicted.get(assignment.application_id, set())
        for assignment in PanelAssignment.objects.filter(panel__funding_round=funding_round)
    }


def _submitted(funding_round, stage) -> set[tuple[int, int]]:
    return set(
        Assessment.objects.standing()
        .filter(application__funding_round=funding_round, stage=stage)
        .values_list("application_id", "membership_id")
    )


def _not_scored(assignments, able, submitted, not_done: str) -> Iterable[str]:
    """For each application where members who can take part have not submitted their scores
    (`submitted`: (application, seat) pairs), who and how many, in words."""
    for assignment in assignments:
        seats = able.get(assignment.application_id, set())
        missing = sum((assignment.application_id, seat) not in submitted for seat in seats)
        if missing:
            yield (
                f"{_name(assignment.application)}: {_members(missing)} of the {len(seats)} who can take part "
                f"{'has' if missing == 1 else 'have'} {not_done}"
            )


def shortlisting_scored(funding_round, now) -> Iterable[str]:
    assignments = list(_assigned(funding_round))
    if not assignments:
        yield "No application has been given to a panel yet."
    able = _who_can_take_part(funding_round)
    submitted = _submitted(funding_round, Assessment.Stage.SHORTLISTING)
    yield from _not_scored(assignments, able, submitted, "not submitted their scores.")


def quorum_holds(funding_round, now) -> Iterable[str]:
    able = _who_can_take_part(funding_round)
    for assignment in _assigned(funding_round):
        seats = len(able.get(assignment.application_id, set()))
        if seats < assignment.panel.quorum:
            yield (
                f"{_name(assignment.application)}: only {_members(seats)} can take part after conflicts of "
                f"interest, fewer than the panel’s quorum of {assignment.panel.quorum}. Invite another member."
            )


def shortlist_decided(funding_round, now) -> Iterable[str]:
    for assignment in _assigned(funding_round):
        outcome = getattr(assignment.application, "shortlist_outcome", None)
        if outcome is not None and outcome.outcome == Outcome.TIE:
            yield (
                f"{_name(assignment.application)}: the panel’s vote is a tie. It goes back to the panel to talk "
                "over and vote again; staff do not break a tie."
            )
        elif outcome is None or outcome.outcome == Outcome.AWAITING:
            yield f"{_name(assignment.application)} has no shortlist outcome yet: not enough members have voted."


def interviews_scored(funding_round, now) -> Iterable[str]:
    agreements = AgreementToProceed.objects.filter(panel__funding_round=funding_round)
    whole_panels = set(agreements.filter(application__isnull=True).values_list("panel_id", flat=True))
    agreed = set(agreements.values_list("application_id", flat=True))
    able = _who_can_take_part(funding_round)
    submitted = _submitted(funding_round, Assessment.Stage.INTERVIEWS)
    waiting = [
        assignment
        for assignment in _shortlisted(funding_round)
        if assignment.panel_id not in whole_panels and assignment.application_id not in agreed
    ]
    yield from _not_scored(
        waiting, able, submitted, "not scored the interview, and the panel has not agreed to go on without."
    )


def decisions_recorded(funding_round, now) -> Iterable[str]:
    decided = set(
        FundingDecision.objects.filter(panel__funding_round=funding_round).values_list("application_id", flat=True)
    )
    for assignment in _shortlisted(funding_round):
        if assignment.application_id not in decided:
            yield f"{_name(assignment.application)} has no recorded decision yet."


def letters_ready(funding_round, now) -> Iterable[str]:
    criteria = list(
        funding_round.criteria.filter(status=Criterion.Status.AGREED, kind=Criterion.Kind.SCORED).order_by("position")
    )
    written = {
        (row.application_id, row.criterion_id)
        for row in CriterionFeedback.objects.filter(application__funding_round=funding_round)
        if row.strengths.strip() or row.could_be_better.strip()
    }
    decided = (
        Application.objects.filter(funding_round=funding_round, funding_decision__isnull=False)
        .select_related("organisation")
        .order_by("reference", "pk")
    )
    for application in decided:
        missing = [criterion.title for criterion in criteria if (application.pk, criterion.pk) not in written]
        if missing:
            yield (
                f"The letter to {_name(application)} is not ready: the panel has not written its feedback on "
                f"{', '.join(f'‘{title}’' for title in missing)}."
            )


def register_gates() -> None:
    Status = FundingRound.Status
    gates.register(Status.SHORTLISTING, "Every member who can take part has scored", shortlisting_scored)
    gates.register(Status.SHORTLISTING, "Enough members can take part after conflicts of interest", quorum_holds)
    gates.register(Status.SHORTLISTING, "Every application has a shortlist outcome", shortlist_decided)
    gates.register(
        Status.INTERVIEWS, "Every interview is scored, or the panel agreed to go on without", interviews_scored
    )
    gates.register(Status.DECISION, "Every shortlisted application has a decision", decisions_recorded)
    gates.register(Status.FEEDBACK, "Every applicant’s letter is ready", letters_ready)
