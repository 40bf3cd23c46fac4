"""Two members recording the panel's decision at the same moment, on two servers, are taken one
after the other: the later one sees the earlier decision and the activity log keeps its reasons
and outcome. Real concurrency needs a real server, so this runs on PostgreSQL (CI runs the whole
suite there too); SQLite lets one writer in at a time by itself."""

import threading

import pytest
from django.db import connection, connections

from commissioning.models import AuditEvent
from panels import services
from panels.audit import Verb
from panels.models import FundingDecision

from .conftest import everyone_votes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"),
]


def test_a_decision_recorded_twice_at_once_keeps_the_earlier_reasons_in_the_log(members, application):
    everyone_votes(members, application, "fund", "50000")
    reasons = {members[0]: "Strong and local.", members[1]: "A clear need, well costed."}
    start = threading.Barrier(len(reasons))

    def record(member):
        try:
            start.wait()
            services.decisions.record_funding_decision(actor=member, application=application, rationale=reasons[member])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(member,)) for member in reasons]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    first, second = (event.data for event in AuditEvent.objects.filter(verb=Verb.DECISION_RECORDED).order_by("pk"))
    assert (first["previous_rationale"], first["previous_outcome"]) == (None, None)
    assert (second["previous_rationale"], second["previous_outcome"]) == (first["rationale"], "fund")
    assert sorted([first["rationale"], second["rationale"]]) == sorted(reasons.values())
    assert FundingDecision.objects.get(application=application).rationale == second["rationale"]
