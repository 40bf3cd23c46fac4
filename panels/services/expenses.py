"""Volunteers' expenses and honoraria: a member claims what taking part cost them, with a photo or
scan of the receipt; staff approve, query (the member sees why and answers) or mark it paid; a
member may privately decline the honorarium their programme offers. Every change is in the
activity log. The programme's rules (taxis, the mileage rate, receipts, the honorarium) are
checked here, so a claim from any screen meets them.

Money is exact: amounts are Decimals of pounds and pence; mileage is the miles times the
programme's rate in pence, rounded to the penny.
"""

import csv
import io
import logging
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from applications.services import sniff_kind
from commissioning.models import FundingRound, Programme, User
from commissioning.permissions import require
from commissioning.services import record_event
from commissioning.storage import STORE_ERRORS, UNAVAILABLE, delete_quietly
from commissioning.templatetags.money import money
from panels.audit import Verb
from panels.exceptions import PanelError
from panels.models import ExpenseClaim, ExpenseRules, Honorarium, PanelMembership, TogetherSession
from panels.open_data import spreadsheet_safe
from panels.services.common import save_valid

logger = logging.getLogger(__name__)

PENNY = Decimal("0.01")
RECEIPT_TYPES_IN_WORDS = "a photo (JPEG or PNG) or a PDF"


def mileage_amount(miles: Decimal, rules: ExpenseRules) -> Decimal:
    return (miles * rules.mileage_rate).quantize(PENNY, rounding=ROUND_HALF_UP)


def _check_against_rules(*, rules: ExpenseRules, membership, kind, occasion, session, spent_on, miles, amount, receipt):
    """The programme's rules and the limits of a sensible claim, as errors by field."""
    errors: dict[str, str] = {}
    if kind == ExpenseClaim.Kind.TAXI and not rules.allows_taxis:
        errors["kind"] = "This programme does not pay for taxis. Choose another kind of cost, or ask staff first."
    if kind == ExpenseClaim.Kind.MILEAGE:
        if miles is None or miles <= 0:
            errors["miles"] = "Enter how many miles you drove, like 12.5"
        elif miles > ExpenseClaim.LONGEST_TRIP_MILES:
            errors["miles"] = (
                f"A trip of more than {ExpenseClaim.LONGEST_TRIP_MILES:,} miles looks like a slip. Check the miles."
            )
    elif amount is None:
        errors["amount"] = "Enter how much it cost, like £12.50"
    elif amount <= 0:
        errors["amount"] = "The amount must be more than £0"
    elif amount > ExpenseClaim.LARGEST_CLAIM:
        errors["amount"] = (
            f"One claim can be up to {money(ExpenseClaim.LARGEST_CLAIM)}. For a bigger cost, talk to staff first."
        )
    if kind != ExpenseClaim.Kind.MILEAGE and rules.needs_receipts and not receipt:
        errors["receipt"] = f"Add {RECEIPT_TYPES_IN_WORDS} of the receipt. Staff need it before they can pay you."
    if spent_on is not None and spent_on > timezone.localdate():
        errors["spent_on"] = "The date of the cost must be today or in the past"
    if occasion == ExpenseClaim.Occasion.SESSION and (session is None or session.panel_id != membership.panel_id):
        errors["session"] = "Choose the together session the cost was for"
    if errors:
        raise ValidationError(errors)


def _check_receipt(receipt) -> str:
    """The receipt's real type (pdf, png or jpg), or a plain refusal."""
    if receipt.size == 0:
        raise ValidationError({"receipt": "The receipt file is empty. Choose it again."})
    if receipt.size > ExpenseClaim.MAX_RECEIPT_BYTES:
        raise ValidationError({"receipt": "The receipt is bigger than 10 MB. Take the photo again at a smaller size."})
    kind = sniff_kind(receipt, allowed=ExpenseClaim.RECEIPT_TYPES)
    if kind is None:
        raise ValidationError(
            {"receipt": f"The receipt must be {RECEIPT_TYPES_IN_WORDS}. This file is not one, whatever its name says."}
        )
    return kind


