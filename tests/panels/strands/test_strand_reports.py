"""Strands in what a round publishes: the decision report has a section per strand (its money,
target, decisions, and money moved with the panel's reasons), the 360Giving export gives each
grant its programme with its strand, and a feedback letter names the strand. Read back as a
reader would: the PDFs by pdftotext, the open data as parsed CSV and JSON."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Application
from commissioning.models import FundingRound
from panels.models import DecisionReport, Panel, StrandTransfer
from panels.services.letters import letter_applications, print_feedback_letter
from panels.services.reports import request_report
from tests.applications.factories import OrganisationFactory
from tests.commissioning.factories import add_strand
from tests.panels.decided import decide, decided_round
from tests.pdfs import pdf_info, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def funding_round(db):
    funding_round = decided_round(budget=Decimal("1700000"))
    connecting = add_strand(funding_round, "Connecting people", "700000", expected_projects=6)
    isolated = add_strand(funding_round, "Reaching isolated men", "500000", expected_projects=3)
    tea = decide(funding_round, OrganisationFactory(name="Armley Tea Club"), amount=Decimal("85000"))
    sheds = decide(
        funding_round, OrganisationFactory(name="Seacroft Sheds"), amount=Decimal("60000"), title="Men in sheds"
    )
    walkers = decide(funding_round, OrganisationFactory(name="Bramley Walkers"), outcome="decline")
    Application.objects.filter(pk__in=[tea.pk, walkers.pk]).update(strand=connecting)
    Application.objects.filter(pk=sheds.pk).update(strand=isolated)
    panel = Panel.objects.get(funding_round=funding_round, name="Panel A")
    StrandTransfer.objects.create(
        funding_round=funding_round,
        panel=panel,
        from_strand=None,
        to_strand=isolated,
        amount=Decimal("50000"),
        rationale="More strong bids from men's groups than we expected.",
        recorded_by=panel.memberships.first().user,
    )
    return funding_round


def test_the_decision_report_has_a_section_per_strand(funding_round, facilitator):
    report = request_report(actor=facilitator, funding_round=funding_round)
    report.refresh_from_db()
    assert report.status == DecisionReport.Status.READY, report.error
    pdf = report.file.read()
    text = " ".join(pdf_text(pdf).split())
    assert pdf_info(pdf)["Tagged"] == "yes"
    assert "The strands" in text
    assert "shared between 2 strands" in text
    assert "£450,000 was left in reserve" in text  # £500,000 less the £50,000 moved
    assert "Connecting people: its money and its projects" in text
    assert "£85,000 to 1 project, against a target of 6" in text
    assert "Reaching isolated men: its money and its projects" in text
    assert "Its money £550,000" in text  # £500,000 agreed, £50,000 moved in from the reserve
    assert "£60,000 to 1 project, against a target of 3" in text
    assert "Bramley Walkers" in text and "Decline" in text
    assert "decided to move £50,000 from the reserve to “Reaching isolated men”" in text
    assert "More strong bids from men's groups than we expected." in text or "men’s groups" in text


def test_a_report_for_a_round_without_strands_has_no_strand_section(facilitator):
    funding_round = decided_round()
    decide(funding_round, OrganisationFactory(name="Armley Tea Club"))
    report = request_report(actor=facilitator, funding_round=funding_round)
    report.refresh_from_db()
    text = pdf_text(report.file.read())
    assert "Armley Tea Club" in text  # the report is there: the control
    assert "strand" not in text.lower()


def test_each_grant_in_the_360giving_export_names_its_strand_as_its_programme(client, funding_round):
    connecting, men = funding_round.strands.order_by("pk")
    grants = json.loads(client.get(reverse("panels:grants_json", args=[funding_round.slug])).content)["grants"]
    programmes = {grant["recipientOrganization"][0]["name"]: grant["grantProgramme"] for grant in grants}
    assert programmes == {
        "Armley Tea Club": [
            {
                "code": f"{funding_round.slug}-strand-{connecting.pk}",
                "title": f"{funding_round.title}: Connecting people",
            }
        ],
        "Seacroft Sheds": [
            {"code": f"{funding_round.slug}-strand-{men.pk}", "title": f"{funding_round.title}: Reaching isolated men"}
        ],
    }
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("panels:grants_csv", args=[funding_round.slug])).content.decode())
        )
    )
    assert {row["Recipient Org:Name"]: row["Grant Programme:Title"] for row in rows} == {
        "Armley Tea Club": f"{funding_round.title}: Connecting people",
        "Seacroft Sheds": f"{funding_round.title}: Reaching isolated men",
    }


def test_a_round_without_strands_keeps_the_round_as_the_programme(client):
    funding_round = decided_round()
    decide(funding_round, OrganisationFactory(name="Armley Tea Club"))
    grants = json.loads(client.get(reverse("panels:grants_json", args=[funding_round.slug])).content)["grants"]
    assert grants[0]["grantProgramme"] == [{"code": funding_round.slug, "title": funding_round.title}]


def test_the_feedback_letter_names_the_strand(funding_round):
    application = letter_applications().get(organisation__name="Seacroft Sheds")
    _, pdf = print_feedback_letter(application=application)
    text = " ".join(pdf_text(pdf).split())
    assert "Strand Reaching isolated men" in text
    assert "Men in sheds" in text


def test_the_open_data_costs_the_same_queries_with_strands(client, funding_round):
    from tests.helpers import assert_page_queries

    strand = funding_round.strands.first()

    def more():
        for number in range(3):
            added = decide(funding_round, OrganisationFactory(name=f"Group {number}"), amount=Decimal("5000"))
            Application.objects.filter(pk=added.pk).update(strand=strand)

    assert_page_queries(client, reverse("panels:grants_json", args=[funding_round.slug]), at_most=2, add_data=more)
    assert FundingRound.objects.filter(pk=funding_round.pk).exists()
