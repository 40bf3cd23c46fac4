"""Expenses set-up shared by the tests: a programme's rules, a together session, and claims in
each state, written through the services as a member and staff would leave them."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from panels.models import ExpenseClaim, ExpenseRules, Panel, PanelMembership
from panels.services import expenses
from tests.applications.sample_files import jpeg, upload


def rules_for(panel: Panel, **fields) -> ExpenseRules:
    rules, _ = ExpenseRules.objects.update_or_create(programme=panel.funding_round.programme, defaults=fields)
    return rules


def receipt(name: str = "Bus ticket.jpg"):
    return upload(name, jpeg(), content_type="image/jpeg")


def yesterday():
    return timezone.localdate() - timedelta(days=1)


def claim(member, panel: Panel, **fields) -> ExpenseClaim:
    """A bus fare of £4.60 with its receipt, for the panel's general work, unless told otherwise."""
    membership = PanelMembership.objects.get(panel=panel, user=member)
    values = {
        "kind": ExpenseClaim.Kind.BUS,
        "occasion": ExpenseClaim.Occasion.PANEL,
        "spent_on": yesterday(),
        "amount": Decimal("4.60"),
        "receipt": receipt(),
        **fields,
    }
    return expenses.claim_expense(actor=member, membership=membership, **values)