def _store_receipt(claim: ExpenseClaim, receipt, kind: str) -> None:
    claim.receipt_name = (receipt.name or "receipt")[-200:]
    claim.receipt_kind = kind
    try:
        claim.receipt.save("receipt", receipt, save=False)
    except STORE_ERRORS as error:
        logger.warning("The file store refused a receipt for membership %s: %s", claim.membership_id, error)
        raise PanelError(f"{UNAVAILABLE} Your claim was not sent; nothing you typed is lost.") from error


def _save_with_receipt(claim: ExpenseClaim, stored: bool) -> None:
    try:
        save_valid(claim)
    except Exception:
        # The record was refused, so the stored copy would belong to nothing.
        if stored:
            delete_quietly(claim.receipt.storage, claim.receipt.name)
        raise


@transaction.atomic
def claim_expense(
    *,
    actor: User,
    membership: PanelMembership,
    kind: str,
    occasion: str,
    spent_on,
    session: TogetherSession | None = None,
    description: str = "",
    miles: Decimal | None = None,
    amount: Decimal | None = None,
    receipt=None,
) -> ExpenseClaim:
    """A member claims one cost for their own seat, under their programme's rules
    (`panels.claim_expenses`). Mileage is worked out from the miles; the rest needs a receipt
    where the programme asks for one."""
    membership = PanelMembership.objects.select_related("panel__funding_round__programme__expense_rules").get(
        pk=membership.pk
    )
    require(actor, "panels.claim_expenses", membership)
    rules = ExpenseRules.of(membership.panel.funding_round.programme)
    _check_against_rules(
        rules=rules,
        membership=membership,
        kind=kind,
        occasion=occasion,
        session=session,
        spent_on=spent_on,
        miles=miles,
        amount=amount,
        receipt=receipt,
    )
    receipt_kind = _check_receipt(receipt) if receipt else ""
    is_mileage = kind == ExpenseClaim.Kind.MILEAGE
    claim = ExpenseClaim(
        membership=membership,
        kind=kind,
        occasion=occasion,
        session=session if occasion == ExpenseClaim.Occasion.SESSION else None,
        spent_on=spent_on,
        description=description.strip(),
        miles=miles if is_mileage else None,
        amount=mileage_amount(miles, rules) if is_mileage else amount,
    )
    if receipt:
        _store_receipt(claim, receipt, receipt_kind)
    _save_with_receipt(claim, stored=bool(receipt))
    record_event(actor=actor, verb=Verb.EXPENSE_CLAIMED, target=claim, data={"amount": str(claim.amount)})
    return claim


def _locked(claim: ExpenseClaim) -> ExpenseClaim:
    return (
        ExpenseClaim.objects.select_for_update(of=("self",))
        .select_related("membership__user", "membership__panel__funding_round")
        .get(pk=claim.pk)
    )


def _move(claim: ExpenseClaim, status: str) -> None:
    if not claim.can_move_to(status):
        raise PanelError(
            f"This claim is “{claim.get_status_display()}”, so it cannot be "
            f"{ExpenseClaim.Status(status).label.lower()} now. Someone may have changed it a moment ago."
        )
    claim.status = status


@transaction.atomic
def answer_query(*, actor: User, claim: ExpenseClaim, reply: str, receipt=None) -> ExpenseClaim:
    """The member answers staff's question, with a new receipt if asked for one, and the claim
    goes back to staff (`panels.answer_expense_query`)."""
    claim = _locked(claim)
    require(actor, "panels.answer_expense_query", claim)
    if not reply.strip():
        raise ValidationError({"reply": "Write your answer to staff's question"})
    receipt_kind = _check_receipt(receipt) if receipt else ""
    _move(claim, ExpenseClaim.Status.SUBMITTED)
    claim.member_reply = reply.strip()
    old_receipt = claim.receipt.name
    if receipt:
        _store_receipt(claim, receipt, receipt_kind)
    _save_with_receipt(claim, stored=bool(receipt))
    if receipt and old_receipt:
        transaction.on_commit(lambda: delete_quietly(claim.receipt.storage, old_receipt))
    record_event(actor=actor, verb=Verb.EXPENSE_QUERY_ANSWERED, target=claim)
    return claim


