"""The decision page per strand, the page where the panel moves money between strands, and the
portfolio pages (the panel's shared draft and a member's own). The round has £300,000:
"Connecting people" £150,000 (target 2), "Staying active" £100,000 (target 1), £50,000 reserve."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Application
from commissioning.permissions import STAFF_VETO_REASON
from panels.models import FundingDecision, InterestDeclaration, Panel, PortfolioChoice, PortfolioDraft, StrandTransfer
from tests.commissioning.factories import add_strand
from tests.helpers import assert_page_queries
from tests.panels.factories import seat_and_declare

from .bulk import bulk_shortlist
from .conftest import everyone_votes, shortlisted


@pytest.fixture
def connecting(funding_round):
    return add_strand(funding_round, "Connecting people", "150000", expected_projects=2)


@pytest.fixture
def active(funding_round):
    return add_strand(funding_round, "Staying active", "100000", expected_projects=1)


@pytest.fixture
def walkers(panel, facilitator, members, active):
    application = shortlisted(panel, facilitator, members, asked=Decimal("80000"), name="Bramley Walkers")
    Application.objects.filter(pk=application.pk).update(strand=active)
    return application


@pytest.fixture
def tea_club(application, connecting):
    Application.objects.filter(pk=application.pk).update(strand=connecting)
    application.refresh_from_db()
    return application


def page(client, name, panel, status=200) -> str:
    response = client.get(reverse(name, args=[panel.pk]))
    assert response.status_code == status
    return response.content.decode()


# The decision page -------------------------------------------------------------------------


def test_the_decision_page_shows_each_strand_with_its_money_target_list_and_the_round_total(
    member_client, panel, members, tea_club, walkers, active
):
    everyone_votes(members, tea_club, "fund", "120000")
    from panels import services

    services.decisions.record_funding_decision(actor=members[0], application=tea_club, rationale="Warm and local.")
    html = page(member_client, "panels:decision_list", panel)
    connecting_at, active_at, total_at = (
        html.index(">Connecting people</h2>"),
        html.index(">Staying active</h2>"),
        html.index('id="budget">The round’s total'),
    )
    row = '<tr class="govuk-table__row" id="decision-{}">'
    tea_at, walkers_at = html.index(row.format(tea_club.pk)), html.index(row.format(walkers.pk))
    assert connecting_at < tea_at < active_at < walkers_at < total_at
    assert "1 funded of a target of 2" in html
    assert "0 funded of a target of 1" in html
    assert f'id="strand-{tea_club.strand_id}-budget-left">£30,000<' in html
    assert f'id="strand-{active.pk}-budget-left">£100,000<' in html
    assert 'id="budget-left">£180,000<' in html
    assert 'id="budget-reserve">£50,000<' in html
    assert "Try a portfolio before you vote" in html


def test_a_round_without_strands_keeps_its_one_list_and_budget(member_client, panel, application):
    html = page(member_client, "panels:decision_list", panel)
    assert "The shortlist, ranked by weighted mean" in html
    assert 'id="budget-total">£300,000<' in html
    assert "strand" not in html.lower()


def test_the_decision_page_with_strands_costs_the_same_queries_however_long_the_shortlist(
    member_client, panel, members, facilitator, connecting, active, tea_club, walkers
):
    def more():
        added = bulk_shortlist(panel, facilitator, members, 60, start=5)
        Application.objects.filter(pk__in=[a.pk for a in added[:30]]).update(strand=connecting)
        Application.objects.filter(pk__in=[a.pk for a in added[30:]]).update(strand=active)

    assert_page_queries(member_client, reverse("panels:decision_list", args=[panel.pk]), at_most=17, add_data=more)


# Moving money --------------------------------------------------------------------------------


def move_url(panel):
    return reverse("panels:strand_money_move", args=[panel.pk])


def test_a_member_moves_money_with_the_panels_reasons(member_client, panel, connecting, active):
    html = page(member_client, "panels:strand_money_move", panel)
    assert "This is a decision of the panel" in html
    response = member_client.post(
        move_url(panel),
        {"from_strand": connecting.pk, "to_strand": active.pk, "amount": "£20,000", "rationale": "More walkers."},
    )
    assert response.status_code == 302
    transfer = StrandTransfer.objects.get()
    assert (transfer.from_strand, transfer.to_strand, transfer.amount) == (connecting, active, Decimal("20000"))
    html = page(member_client, "panels:decision_list", panel)
    assert "Money moved between strands" in html
    assert "moved £20,000 from “Connecting people” to “Staying active”. Their reasons: More walkers." in html


def test_moving_from_the_reserve_is_offered(member_client, panel, connecting, active):
    html = page(member_client, "panels:strand_money_move", panel)
    assert "The reserve (£50,000)" in html
    member_client.post(
        move_url(panel), {"from_strand": "reserve", "to_strand": active.pk, "amount": "5000", "rationale": "x"}
    )
    assert StrandTransfer.objects.get().from_strand is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose where the money comes from"),
        ({"amount": "lots"}, "Enter the amount in pounds, like 75000, using numbers only"),
        ({"rationale": ""}, "Write the panel’s reasons for moving the money"),
        ({"amount": "200000"}, "Only £150,000 in “Connecting people” is not yet awarded"),
        ({"to_strand": "999999"}, "Choose the strand it goes to"),
    ],
)
def test_wrong_input_is_explained_on_the_page_and_what_was_typed_is_kept(
    member_client, panel, connecting, active, data, message
):
    posted = {
        "from_strand": connecting.pk,
        "to_strand": active.pk,
        "amount": "20000",
        "rationale": "Our careful reasons.",
    }
    posted.update(data)
    if not data:
        posted = {"rationale": "Our careful reasons."}
    response = member_client.post(move_url(panel), posted)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    if posted.get("rationale"):
        assert "Our careful reasons." in html
    assert not StrandTransfer.objects.exists()


def test_staff_seated_on_the_panel_are_refused_moving_money(client, panel, facilitator, application, connecting):
    seat_and_declare(facilitator, panel, application)
    client.force_login(facilitator)
    response = client.get(move_url(panel))
    assert response.status_code == 403
    assert STAFF_VETO_REASON in response.content.decode()


def test_moving_money_pages_need_signing_in_and_a_seat(client, panel, outsider, connecting):
    assert client.get(move_url(panel)).status_code == 302
    client.force_login(outsider)
    assert client.get(move_url(panel)).status_code == 404  # another panel's page stays hidden


# Portfolios ------------------------------------------------------------------------------------


def portfolio_url(panel, mine=False):
    return reverse("panels:portfolio_mine" if mine else "panels:portfolio", args=[panel.pk])


def test_a_member_tries_a_portfolio_and_sees_the_totals_per_strand_and_overall(member_client, panel, tea_club, walkers):
    response = member_client.post(
        portfolio_url(panel),
        {
            f"choice_{tea_club.pk}": "fund",
            f"amount_{tea_club.pk}": "160,000",
            f"choice_{walkers.pk}": "decline",
            f"amount_{walkers.pk}": "",
        },
    )
    assert response.status_code == 302
    draft = PortfolioDraft.objects.get()
    assert draft.is_shared
    html = page(member_client, "panels:portfolio", panel)
    assert "This is a draft, not a vote." in html
    # Connecting people: £160,000 ticked against £150,000, so over by £10,000.
    assert "Over by £10,000" in html
    assert "1 to fund of a target of 2; 0 to decline; 0 not decided" in html
    assert "0 to fund of a target of 1; 1 to decline; 0 not decided" in html
    assert "The whole round" in html
    # A draft never counts: no vote, no decision.
    assert not FundingDecision.objects.exists()
    assert not tea_club.votes.exists()


def test_a_members_own_draft_is_theirs_alone(member_client, client, panel, members, tea_club, walkers):
    member_client.post(
        portfolio_url(panel, mine=True), {f"choice_{tea_club.pk}": "fund", f"amount_{tea_club.pk}": "100000"}
    )
    assert PortfolioDraft.objects.get().owner == members[0]
    client.force_login(members[1])
    html = page(client, "panels:portfolio_mine", panel)
    assert "Only you can see this draft." in html
    assert "draft-saved" not in html  # not the first member's draft
    assert PortfolioChoice.objects.count() == 1


def test_a_fund_tick_without_an_amount_is_explained_and_nothing_saved(member_client, panel, tea_club, walkers):
    response = member_client.post(
        portfolio_url(panel),
        {f"choice_{tea_club.pk}": "fund", f"amount_{tea_club.pk}": "", f"choice_{walkers.pk}": "decline"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter how much to fund Armley Tea Club, in pounds" in html
    assert not PortfolioDraft.objects.exists()


def test_a_conflicted_member_cannot_tick_that_application_even_in_a_draft(
    member_client, panel, members, tea_club, walkers
):
    InterestDeclaration.objects.filter(membership__user=members[0], application=walkers).update(
        has_conflict=True, nature="My sister runs it."
    )
    html = page(member_client, "panels:portfolio", panel)
    assert f"choice_{walkers.pk}" not in html
    assert "You declared a conflict on Bramley Walkers" in html
    member_client.post(portfolio_url(panel), {f"choice_{walkers.pk}": "fund", f"amount_{walkers.pk}": "80000"})
    assert not PortfolioChoice.objects.filter(application=walkers).exists()


def test_staff_seated_cannot_make_a_portfolio(client, panel, facilitator, tea_club):
    seat_and_declare(facilitator, panel, tea_club)
    client.force_login(facilitator)
    response = client.get(portfolio_url(panel))
    assert response.status_code == 403
    assert STAFF_VETO_REASON in response.content.decode()


def test_portfolio_pages_need_signing_in_and_stay_hidden_from_other_panels(
    client, panel, funding_round, facilitator, outsider, members, tea_club
):
    assert client.get(portfolio_url(panel)).status_code == 302
    other = Panel.objects.create(funding_round=funding_round, name="Panel B")
    client.force_login(members[0])
    assert client.get(portfolio_url(other)).status_code == 404


def test_the_portfolio_page_costs_the_same_queries_however_long_the_shortlist(
    member_client, panel, members, facilitator, connecting, tea_club
):
    def more():
        added = bulk_shortlist(panel, facilitator, members, 40, start=5)
        Application.objects.filter(pk__in=[a.pk for a in added]).update(strand=connecting)

    assert_page_queries(member_client, portfolio_url(panel), at_most=16, add_data=more)


def test_staff_follow_each_strand_read_only(client, panel, facilitator, members, tea_club, walkers):
    client.force_login(facilitator)
    html = page(client, "panels:panel_decisions", panel)
    assert ">Connecting people</h2>" in html
    assert 'id="budget-reserve">£50,000<' in html
    # Staff never vote, move money or try a portfolio: none of it is offered.
    assert "Try a portfolio" not in html
    assert "Move money between strands" not in html
    assert "Record the decision on" not in html


def test_the_move_money_page_costs_the_same_queries_with_more_strands(member_client, panel, connecting, active):
    assert_page_queries(
        member_client,
        move_url(panel),
        at_most=10,
        add_data=lambda: add_strand(panel.funding_round, "Reaching isolated men", "40000"),
    )
