"""Two staff pressing the same button at the same moment pay a claim, or an honorarium, once:
the row is locked while its state changes. Real concurrency needs a real server, so this runs on
PostgreSQL (CI runs the whole suite there too); SQLite lets one writer in at a time by itself."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from commissioning.models import AuditEvent
from panels.audit import Verb
from panels.exceptions import PanelError
from panels.models import ExpenseClaim, Honorarium, PanelMembership
from panels.services import expenses
from tests.commissioning.factories import UserFactory
from tests.panels.expenses.world import claim, rules_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"),
]


def at_once(call, people) -> list[str]:
    start = threading.Barrier(len(people))
    outcomes: list[str] = []

    def act(person):
        try:
            start.wait()
            call(person)
            outcomes.append("done")
        except PanelError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def staff_people(count):
    return [UserFactory(facilitator=True) for _ in range(count)]


def test_a_claim_is_paid_once_when_four_staff_press_paid_at_the_same_moment(member, panel, facilitator):
    made = expenses.approve_claim(actor=facilitator, claim=claim(member, panel))

    outcomes = at_once(lambda person: expenses.mark_claim_paid(actor=person, claim=made), staff_people(4))

    assert outcomes == ["done", "refused", "refused", "refused"]
    assert ExpenseClaim.objects.get(pk=made.pk).status == ExpenseClaim.Status.PAID
    assert AuditEvent.objects.filter(verb=Verb.EXPENSE_PAID).count() == 1


def test_an_honorarium_is_paid_once_when_four_staff_press_paid_at_the_same_moment(member, panel):
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))
    membership = PanelMembership.objects.get(panel=panel, user=member)

    outcomes = at_once(lambda person: expenses.pay_honorarium(actor=person, membership=membership), staff_people(4))

    assert outcomes == ["done", "refused", "refused", "refused"]
    assert Honorarium.objects.filter(membership=membership).count() == 1
