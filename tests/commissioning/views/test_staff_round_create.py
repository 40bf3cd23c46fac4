"""Adding a funding round to a programme: money in whole pounds, a web address, a plain summary."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent, FundingRound, JargonTerm
from commissioning.plain_english import DEFAULT_JARGON
from tests.commissioning.factories import FundingRoundFactory, ProgrammeFactory
from tests.helpers import assert_page_queries


@pytest.fixture(autouse=True)
def plain_english_list(db):
    """The word list the migration loads. A browser test elsewhere may have emptied the tables
    (transactional tests flush them), so each test here puts the list back."""
    for term, plainer in DEFAULT_JARGON:
        JargonTerm.objects.get_or_create(term=term, defaults={"plainer": plainer})


def create_url(programme) -> str:
    return reverse("commissioning:round_create", args=[programme.pk])


def round_data(**overrides):
    return {
        "title": "New projects 2019",
        "slug": "",
        "summary": "Money for projects that help older people in Leeds feel less lonely.",
        "budget": "1,700,000",
        "minimum_grant": "10,000",
        "maximum_grant": "150,000",
        "minutes_per_application": "90",
        "criteria_quorum": "5",
        "recovery_gap_days": "7",
        **overrides,
    }


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_add_a_draft_round_and_see_its_plain_english_check(persona_client, programme):
    response = persona_client.post(create_url(programme), round_data(), follow=True)

    funding_round = FundingRound.objects.get()
    # Saved, and on to the next step: the timeline.
    assert response.redirect_chain == [(reverse("commissioning:round_timeline", args=["new-projects-2019"]), 302)]
    assert funding_round.programme == programme
    assert funding_round.status == FundingRound.Status.DRAFT
    assert funding_round.budget == Decimal("1700000")
    assert funding_round.minimum_grant == Decimal("10000")
    assert funding_round.maximum_grant == Decimal("150000")
    assert (funding_round.minutes_per_application, funding_round.criteria_quorum) == (90, 5)
    page = response.content.decode()
    assert "‘New projects 2019’ is saved as a draft." in page
    assert "Plain English check of its summary: " in page
    assert "Next, set its timeline." in page
    event = AuditEvent.objects.get(verb=Verb.ROUND_CREATED)
    assert event.target == funding_round


@pytest.mark.parametrize("typed", ["1,700,000", "1700000", "£1,700,000", " 1 700 000 ", "1700000.00"])
def test_money_is_accepted_as_people_write_it(client, facilitator, programme, typed):
    client.force_login(facilitator)
    assert client.post(create_url(programme), round_data(budget=typed)).status_code == 302
    assert FundingRound.objects.get().budget == Decimal("1700000")


def test_the_web_address_comes_from_the_title_when_left_empty(client, facilitator, programme):
    client.force_login(facilitator)
    client.post(create_url(programme), round_data(title="Small grants: autumn 2019", slug=""))
    assert FundingRound.objects.get().slug == "small-grants-autumn-2019"


def test_a_web_address_typed_in_is_used(client, facilitator, programme):
    client.force_login(facilitator)
    client.post(create_url(programme), round_data(slug="Autumn-2019"))
    assert FundingRound.objects.get().slug == "autumn-2019"


def test_money_fields_show_a_pound_prefix_and_a_numeric_keyboard(client, facilitator, programme):
    client.force_login(facilitator)
    page = client.get(create_url(programme)).content.decode()
    assert page.count('<div class="govuk-input__prefix" aria-hidden="true">£</div>') == 3
    assert 'name="budget" inputmode="numeric"' in page
    assert "Total budget, in pounds" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"budget": "-5"}, "The budget must be more than £0"),
        ({"budget": "0"}, "The budget must be more than £0"),
        ({"budget": "lots"}, "Enter the budget in whole pounds, like 1,700,000"),
        ({"budget": "1700000.50"}, "Enter the budget in whole pounds, like 1,700,000"),
        ({"budget": ""}, "Enter the budget"),
        ({"minimum_grant": "ten thousand"}, "Enter the smallest grant in whole pounds, like 10,000"),
        ({"maximum_grant": "99.99"}, "Enter the largest grant in whole pounds, like 150,000"),
        (
            {"minimum_grant": "200,000", "maximum_grant": "100,000"},
            "The largest grant must be the same as or more than the smallest grant",
        ),
        ({"maximum_grant": "2,000,000"}, "The largest grant cannot be more than the whole budget"),
        ({"title": ""}, "Enter the round&#x27;s title"),
        ({"summary": ""}, "Enter a plain-English summary of what the money is for"),
        ({"slug": "new projects!"}, "Enter a web address using only lower-case letters, numbers and hyphens"),
        ({"minutes_per_application": "0"}, "Enter the minutes as a whole number from 1 to 6,000, like 90"),
        ({"criteria_quorum": "0"}, "Enter the number of responses as a whole number from 1 to 1,000, like 5"),
        ({"recovery_gap_days": "a week"}, "Enter the days of rest as a whole number from 0 to 365, like 7"),
    ],
)
def test_bad_input_is_explained_and_nothing_typed_is_lost(client, facilitator, programme, overrides, message):
    client.force_login(facilitator)
    data = round_data(**{"summary": "Our summary, typed with care.", **overrides})

    response = client.post(create_url(programme), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<div class="govuk-error-summary"' in page
    assert message in page
    assert page.count(message) == 2  # once in the summary at the top, once beside the field
    if overrides.get("summary") is None:
        assert "Our summary, typed with care." in page
    assert not FundingRound.objects.exists()


def test_a_web_address_typed_in_and_already_in_use_is_refused(client, facilitator, programme):
    client.force_login(facilitator)
    FundingRoundFactory(slug="new-projects-2019")

    response = client.post(create_url(programme), round_data(slug="new-projects-2019"))

    assert response.status_code == 200
    assert "Another round already uses this web address" in response.content.decode()
    assert FundingRound.objects.count() == 1


def test_a_title_used_before_gets_the_next_free_web_address(client, facilitator, programme):
    # Staff left the address empty: they are not refused for one they did not choose.
    client.force_login(facilitator)
    FundingRoundFactory(slug="new-projects-2019")
    FundingRoundFactory(slug="new-projects-2019-2")

    client.post(create_url(programme), round_data(title="New projects 2019", slug=""))

    assert FundingRound.objects.filter(title="New projects 2019", slug="new-projects-2019-3").exists()


def test_unknown_programme_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("commissioning:round_create", args=[999])).status_code == 404


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, programme):
    assert persona_client.get(create_url(programme)).status_code == 403
    response = persona_client.post(create_url(programme), round_data())
    assert response.status_code == 403
    assert b"Only staff facilitators can see this page." in response.content
    assert not FundingRound.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, programme):
    url = create_url(programme)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"


def test_round_create_query_count(client, facilitator, programme):
    client.force_login(facilitator)
    assert_page_queries(client, create_url(programme), at_most=3)
