"""Anyone, with the keyboard alone, downloads a decided round's awarded grants (360Giving) from
the round's public page. The page passes axe's WCAG 2.2 AA checks."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.applications.factories import OrganisationFactory
from tests.keyboard import press
from tests.panels.decided import decide, decided_round

pytestmark = pytest.mark.django_db(transaction=True)


def test_anyone_downloads_a_decided_rounds_grants_from_its_page_with_the_keyboard(page, live_server):
    funding_round = decided_round()
    application = decide(funding_round, OrganisationFactory(name="Armley Helping Hands"), amount=Decimal("85000"))

    page.goto(live_server.url + funding_round.get_absolute_url())
    expect(page.get_by_role("heading", name="The grants awarded")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        press(page, page.get_by_role("link", name="Download the grants as a spreadsheet (CSV)"))
    download = download_info.value
    assert download.suggested_filename == f"{funding_round.slug}-grants.csv"
    spreadsheet = Path(download.path()).read_text()
    assert f"360G-tts-{application.reference}" in spreadsheet
    assert "Armley Helping Hands" in spreadsheet
