"""The expenses rules as a table (persona, action, state → allowed?) run against `can()`. Staff
and the administrator are seated on the panel, so only the rules for staff refuse them."""

from decimal import Decimal

import pytest

from commissioning.permissions import can
from panels.models import ExpenseClaim, PanelMembership
from panels.services import expenses
from tests.panels.expenses.world import claim, rules_for
from tests.panels.factories import seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(member, colleague, facilitator, administrator, panel, outsider):
    for person in (facilitator, administrator):
        seat(person, panel)
    return {
        "member": member,
        "colleague": colleague,
        "facilitator": facilitator,
        "administrator": administrator,
        "outsider": outsider,
    }


@pytest.fixture
def members_claim(people, panel):
    return claim(people["member"], panel)


TABLE = [
    # (persona, action, on, expected)
    ("member", "panels.claim_expenses", "own seat", True),
    ("colleague", "panels.claim_expenses", "member's seat", False),
    ("facilitator", "panels.claim_expenses", "own seat", False),
    ("administrator", "panels.claim_expenses", "own seat", False),
    ("member", "panels.view_expense_claim", "claim", True),
    ("colleague", "panels.view_expense_claim", "claim", False),
    ("outsider", "panels.view_expense_claim", "claim", False),
    ("facilitator", "panels.view_expense_claim", "claim", True),
    ("administrator", "panels.view_expense_claim", "claim", True),
    ("member", "panels.review_expenses", "claim", False),
    ("colleague", "panels.review_expenses", "claim", False),
    ("facilitator", "panels.review_expenses", "claim", True),
    ("administrator", "panels.review_expenses", "claim", True),
    ("member", "panels.answer_expense_query", "queried claim", True),
    ("member", "panels.answer_expense_query", "claim", False),
    ("colleague", "panels.answer_expense_query", "queried claim", False),
    ("facilitator", "panels.answer_expense_query", "queried claim", False),
    ("member", "panels.choose_honorarium", "own seat", True),
    ("colleague", "panels.choose_honorarium", "member's seat", False),
    ("facilitator", "panels.choose_honorarium", "own seat", False),
]


@pytest.mark.parametrize(("persona", "action", "on", "expected"), TABLE)
def test_the_expenses_rules(people, panel, members_claim, facilitator, persona, action, on, expected):
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))
    user = people[persona]
    if on == "queried claim":
        expenses.query_claim(actor=facilitator, claim=members_claim, reason="Which session?")
        members_claim = ExpenseClaim.objects.get(pk=members_claim.pk)
    target = {
        "own seat": lambda: PanelMembership.objects.get(panel=panel, user=user),
        "member's seat": lambda: PanelMembership.objects.get(panel=panel, user=people["member"]),
        "claim": lambda: members_claim,
        "queried claim": lambda: members_claim,
    }[on]()

    decision = can(user, action, target)

    assert decision.allowed is expected, decision.reason
    if not expected:
        assert decision.reason  # a refusal always says why, in words a person can read


def test_a_member_sees_only_their_own_claims_in_a_list(people, panel, members_claim):
    from commissioning.permissions import visible

    theirs = claim(people["colleague"], panel)

    assert list(visible(people["member"], "panels.view_expense_claim", ExpenseClaim.objects.all())) == [members_claim]
    assert set(visible(people["facilitator"], "panels.view_expense_claim", ExpenseClaim.objects.all())) == {
        members_claim,
        theirs,
    }