@transaction.atomic
def approve_claim(*, actor: User, claim: ExpenseClaim) -> ExpenseClaim:
    """Staff approve a claim waiting for them (`panels.review_expenses`)."""
    claim = _locked(claim)
    require(actor, "panels.review_expenses", claim)
    _move(claim, ExpenseClaim.Status.APPROVED)
    claim.reviewed_by, claim.approved_at = actor, timezone.now()
    save_valid(claim)
    record_event(actor=actor, verb=Verb.EXPENSE_APPROVED, target=claim, data={"amount": str(claim.amount)})
    return claim


@transaction.atomic
def query_claim(*, actor: User, claim: ExpenseClaim, reason: str) -> ExpenseClaim:
    """Staff ask the member about a claim, with a reason the member sees; the member is emailed
    through the outbox, so a mail outage never undoes the query."""
    from commissioning.emails import send_templated_email

    claim = _locked(claim)
    require(actor, "panels.review_expenses", claim)
    if not reason.strip():
        raise ValidationError({"reason": "Write what you need to know, so the member can answer"})
    _move(claim, ExpenseClaim.Status.QUERIED)
    claim.query_reason, claim.reviewed_by = reason.strip(), actor
    save_valid(claim)
    record_event(actor=actor, verb=Verb.EXPENSE_QUERIED, target=claim, data={"reason": claim.query_reason})
    send_templated_email("panels/emails/expense_queried", to=[claim.membership.user.email], context={"claim": claim})
    return claim


@transaction.atomic
def mark_claim_paid(*, actor: User, claim: ExpenseClaim) -> ExpenseClaim:
    """Staff record that an approved claim was paid."""
    claim = _locked(claim)
    require(actor, "panels.review_expenses", claim)
    _move(claim, ExpenseClaim.Status.PAID)
    claim.paid_at = timezone.now()
    save_valid(claim)
    record_event(actor=actor, verb=Verb.EXPENSE_PAID, target=claim, data={"amount": str(claim.amount)})
    return claim


# Honoraria ------------------------------------------------------------------------------------


def _seat_for_honorarium(membership: PanelMembership) -> PanelMembership:
    return (
        PanelMembership.objects.select_for_update(of=("self",))
        .select_related("panel__funding_round__programme__expense_rules", "user")
        .get(pk=membership.pk)
    )


@transaction.atomic
def choose_honorarium(*, actor: User, membership: PanelMembership, decline: bool) -> None:
    """The member declines the honorarium for their seat (for example because of their benefits),
    or takes it up again, until it is paid. Private: the member and staff see it, nobody else."""
    membership = _seat_for_honorarium(membership)
    require(actor, "panels.choose_honorarium", membership)
    existing = Honorarium.objects.filter(membership=membership).first()
    if decline and existing is None:
        save_valid(Honorarium(membership=membership, status=Honorarium.Status.DECLINED, recorded_by=actor))
        record_event(actor=actor, verb=Verb.HONORARIUM_DECLINED, target=membership)
    elif not decline and existing is not None and existing.is_declined:
        existing.delete()
        record_event(actor=actor, verb=Verb.HONORARIUM_TAKEN_UP, target=membership)


@transaction.atomic
def pay_honorarium(*, actor: User, membership: PanelMembership) -> Honorarium:
    """Staff record that a member's honorarium was paid, at the programme's amount."""
    membership = _seat_for_honorarium(membership)
    require(actor, "panels.review_expenses", membership)
    rules = ExpenseRules.of(membership.panel.funding_round.programme)
    if not rules.offers_honorarium:
        raise PanelError("This programme does not offer an honorarium.")
    existing = Honorarium.objects.filter(membership=membership).first()
    if existing is not None:
        raise PanelError(
            "This member declined the honorarium, so it is not paid."
            if existing.is_declined
            else "This honorarium has already been paid."
        )
    honorarium = Honorarium(
        membership=membership, status=Honorarium.Status.PAID, amount=rules.honorarium_amount, recorded_by=actor
    )
    save_valid(honorarium)
    record_event(actor=actor, verb=Verb.HONORARIUM_PAID, target=membership, data={"amount": str(honorarium.amount)})
    return honorarium


# The programme's rules --------------------------------------------------------------------------


