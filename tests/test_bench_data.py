"""`make bench` is not part of the suite, but the ten-times data it builds is: it leans on the
demo's helpers, so a change to them must not quietly break the benchmark. Built once on the
demo, it has the sizes the README's table is read against, and is not built twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from applications.models import Application
from commissioning.models import FundingRound
from panels.models import Assessment, Panel, PanelMembership, Score

pytestmark = pytest.mark.django_db


def test_the_ten_times_data_builds_on_the_demo_with_its_sizes():
    from bench.make_data import build

    call_command("seed_demo", stdout=StringIO())
    assert build(write=lambda *args: None) is True

    panel = Panel.objects.get(name="Panel X")
    assert panel.funding_round.status == FundingRound.Status.SHORTLISTING
    assert Application.objects.filter(panel_assignment__panel=panel).count() == 140
    assert PanelMembership.objects.filter(panel=panel, status=PanelMembership.Status.ACCEPTED).count() == 50
    # A fixed seed: the same data every run (README: about 21,000 submitted scores).
    assert Assessment.objects.filter(membership__panel=panel).count() == 5596
    assert Score.objects.filter(assessment__membership__panel=panel, assessment__status="submitted").count() == 20980
    assert build(write=lambda *args: None) is False  # there already
