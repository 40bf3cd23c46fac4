"""Members voting on the shortlist at the same moment, on different servers, leave the outcome
where the same votes cast one after the other would: counting takes the application's row lock,
so each count sees every vote committed before it. Real concurrency needs a real server, so this
runs on PostgreSQL (CI runs the whole suite there too); SQLite lets one writer in at a time."""

import threading

import pytest
from django.db import connection, connections

from panels import services
from panels.models import Panel, ShortlistOutcome
from tests.commissioning.factories import UserFactory
from tests.panels.factories import assign, eligible_application, seat
from tests.panels.views.conftest import declare

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"),
]

ROUNDS = 6


def test_four_members_voting_at_once_leave_the_count_they_cast(funding_round, facilitator):
    # Four members, quorum four: two include and two exclude is a tie, whatever the order.
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A", quorum=4)
    members = [UserFactory() for _ in range(4)]
    for member in members:
        seat(member, panel)
    applications = []
    for _ in range(ROUNDS):
        application = eligible_application(funding_round)
        assign(panel, application, facilitator)
        for member in members:
            declare(member, application)
        applications.append(application)

    def vote(start, member, application, include):
        try:
            start.wait()
            services.shortlist.cast_shortlist_vote(actor=member, application=application, include=include)
        finally:
            connections.close_all()

    for application in applications:
        start = threading.Barrier(len(members))
        threads = [
            threading.Thread(target=vote, args=(start, member, application, n % 2 == 0))
            for n, member in enumerate(members)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    counted = [
        (outcome.include_votes, outcome.exclude_votes, outcome.outcome)
        for outcome in ShortlistOutcome.objects.filter(application__in=applications)
    ]
    assert counted == [(2, 2, ShortlistOutcome.Outcome.TIE)] * ROUNDS
