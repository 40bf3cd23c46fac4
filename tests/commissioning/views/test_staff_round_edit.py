"""Changing a round's details while it is being set up, with the plain-English check beside
the summary. Once applications open, the details are fixed."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from commissioning import services
from commissioning.audit import Verb
from commissioning.models import AuditEvent, FundingRound, JargonTerm, RoundLocked
from commissioning.plain_english import DEFAULT_JARGON
from tests.commissioning.factories import FundingRoundFactory, join_criteria_group
from tests.helpers import assert_page_queries

JARGON_SUMMARY = (
    "We will utilise this fund to leverage robust outcomes for stakeholders. "
    "Going forward, organisations must commence delivery prior to the end of the year."
)


@pytest.fixture(autouse=True)
def plain_english_list(db):
    """The word list the migration loads. A browser test elsewhere may have emptied the tables
    (transactional tests flush them), so each test here puts the list back."""
    for term, plainer in DEFAULT_JARGON:
        JargonTerm.objects.get_or_create(term=term, defaults={"plainer": plainer})


def edit_url(funding_round) -> str:
    return reverse("commissioning:round_edit", args=[funding_round.slug])


def round_data(funding_round, **overrides):
    return {
        "title": funding_round.title,
        "slug": funding_round.slug,
        "summary": funding_round.summary,
        "budget": f"{funding_round.budget:,.0f}",
        "minimum_grant": f"{funding_round.minimum_grant:,.0f}",
        "maximum_grant": f"{funding_round.maximum_grant:,.0f}",
        "minutes_per_application": funding_round.minutes_per_application,
        "criteria_quorum": funding_round.criteria_quorum,
        "recovery_gap_days": funding_round.recovery_gap_days,
        **overrides,
    }


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_change_the_details_and_only_the_changes_are_logged(persona_client):
    funding_round = FundingRoundFactory(title="New projects 2018", slug="new-projects-2018")

    response = persona_client.post(
        edit_url(funding_round), round_data(funding_round, budget="1,800,000", summary=JARGON_SUMMARY), follow=True
    )

    assert response.redirect_chain == [(edit_url(funding_round), 302)]
    assert "Your changes to ‘New projects 2018’ are saved." in response.content.decode()
    funding_round.refresh_from_db()
    assert funding_round.budget == Decimal("1800000")
    assert funding_round.summary == JARGON_SUMMARY
    event = AuditEvent.objects.get(verb=Verb.ROUND_UPDATED)
    assert event.data == {"changed": ["budget", "summary"]}


def test_after_saving_the_plain_english_check_sits_beside_the_summary(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    client.post(edit_url(funding_round), round_data(funding_round, summary=JARGON_SUMMARY))

    page = client.get(edit_url(funding_round)).content.decode()

    assert "Plain English check: summary" in page
    assert "“utilise”: try “use”" in page
    assert "“stakeholders”: try “people involved”" in page
    assert "“going forward”: try “from now on”" in page
    assert "out of 100." in page


def test_the_form_is_filled_in_with_money_written_with_commas(client, facilitator):
    client.force_login(facilitator)
    page = client.get(edit_url(FundingRoundFactory())).content.decode()
    assert 'name="budget" value="1,700,000"' in page
    assert 'name="minimum_grant" value="50,000"' in page


def test_changing_the_web_address_moves_the_page(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(slug="old-address")
    response = client.post(edit_url(funding_round), round_data(funding_round, slug="new-address"))
    assert response.url == reverse("commissioning:round_edit", args=["new-address"])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"budget": "-5"}, "The budget must be more than £0"),
        ({"budget": "1,700,000.75"}, "Enter the budget in whole pounds, like 1,700,000"),
        (
            {"minimum_grant": "300,000"},
            "The largest grant must be the same as or more than the smallest grant",
        ),
        ({"maximum_grant": "5,000,000"}, "The largest grant cannot be more than the whole budget"),
        ({"title": ""}, "Enter the round&#x27;s title"),
    ],
)
def test_bad_input_is_explained_and_nothing_stored_or_typed_is_lost(client, facilitator, overrides, message):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(title="New projects 2018")
    data = round_data(funding_round, **{"summary": "A new summary, typed with care.", **overrides})

    response = client.post(edit_url(funding_round), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert page.count(message) == 2  # the error summary and the field
    assert "A new summary, typed with care." in page
    funding_round.refresh_from_db()
    assert funding_round.title == "New projects 2018"
    assert funding_round.budget == Decimal("1700000")
    assert funding_round.summary.startswith("Money for projects")
    assert not AuditEvent.objects.filter(verb=Verb.ROUND_UPDATED).exists()


def test_an_amount_that_makes_no_sense_is_not_compared_with_the_stored_ones(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()  # stored: smallest £50,000, largest £200,000
    response = client.post(
        edit_url(funding_round), round_data(funding_round, minimum_grant="x", maximum_grant="40,000")
    )
    page = response.content.decode()
    assert "Enter the smallest grant in whole pounds, like 10,000" in page
    assert "The largest grant must be the same as or more than the smallest grant" not in page


def test_another_rounds_web_address_is_refused(client, facilitator):
    client.force_login(facilitator)
    FundingRoundFactory(slug="taken")
    funding_round = FundingRoundFactory(slug="mine")
    response = client.post(edit_url(funding_round), round_data(funding_round, slug="taken"))
    assert "Another round already uses this web address" in response.content.decode()
    funding_round.refresh_from_db()
    assert funding_round.slug == "mine"


@pytest.mark.parametrize("status", [FundingRound.Status.OPEN, FundingRound.Status.SHORTLISTING])
def test_a_round_open_for_applications_cannot_be_changed(client, facilitator, status):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(status=status)
    reason = "This round is open for applications, so its details, criteria and questions cannot change."

    for response in (
        client.get(edit_url(funding_round)),
        client.post(edit_url(funding_round), round_data(funding_round, title="Changed")),
    ):
        assert response.status_code == 403
        assert reason in response.content.decode()
    funding_round.refresh_from_db()
    assert funding_round.title != "Changed"


def test_a_round_agreeing_its_criteria_can_still_be_changed(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(criteria=True, title="New projects 2018")
    assert client.get(edit_url(funding_round)).status_code == 200

    response = client.post(
        edit_url(funding_round), round_data(funding_round, title="Older people's projects 2018", budget="1,800,000")
    )

    assert response.status_code == 302
    funding_round.refresh_from_db()
    assert funding_round.status == FundingRound.Status.CRITERIA
    assert funding_round.title == "Older people's projects 2018"
    assert funding_round.budget == Decimal("1800000")
    assert AuditEvent.objects.get(verb=Verb.ROUND_UPDATED).data == {"changed": ["budget", "title"]}


def test_unknown_round_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("commissioning:round_edit", args=["no-such-round"])).status_code == 404


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, criteria_member):
    funding_round = FundingRoundFactory(criteria=True)
    join_criteria_group(criteria_member, funding_round)
    response = persona_client.post(edit_url(funding_round), round_data(funding_round, title="Changed"))
    assert response.status_code == 403
    assert b"Only staff facilitators can set up funding rounds." in response.content
    funding_round.refresh_from_db()
    assert funding_round.title != "Changed"


def test_anonymous_is_sent_to_sign_in(client, db):
    url = edit_url(FundingRoundFactory())
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"


def test_round_edit_query_count(client, facilitator):
    client.force_login(facilitator)
    assert_page_queries(client, edit_url(FundingRoundFactory(summary=JARGON_SUMMARY)), at_most=4)


@pytest.mark.parametrize(
    "refusal",
    [
        PermissionDenied("This round is open for applications, so its details, criteria and questions cannot change."),
        RoundLocked("This round is open for applications, so its details, criteria and questions cannot change."),
    ],
)
def test_a_refusal_from_the_service_is_shown_on_the_page_and_nothing_typed_is_lost(
    client, facilitator, monkeypatch, refusal
):
    """The round may open between loading the page and saving it: the service then refuses."""
    client.force_login(facilitator)
    funding_round = FundingRoundFactory()

    def refuse(**kwargs):
        raise refusal

    monkeypatch.setattr(services, "update_round", refuse)
    response = client.post(edit_url(funding_round), round_data(funding_round, summary="Typed just before it opened."))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<li><a href="#id_title">This round is open for applications' in page
    assert "Typed just before it opened." in page