@transaction.atomic
def save_expense_rules(*, actor: User, rules: ExpenseRules) -> ExpenseRules:
    """Staff set what the programme pays back (`panels.review_expenses`)."""
    require(actor, "panels.review_expenses", rules.programme)
    if not rules.offers_honorarium:
        rules.honorarium_amount = None
    rules.updated_at = timezone.now()
    save_valid(rules)
    record_event(
        actor=actor,
        verb=Verb.EXPENSE_RULES_CHANGED,
        target=rules.programme,
        data={
            "allows_taxis": rules.allows_taxis,
            "mileage_pence_per_mile": rules.mileage_pence_per_mile,
            "needs_receipts": rules.needs_receipts,
            "honorarium": str(rules.honorarium_amount) if rules.offers_honorarium else None,
        },
    )
    return rules


# What staff and finance read ----------------------------------------------------------------------


def claims_of_programme(programme: Programme, status: str = ""):
    """A programme's claims for the staff queue and the CSV, oldest waiting first, in one query."""
    claims = ExpenseClaim.objects.of_programme(programme).select_related(
        "membership__user", "membership__panel__funding_round", "session"
    )
    if status:
        claims = claims.filter(status=status)
    return claims.order_by("submitted_at", "pk")


CSV_COLUMNS = [
    "Claim",
    "Member",
    "Email",
    "Panel",
    "Funding round",
    "What",
    "For",
    "Date of the cost",
    "Description",
    "Miles",
    "Amount (GBP)",
    "Status",
    "Approved on",
    "Paid on",
]


def _day(moment) -> str:
    return timezone.localdate(moment).isoformat() if moment else ""


def honoraria_paid(programme: Programme):
    """A programme's paid honoraria for the CSV, in one query. Declined ones are left out: they
    are nothing to pay, and private."""
    return (
        Honorarium.objects.filter(membership__panel__funding_round__programme=programme, status=Honorarium.Status.PAID)
        .select_related("membership__user", "membership__panel__funding_round")
        .order_by("recorded_at", "pk")
    )


def expenses_csv(claims, honoraria=()) -> str:
    """The claims (then any paid honoraria) for finance, one a row; text a spreadsheet would run
    as a formula is neutralised (`open_data.spreadsheet_safe`), since members type the descriptions."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for honorarium in honoraria:
        membership = honorarium.membership
        paid_on = _day(honorarium.recorded_at)
        row = [
            f"H{honorarium.pk}",
            membership.user.full_name,
            membership.user.email,
            membership.panel.name,
            membership.panel.funding_round.title,
            "Honorarium",
            "Taking part in the panel",
            paid_on,
            "",
            "",
            str(honorarium.amount),
            honorarium.get_status_display(),
            "",
            paid_on,
        ]
        writer.writerow([spreadsheet_safe(value) for value in row])
    for claim in claims:
        membership = claim.membership
        row = [
            claim.pk,
            membership.user.full_name,
            membership.user.email,
            membership.panel.name,
            membership.panel.funding_round.title,
            claim.get_kind_display(),
            claim.session.title if claim.session else claim.get_occasion_display(),
            claim.spent_on.isoformat(),
            claim.description,
            "" if claim.miles is None else str(claim.miles),
            str(claim.amount),
            claim.get_status_display(),
            _day(claim.approved_at),
            _day(claim.paid_at),
        ]
        writer.writerow([spreadsheet_safe(value) for value in row])
    return out.getvalue()


def support_totals(funding_round: FundingRound) -> dict:
    """For the decision report: totals only, naming nobody — the claims paid and their total, and
    how many honoraria were paid and declined. Two queries."""
    paid = ExpenseClaim.objects.paid().filter(membership__panel__funding_round=funding_round)
    claims = paid.aggregate(count=Count("pk"), total=Sum("amount"))
    honoraria = Honorarium.objects.filter(membership__panel__funding_round=funding_round).aggregate(
        paid=Count("pk", filter=Q(status=Honorarium.Status.PAID)),
        declined=Count("pk", filter=Q(status=Honorarium.Status.DECLINED)),
        paid_total=Sum("amount", filter=Q(status=Honorarium.Status.PAID)),
    )
    return {
        "claims_paid": claims["count"],
        "claims_total": claims["total"] or Decimal("0"),
        "honoraria_paid": honoraria["paid"],
        "honoraria_total": honoraria["paid_total"] or Decimal("0"),
        "honoraria_declined": honoraria["declined"],
    }
