"""A round's awarded grants as 360Giving open data (CSV and JSON), for anyone to download once
the decisions have gone to the applicants. Declined applications are never published.

The 360Giving Data Standard's required fields are all here: Identifier (the programme's
360Giving prefix, a hyphen and our application reference), Title, Description, Currency,
Amount Awarded, Award Date, Recipient Org:Identifier and Name, Funding Org:Identifier and
Name; and the recipient's charity and company numbers where we know them.
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
    "Grant Programme:Title",
]


def _amount(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def awarded_grants(funding_round: FundingRound) -> list[dict]:
    """The round's funded decisions as 360Giving grants (the JSON shape), ordered by reference.
    `funding_round.programme` should be loaded already: the grants cost one query however many."""
    programme = funding_round.programme
    decisions = (
        FundingDecision.objects.filter(application__funding_round=funding_round)
        .exclude(outcome=FundingDecision.Outcome.DECLINE)
        .select_related("application__organisation", "application__strand__proposal")
        .order_by("application__reference", "pk")
    )
    grants = []
    for decision in decisions:
        application, organisation = decision.application, decision.application.organisation
        recipient = {"id": organisation.org_identifier(programme.grant_id_prefix), "name": organisation.name}
        if organisation.charity_number:
            recipient["charityNumber"] = organisation.charity_number
        if organisation.company_number:
            recipient["companyNumber"] = organisation.company_number
        grants.append(
            {
                "id": f"{programme.grant_id_prefix}-{application.reference}",
                "title": application.project_title,
                "description": (
                    f"{organisation.name} was given this grant for “{application.project_title}” by "
                    f"{programme.name} ({funding_round.title}). A panel of older volunteers decided it."
                ),
                "currency": "GBP",
                "amountAwarded": _amount(decision.amount_awarded),
                "awardDate": timezone.localdate(decision.decided_at).isoformat(),
                "recipientOrganization": [recipient],
                "fundingOrganization": [{"id": programme.funder_org_id, "name": programme.funder_name}],
                "grantProgramme": [{"title": _programme_title(funding_round, application)}],
            }
        )
    return grants


def _programme_title(funding_round: FundingRound, application) -> str:
    """The grant's programme: the round, and its strand in a round shared between strands."""
    if application.strand_id is None:
        return funding_round.title
    return f"{funding_round.title}: {application.strand.title}"


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
            grant["grantProgramme"][0]["title"],
        ]
        writer.writerow([spreadsheet_safe(value) for value in row])
    return out.getvalue()
