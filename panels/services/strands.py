"""Strands: the panel moving money between them, and portfolios tried out before voting."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from applications.models import Application
from commissioning.models import FundingRound, Strand, User
from commissioning.permissions import require
from commissioning.services import record_event
from panels import results
from panels.audit import Verb
from panels.exceptions import BudgetExceeded, PanelError
from panels.models import Panel, PortfolioChoice, PortfolioDraft, StrandTransfer

RATIONALE_MAX = 5000


def _pounds(amount) -> str:
    from commissioning.templatetags.money import money

    return money(amount)


def move_strand_money(
    *, actor: User, panel: Panel, from_strand: Strand | None, to_strand: Strand, amount: Decimal, rationale: str
) -> StrandTransfer:
    """Record the panel's decision to move `amount` from one strand (None: the round's reserve)
    to another, with its reasons (`panels.move_strand_money`: a seated member while the round
    decides; never staff). The round's row is locked first, as when a decision is recorded, so a
    move and a decision at the same moment are taken one after the other: money already awarded
    in a strand can never be moved out of it."""
    with transaction.atomic():
        require(actor, "panels.move_strand_money", panel)
        funding_round = FundingRound.objects.select_for_update().get(pk=panel.funding_round_id)
        rationale = rationale.strip()
        if not rationale:
            raise PanelError("Write the panel's reasons for moving the money: every decision needs them.")
        if len(rationale) > RATIONALE_MAX:
            raise PanelError(f"The reasons can be up to {RATIONALE_MAX:,} characters.")
        if amount is None or amount <= 0:
            raise PanelError("Say how much to move, in whole pounds, more than £0.")
        if amount != amount.to_integral_value():
            raise PanelError("Give the amount in whole pounds, without pence.")
        money = results.strand_money(funding_round)
        target = money.of(to_strand.pk)
        if target is None:
            raise PanelError("Choose one of this round's strands to move the money to.")
        if from_strand is None:
            available, source_words = money.reserve, "the reserve"
        else:
            source = money.of(from_strand.pk)
            if source is None:
                raise PanelError("Choose one of this round's strands to move the money from.")
            if source.strand.pk == target.strand.pk:
                raise PanelError("Choose two different strands: the money moves from one to the other.")
            available, source_words = source.left, f"“{source.strand.title}”"
        if amount > available:
            raise BudgetExceeded(
                f"Only {_pounds(max(available, Decimal(0)))} in {source_words} is not yet awarded, "
                f"so {_pounds(amount)} cannot be moved."
            )
        transfer = StrandTransfer(
            funding_round=funding_round,
            panel=panel,
            from_strand=from_strand,
            to_strand=to_strand,
            amount=amount,
            rationale=rationale,
            recorded_by=actor,
        )
        transfer.full_clean()
        transfer.save()
        record_event(
            actor=actor,
            verb=Verb.STRAND_MONEY_MOVED,
            target=panel,
            data={
                "from": source_words,
                "to": target.strand.title,
                "amount": str(amount),
                "rationale": rationale,
            },
        )
    return transfer


@transaction.atomic
def save_portfolio(
    *, actor: User, panel: Panel, shared: bool, choices: dict[int, tuple[str, Decimal | None]]
) -> PortfolioDraft:
    """Save a portfolio draft: application → (fund or decline, amount), for the panel's shared
    draft or the member's own private one (`panels.try_portfolio`). An application left out
    (or given "") is undecided. Only the panel's shortlisted applications, and none the member is
    conflicted on, can be ticked. A draft is never a vote or a decision: no result reads it."""
    require(actor, "panels.try_portfolio", panel)
    shortlist = set(
        Application.objects.shortlisted().filter(panel_assignment__panel=panel).values_list("pk", flat=True)
    )
    if set(choices) - shortlist:
        raise PanelError("A choice was sent for an application that is not on this panel's shortlist.")
    conflicted = set(
        panel.memberships.filter(user=actor, declarations__has_conflict=True).values_list(
            "declarations__application_id", flat=True
        )
    )
    owner = None if shared else actor
    draft, _ = PortfolioDraft.objects.select_for_update().get_or_create(
        panel=panel, owner=owner, defaults={"updated_by": actor}
    )
    existing = {choice.application_id: choice for choice in draft.choices.all()}
    for application_id, (choice, amount) in choices.items():
        if application_id in conflicted:
            continue  # a conflicted member takes no part, not even in a draft
        if choice == PortfolioChoice.Choice.FUND and (amount is None or amount <= 0):
            raise PanelError("Say how much to fund, in whole pounds, for each application you tick to fund.")
        row = existing.get(application_id)
        if not choice:
            if row is not None:
                row.delete()
            continue
        if choice not in PortfolioChoice.Choice.values:
            raise PanelError("Choose fund or decline.")
        amount = amount if choice == PortfolioChoice.Choice.FUND else None
        if row is None:
            row = PortfolioChoice(draft=draft, application_id=application_id)
        row.choice, row.amount = choice, amount
        row.full_clean()
        row.save()
    draft.updated_by, draft.updated_at = actor, timezone.now()
    draft.save(update_fields=["updated_by", "updated_at"])
    record_event(actor=actor, verb=Verb.PORTFOLIO_SAVED, target=panel, data={"shared": shared, "choices": len(choices)})
    return draft
