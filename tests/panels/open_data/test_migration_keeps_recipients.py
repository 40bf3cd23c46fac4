"""panels 0010 fills the kept recipient and project on decisions made before decisions kept them."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from applications.models import Organisation
from panels.models import FundingDecision
from tests.applications.factories import OrganisationFactory
from tests.panels.decided import decide, decided_round

BEFORE = [("panels", "0009_panel_pack_builds")]
AFTER = [("panels", "0010_decision_keeps_recipient")]


@pytest.mark.django_db(transaction=True)
def test_existing_decisions_are_filled_from_their_organisation_and_application():
    funding_round = decided_round()
    funded = decide(
        funding_round,
        OrganisationFactory(name="Armley Helping Hands", charity_number="", company_number="01234567", town="Armley"),
        amount=Decimal("85000"),
        title="Tea, talk and a lift there",
    )
    declined = decide(funding_round, OrganisationFactory(name="Declined Dance Club"), outcome="decline", amount=None)
    # The organisation as it stands when the migration runs is what old decisions get.
    Organisation.objects.filter(pk=funded.organisation_id).update(name="Armley Helping Hands CIC")

    MigrationExecutor(connection).migrate(BEFORE)
    MigrationExecutor(connection).migrate(AFTER)

    kept = FundingDecision.objects.get(application=funded)
    assert (kept.recipient_name, kept.recipient_company_number, kept.recipient_town, kept.project_title) == (
        "Armley Helping Hands CIC",
        "01234567",
        "Armley",
        "Tea, talk and a lift there",
    )
    assert kept.grant_description == (
        "Armley Helping Hands CIC was given this grant for “Tea, talk and a lift there” by "
        f"{funding_round.programme.name} ({funding_round.title}). A panel of older volunteers decided it."
    )
    funded.organisation.refresh_from_db()
    assert kept.grant_description == FundingDecision.as_decided(funded, outcome="fund")["grant_description"]
    assert kept.recipient_org_identifier("360G-tts") == "GB-COH-01234567"
    kept_declined = FundingDecision.objects.get(application=declined)
    assert (kept_declined.recipient_name, kept_declined.grant_description) == ("Declined Dance Club", "")
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
