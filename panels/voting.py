"""Counting the shortlist vote: pure functions, no database, so the rule reads as written.

The shortlist follows the majority of the votes cast, once at least the panel's quorum of
non-conflicted members has voted. Equal votes are a tie, and a tie goes back to the panel's
discussion: nobody outside the panel (staff, the chair's casting vote) breaks it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ShortlistCount:
    outcome: str  # one of ShortlistOutcome.Outcome's values
    include: int
    exclude: int


def count_shortlist(include: int, exclude: int, quorum: int) -> ShortlistCount:
    if include < 0 or exclude < 0 or quorum < 1:
        raise ValueError("votes cannot be negative and the quorum is at least 1")
    if include + exclude < quorum:
        outcome = "awaiting"
    elif include > exclude:
        outcome = "included"
    elif exclude > include:
        outcome = "not_included"
    else:
        outcome = "tie"
    return ShortlistCount(outcome, include, exclude)


def below_quorum(members_who_can_take_part: int, quorum: int) -> bool:
    """When recusals leave fewer non-conflicted members than the quorum, the panel cannot
    decide on this application without help: the panel is told."""
    return members_who_can_take_part < quorum
