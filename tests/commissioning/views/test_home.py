"""The home page: what the service is for visitors; "what you need to do next" once signed in."""

from datetime import date

import pytest
from django.urls import reverse

from commissioning.models import FundingRound
from tests.commissioning.factories import FundingRoundFactory, add_timeline
from tests.helpers import assert_page_queries

HOME = reverse("commissioning:home")
NO_ROUNDS = "There are no funding rounds open for applications at the moment."


def test_visitor_sees_what_the_service_is_and_that_no_rounds_are_open(client, db):
    response = client.get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Funding decided by the people it is for" in page
    assert "Older people agree what a good project looks like." in page
    assert NO_ROUNDS in page
    assert f'href="{reverse("commissioning:sign_in")}"' in page
    assert "What you need to do next" not in page


def test_visitor_home_query_count(client, db):
    # The open rounds, and their stages for the closing dates once there are any.
    assert_page_queries(client, HOME, at_most=1)


def open_round(title, slug):
    funding_round = FundingRoundFactory(title=title, slug=slug, status=FundingRound.Status.OPEN)
    add_timeline(funding_round, first_day=date(2018, 1, 8))
    return funding_round


def test_visitor_sees_open_rounds_with_their_closing_day_and_not_the_others(client, db):
    open_round("New projects 2018", "new-projects-2018")
    FundingRoundFactory(title="Secret draft", slug="secret-draft")
    FundingRoundFactory(title="Still agreeing", slug="still-agreeing", status=FundingRound.Status.CRITERIA)
    page = client.get(HOME).content.decode()
    assert "New projects 2018" in page
    # Criteria from 8 January (four weeks), a week's rest, then open for four weeks.
    assert "Applications close at midnight at the end of 11 March 2018." in page
    assert "Secret draft" not in page and "Still agreeing" not in page
    assert NO_ROUNDS not in page


def test_home_query_count_does_not_grow_with_open_rounds(client, criteria_member, db):
    open_round("Round one", "round-one")
    assert_page_queries(
        client, HOME, at_most=2, add_data=lambda: [open_round(f"Round {n}", f"round-{n}") for n in range(2, 6)]
    )
    client.force_login(criteria_member)
    assert_page_queries(client, HOME, at_most=8, add_data=lambda: open_round("Round six", "round-six"))


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_signed_in_person_sees_what_to_do_next(persona_client):
    response = persona_client.get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    assert "What you need to do next" in page
    assert "Nothing needs your attention just now." in page
    assert NO_ROUNDS in page
    assert "Funding decided by the people it is for" not in page
    assert "Read the activity log" not in page
    assert "Open Django admin" not in page


def test_signed_in_person_is_greeted_by_first_name(client, panel_member):
    client.force_login(panel_member)
    assert b"Hello, Pamela" in client.get(HOME).content


def test_facilitator_sees_the_activity_log_step_but_not_admin(client, facilitator):
    client.force_login(facilitator)
    page = client.get(HOME).content.decode()
    assert "Read the activity log" in page
    assert f'href="{reverse("commissioning:activity")}"' in page
    assert "Open Django admin" not in page
    assert "Nothing needs your attention just now." not in page


def test_administrator_also_sees_open_django_admin(client, administrator):
    client.force_login(administrator)
    page = client.get(HOME).content.decode()
    assert "Read the activity log" in page
    assert "Open Django admin" in page
    assert f'href="{reverse("admin:index")}"' in page


@pytest.mark.parametrize(
    "persona_client", ["applicant", "criteria_member", "panel_member", "facilitator", "administrator"], indirect=True
)
def test_signed_in_home_query_count(persona_client):
    # The session, the user, their criteria groups, applications, panels, interviews and
    # decisions to act on, and the open rounds.
    assert_page_queries(persona_client, HOME, at_most=8)
