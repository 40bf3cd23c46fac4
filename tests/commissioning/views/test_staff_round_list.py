"""Staff's list of programmes and their funding rounds: stage, budget and key dates at a glance."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.models import FundingRound
from tests.commissioning.factories import FundingRoundFactory, ProgrammeFactory, add_timeline
from tests.helpers import assert_page_queries

ROUND_LIST = reverse("commissioning:round_list")


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_see_each_programme_with_its_rounds_money_stage_and_dates(persona_client):
    funding_round = FundingRoundFactory(title="New projects 2018", slug="new-projects-2018", budget=Decimal("1700000"))
    add_timeline(funding_round)
    FundingRoundFactory(programme=funding_round.programme, title="Small grants 2019", slug="small-grants-2019")

    response = persona_client.get(ROUND_LIST)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Time to Shine" in page
    assert "Funded by The National Lottery Community Fund." in page
    assert "New projects 2018" in page and "Small grants 2019" in page
    assert "Being set up" in page
    assert "£1,700,000" in page
    assert "Runs from 8 January 2018 to 2 September 2018." in page
    assert "Applications: 12 February 2018 to 11 March 2018." in page
    assert "No dates set yet." in page  # the second round has no timeline


def test_the_list_links_to_every_place_staff_go_next(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    programme = funding_round.programme

    page = client.get(ROUND_LIST).content.decode()

    assert f'href="{reverse("commissioning:round_manage", args=[funding_round.slug])}"' in page
    assert f'href="{reverse("commissioning:round_create", args=[programme.pk])}"' in page
    assert f'href="{reverse("commissioning:programme_edit", args=[programme.pk])}"' in page
    assert f'href="{reverse("commissioning:programme_create")}"' in page
    assert f'href="{reverse("commissioning:jargon_list")}"' in page


def test_pennies_show_only_when_the_budget_has_them(client, facilitator):
    client.force_login(facilitator)
    FundingRoundFactory(budget=Decimal("1234.50"), minimum_grant=Decimal("100"), maximum_grant=Decimal("1000"))
    assert "£1,234.50" in client.get(ROUND_LIST).content.decode()


def test_a_programme_without_rounds_says_so(client, facilitator):
    client.force_login(facilitator)
    ProgrammeFactory(name="Ageing Better")
    page = client.get(ROUND_LIST).content.decode()
    assert "Ageing Better" in page
    assert "There are no funding rounds in this programme yet." in page


def test_no_programmes_says_what_to_do_first(client, facilitator):
    client.force_login(facilitator)
    page = client.get(ROUND_LIST).content.decode()
    assert "There are no programmes yet. Set one up first" in page


def test_newest_round_comes_first_within_a_programme(client, facilitator):
    client.force_login(facilitator)
    older = FundingRoundFactory(title="Round one")
    FundingRoundFactory(programme=older.programme, title="Round two")
    page = client.get(ROUND_LIST).content.decode()
    assert page.index("Round two") < page.index("Round one")


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client):
    response = persona_client.get(ROUND_LIST)
    assert response.status_code == 403
    assert b"Only staff facilitators can see this page." in response.content


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(ROUND_LIST)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={ROUND_LIST}"


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_round_list_query_count_does_not_grow_with_programmes_and_rounds(persona_client):
    add_timeline(FundingRoundFactory())

    def more_programmes_and_rounds():
        for _ in range(3):
            programme = ProgrammeFactory()
            for status in (FundingRound.Status.DRAFT, FundingRound.Status.OPEN):
                add_timeline(FundingRoundFactory(programme=programme, status=status))

    assert_page_queries(persona_client, ROUND_LIST, at_most=5, add_data=more_programmes_and_rounds)
