"""The demo shows a newcomer the expenses: claims paid, approved, queried and waiting, and a
volunteer who declined the honorarium; running the demo again adds nothing."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from panels.models import ExpenseClaim, ExpenseRules, Honorarium

pytestmark = pytest.mark.django_db


def test_the_demo_has_claims_in_every_state_and_a_declined_honorarium(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("seed_demo", stdout=out)

    rules = ExpenseRules.objects.get(programme__rounds__slug="new-projects-2018")
    assert rules.offers_honorarium and rules.allows_taxis and rules.mileage_pence_per_mile == 45
    states = dict(ExpenseClaim.objects.values_list("membership__user__email", "status"))
    assert states == {
        "panel10@demo.example": "paid",
        "panel11@demo.example": "approved",
        "panel12@demo.example": "queried",
        "panel13@demo.example": "submitted",
    }
    assert ExpenseClaim.objects.get(status="queried").amount == Decimal("8.28")  # 18.4 miles at 45p
    assert Honorarium.objects.get(membership__user__email="panel12@demo.example").is_declined
    assert Honorarium.objects.get(membership__user__email="panel10@demo.example").is_paid
    assert "Expenses: Panel B's claims" in out.getvalue()

    call_command("seed_demo", stdout=StringIO())
    assert ExpenseClaim.objects.count() == 4 and Honorarium.objects.count() == 2
