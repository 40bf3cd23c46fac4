"""Volunteers' expenses in the demo: Time to Shine repays travel (taxis included) at 45p a mile
for cars, asks for receipts, and offers each member a £100 honorarium. Panel B's members have
claimed for their first together session: a bus fare paid, a taxi approved, mileage queried
(staff's question waiting for an answer) and a carer's costs waiting for staff. One member was
paid the honorarium; another declined it, privately, because of her benefits.

Everything goes through the services, so the activity log reads as it would; the query's email
waits in the outbox like any other."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from commissioning.models import FundingRound, User
from panels.models import ExpenseClaim, ExpenseRules, PanelMembership
from panels.services import expenses

KIND, OCCASION = ExpenseClaim.Kind, ExpenseClaim.Occasion


def _receipt(title: str) -> SimpleUploadedFile:
    """A one-line PDF standing in for a photo of a ticket."""
    body = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"% " + title.encode() + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    return SimpleUploadedFile(f"{title}.pdf", body, content_type="application/pdf")


@transaction.atomic
def build_expenses(write) -> None:
    funding_round = FundingRound.objects.filter(slug="new-projects-2018").select_related("programme").first()
    if funding_round is None or ExpenseRules.objects.filter(programme=funding_round.programme).exists():
        return
    staff = User.objects.get(email="staff@demo.example")
    rules = ExpenseRules(
        programme=funding_round.programme,
        allows_taxis=True,
        mileage_pence_per_mile=45,
        needs_receipts=True,
        offers_honorarium=True,
        honorarium_amount=Decimal("100"),
    )
    expenses.save_expense_rules(actor=staff, rules=rules)
    seats = {
        seat.user.email: seat
        for seat in PanelMembership.objects.filter(panel__funding_round=funding_round, panel__name="Panel B")
        .select_related("user", "panel")
        .order_by("pk")
    }
    if len(seats) < 4:
        return
    session = seats["panel10@demo.example"].panel.sessions.order_by("starts_at").first()
    day = timezone.localdate(session.starts_at) if session else timezone.localdate() - timedelta(days=6)

    def claim(email, kind, **fields):
        return expenses.claim_expense(
            actor=seats[email].user,
            membership=seats[email],
            kind=kind,
            occasion=OCCASION.SESSION if session else OCCASION.PANEL,
            session=session,
            spent_on=day,
            **fields,
        )

    bus = claim("panel10@demo.example", KIND.BUS, amount=Decimal("4.60"), receipt=_receipt("First Leeds day ticket"))
    expenses.mark_claim_paid(actor=staff, claim=expenses.approve_claim(actor=staff, claim=bus))
    taxi = claim(
        "panel11@demo.example",
        KIND.TAXI,
        amount=Decimal("14.50"),
        description="Taxi home: no bus after the session",
        receipt=_receipt("Amber Cars receipt"),
    )
    expenses.approve_claim(actor=staff, claim=taxi)
    mileage = claim("panel12@demo.example", KIND.MILEAGE, miles=Decimal("18.4"), description="Otley to the Civic Hall")
    expenses.query_claim(
        actor=staff,
        claim=mileage,
        reason="Thank you. The map says about 16 miles there and back from Otley: did you go another way? "
        "Tell us and we will pay the 18.4 miles.",
    )
    claim(
        "panel13@demo.example",
        KIND.CARER,
        amount=Decimal("25.00"),
        description="My husband's sitter for the afternoon",
        receipt=_receipt("Sitter's invoice"),
    )
    expenses.pay_honorarium(actor=staff, membership=seats["panel10@demo.example"])
    declining = seats["panel12@demo.example"]
    expenses.choose_honorarium(actor=declining.user, membership=declining, decline=True)
    write("Expenses: Panel B's claims (paid, approved, queried, waiting) and honoraria (one paid, one declined).")
