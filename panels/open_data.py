"""A round's awarded grants as 360Giving open data (CSV and JSON), for anyone to download once
the decisions have gone to the applicants. Declined applications are never published.

The 360Giving Data Standard's required fields are all here: Identifier (the programme's
360Giving prefix, a hyphen and our application reference), Title, Description, Currency,
Amount Awarded, Award Date, Recipient Org:Identifier and Name, Funding Org:Identifier and
Name; and the recipient's charity and company numbers where we know them.

Everything about the recipient and the project comes from what the decision kept when it was
made (`FundingDecision.as_decided`): a grant, once published, says the same thing however the
organisation renames itself or edits its details afterwards.

The 360Giving Data Quality Checker's tests that apply here are met too: every grant says where
its beneficiaries are (the recipient's town, in the United Kingdom), its grant programme, when
it last changed (`dateModified`, the decision's time) and where the data comes from
(`dataSource`, the round's public page); recipients with a charity or company number are
identified by it (GB-CHC-, GB-SC-, GB-NIC-, GB-COH-), never by a 360G- identifier of our own.
"""

import csv
import io
from decimal import Decimal

from django.utils import timezone

from commissioning.models import FundingRound
from panels.models import FundingDecision

CSV_COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "Beneficiary Location:Name",
    "Beneficiary Location:Country Code",
    "Last modified",
    "Data Source",
]


def _amount(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def awarded_grants(funding_round: FundingRound, *, data_source: str) -> list[dict]:
    """The round's funded decisions as 360Giving grants (the JSON shape), ordered by reference.
    `data_source` is the full address of the round's public page. `funding_round.programme`
    should be loaded already: the grants cost one query however many."""
    programme = funding_round.programme
    decisions = (
        FundingDecision.objects.filter(application__funding_round=funding_round)
        .exclude(outcome=FundingDecision.Outcome.DECLINE)
        .select_related("application__strand__proposal")
        .order_by("application__reference", "pk")
    )
    grants = []
    for decision in decisions:
        org_id = decision.recipient_org_identifier(programme.grant_id_prefix)
        recipient = {"id": org_id, "name": decision.recipient_name}
        if decision.recipient_charity_number:
            recipient["charityNumber"] = decision.recipient_charity_number
        if decision.recipient_company_number:
            recipient["companyNumber"] = decision.recipient_company_number
        grant = {
            "id": f"{programme.grant_id_prefix}-{decision.application.reference}",
            "title": decision.project_title,
            "description": decision.grant_description,
            "currency": "GBP",
            "amountAwarded": _amount(decision.amount_awarded),
            "awardDate": timezone.localdate(decision.decided_at).isoformat(),
            "recipientOrganization": [recipient],
            "fundingOrganization": [{"id": programme.funder_org_id, "name": programme.funder_name}],
            "grantProgramme": [_programme(funding_round, decision.application)],
            "dateModified": timezone.localtime(decision.decided_at).isoformat(timespec="seconds"),
            "dataSource": data_source,
        }
        if decision.recipient_town:
            grant["beneficiaryLocation"] = [{"name": decision.recipient_town, "countryCode": "GB"}]
        grants.append(grant)
    return grants


def _programme(funding_round: FundingRound, application) -> dict:
    """The grant's programme: the round, and its strand in a round shared between strands."""
    if application.strand_id is None:
        return {"code": funding_round.slug, "title": funding_round.title}
    return {
        "code": f"{funding_round.slug}-strand-{application.strand_id}",
        "title": f"{funding_round.title}: {application.strand.title}",
    }


# A cell that begins with one of these is run as a formula by spreadsheet programs (OWASP's
# "CSV injection"): an organisation could name itself =HYPERLINK(...) and reach anyone who opens
# the file. A leading apostrophe makes the spreadsheet show the text as it was typed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """`value` for a CSV cell, with text that a spreadsheet would run as a formula neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def grants_csv(grants: list[dict]) -> str:
    """The grants as a 360Giving CSV, one grant a row, with the standard's column titles."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for grant in grants:
        recipient, funder = grant["recipientOrganization"][0], grant["fundingOrganization"][0]
        [location] = grant.get("beneficiaryLocation", [{}])
        row = [
            grant["id"],
            grant["title"],
            grant["description"],
            grant["currency"],
            grant["amountAwarded"],
            grant["awardDate"],
            recipient["id"],
            recipient["name"],
            recipient.get("charityNumber", ""),
            recipient.get("companyNumber", ""),
            funder["id"],
            funder["name"],
            grant["grantProgramme"][0]["code"],
            grant["grantProgramme"][0]["title"],
            location.get("name", ""),
            location.get("countryCode", ""),
            grant["dateModified"],
            grant["dataSource"],
        ]
        writer.writerow([spreadsheet_safe(value) for value in row])
    return out.getvalue()
