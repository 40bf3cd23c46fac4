"""How long the decision report takes to build as a round grows: 50, 100 and 200 applications,
each with 30 members on 3 panels of 10 (every member scores and votes on each of their panel's
applications). Not part of the suite (the name does not start with test_); run it by hand:

    .venv/bin/python -m pytest tests/panels/report/measure_report.py -p no:randomly -q -s

It prints the seconds for each size and the queries the build ran (the same for each size).
"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from panels.models import DecisionReport
from panels.services.reports import request_report
from tests.panels.report.world import decided_round
from tests.pdfs import pdf_info

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def _warm_up(django_db_setup, django_db_blocker):
    """Load WeasyPrint's fonts once, as a running worker has, so the first size is not charged for it."""
    from commissioning.pdf import render_pdf

    with django_db_blocker.unblock():
        render_pdf("panels/report/report.html", {"sections": [], "funding_round": None}, title="Warm-up")


@pytest.mark.parametrize("applications", [50, 100, 200])
def test_measure_the_report(applications, facilitator):
    decided = decided_round(applications=applications, members=30, panels=3, staff=facilitator)
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        report = request_report(actor=facilitator, funding_round=decided.funding_round)
    wall = time.monotonic() - started
    report.refresh_from_db()
    assert report.status == DecisionReport.Status.READY, report.error
    pages = pdf_info(report.file.read())["Pages"]
    print(
        f"\n{applications} applications x 30 members: {report.seconds_taken:.2f} s to build "
        f"({wall:.2f} s with the request), {pages} pages, {len(queries.captured_queries)} queries"
    )
