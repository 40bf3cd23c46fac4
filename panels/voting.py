"""Counting the shortlist vote: pure functions, no database, so the rule reads as written.

The shortlist follows the majority of the votes cast, once at least the panel's quorum of
non-conflicted members has voted. Equal votes are a tie, and a tie goes back to the panel's
discussion: nobody outside the panel (staff, the chair's casting vote) breaks it.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


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


@dataclass(frozen=True)
class DecisionCount:
    outcome: str  # "awaiting", "tie", or one of FundingDecision.Outcome's values
    counts: dict[str, int]
    # For a funding outcome, the middle amount among those who voted for it (the lower of the
    # two middle ones when their number is even: never more than most of them asked for).
    amount: Decimal | None

    @property
    def is_tie(self) -> bool:
        """Equal leaders: the panel talks it through and votes again; staff never break a tie."""
        return self.outcome == "tie"

    @property
    def is_awaiting_votes(self) -> bool:
        """Fewer than the quorum have voted."""
        return self.outcome == "awaiting"


def count_decision(votes: Sequence[tuple[str, Decimal | None]], quorum: int) -> DecisionCount:
    """`votes` are (choice, amount) pairs from members who can take part. The outcome is the
    choice with the most votes once the quorum has voted; equal leaders are a tie, which goes
    back to the panel's discussion."""
    if quorum < 1:
        raise ValueError("the quorum is at least 1")
    counts = dict(Counter(choice for choice, _ in votes))
    if len(votes) < quorum:
        return DecisionCount("awaiting", counts, None)
    top = max(counts.values())
    leaders = [choice for choice, count in counts.items() if count == top]
    if len(leaders) > 1:
        return DecisionCount("tie", counts, None)
    outcome = leaders[0]
    if outcome == "decline":
        return DecisionCount(outcome, counts, None)
    amounts = sorted(amount for choice, amount in votes if choice == outcome and amount is not None)
    return DecisionCount(outcome, counts, amounts[(len(amounts) - 1) // 2] if amounts else None)


@dataclass(frozen=True)
class BudgetRow:
    application_id: int
    amount: Decimal
    cumulative: Decimal
    within_budget: bool


def budget_line(ranked: Sequence[tuple[int, Decimal]], budget: Decimal) -> list[BudgetRow]:
    """The ranked list with running totals: where the budget line falls. Rows keep their order;
    a row is within budget when the running total including it does not pass the budget."""
    rows, total = [], Decimal(0)
    for application_id, amount in ranked:
        total += amount
        rows.append(BudgetRow(application_id, amount, total, total <= budget))
    return rows


@dataclass(frozen=True)
class PortfolioTotal:
    """What a portfolio draft adds up to in one strand (or, with `key` None, the whole round):
    how many projects it ticks to fund and for how much, against the money there is for them and
    the target. Arithmetic on a draft: nothing here is a vote, and no result reads it."""

    key: int | None
    available: Decimal
    target: int | None
    funded: int
    total: Decimal
    declined: int
    undecided: int

    @property
    def is_over(self) -> bool:
        return self.total > self.available

    @property
    def over_by(self) -> Decimal:
        return max(self.total - self.available, Decimal(0))


def portfolio_totals(
    choices: Sequence[tuple[int | None, str, Decimal | None]],
    available: dict[int | None, tuple[Decimal, int | None]],
) -> list[PortfolioTotal]:
    """`choices`: (group, "fund"/"decline"/"", amount) for each application; `available`: group →
    (the money there is for these applications, the target). One total per group in `available`'s
    order, then the round's (key None) when the groups are strands."""
    totals = []
    groups = list(available)
    for key in groups:
        mine = [(choice, amount) for group, choice, amount in choices if group == key]
        totals.append(_total(key, mine, *available[key]))
    if len(groups) > 1 or (groups and groups[0] is not None):
        everything = [(choice, amount) for _, choice, amount in choices]
        money = sum((total.available for total in totals), Decimal(0))
        targets = [total.target for total in totals if total.target]
        totals.append(_total(None, everything, money, sum(targets) if targets else None))
    return totals


def _total(key, choices, available: Decimal, target: int | None) -> PortfolioTotal:
    funded = [amount or Decimal(0) for choice, amount in choices if choice == "fund"]
    return PortfolioTotal(
        key=key,
        available=available,
        target=target,
        funded=len(funded),
        total=sum(funded, Decimal(0)),
        declined=sum(1 for choice, _ in choices if choice == "decline"),
        undecided=sum(1 for choice, _ in choices if not choice),
    )
