"""The demo shows paper at work: two of Panel C's volunteers chose paper; staff took down their
signed sheets; panel7's is confirmed and counts, panel8's waits for confirmation and does not."""

from io import StringIO

import pytest
from django.core.management import call_command

from commissioning.models import AuditEvent, OutgoingEmail
from panels import results
from panels.audit import Verb
from panels.models import Adjustment, Assessment, TakeDown

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_confirmed_sheet_and_one_waiting(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent

    confirmed, waiting = (TakeDown.objects.get(membership__user__email=f"panel{n}@demo.example") for n in (7, 8))
    for take_down in (confirmed, waiting):
        assert take_down.membership.panel.name == "Panel C"
        assert take_down.taken_down_by.email == "staff@demo.example"
        assert take_down.membership.adjustments.filter(kind=Adjustment.Kind.PAPER_PACK).exists()
    assert confirmed.confirmed_how == TakeDown.Confirmation.EMAILED_LINK and not waiting.is_confirmed
    counted = set(Assessment.objects.counted().filter(take_down__isnull=False).values_list("take_down", flat=True))
    assert counted == {confirmed.pk}
    notes = results.taken_down_notes(scores_at="shortlisting", application=confirmed.application)
    assert len(notes[confirmed.application_id]) == 1
    assert AuditEvent.objects.filter(verb=Verb.TAKEN_DOWN).count() == 2
    assert AuditEvent.objects.filter(verb=Verb.TAKE_DOWN_CONFIRMED).count() == 1
    assert OutgoingEmail.objects.filter(to=["panel8@demo.example"], kind="panels/emails/take_down_confirm").exists()
