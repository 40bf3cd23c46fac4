"""The shortlist page and the vote: members vote include or not; the page says where each vote
stands; staff see it read-only; everyone else who may not vote is refused with a reason."""

import re

import pytest
from django.urls import reverse

from commissioning.models import FundingRound
from commissioning.permissions import STAFF_VETO_REASON
from panels import services
from panels.models import Panel, ShortlistOutcome, Vote
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.factories import seat
from tests.panels.views.conftest import add_application, declare


def page_url(panel):
    return reverse("panels:shortlist", args=[panel.pk])


def vote_url(panel, application):
    return reverse("panels:shortlist_vote", args=[panel.pk, application.pk])


def choice(application, value):
    return {f"a{application.pk}-choice": value}


def text(response):
    return response.content.decode()


@pytest.fixture
def third(panel):
    person = UserFactory(email="third.volunteer@example.org", full_name="Thea Third")
    seat(person, panel)
    return person


@pytest.fixture
def declared(member, colleague, third, application):
    for person in (member, colleague, third):
        declare(person, application)
    return application


def test_a_member_votes_include_and_sees_the_standing(member_client, member, panel, declared):
    response = member_client.post(vote_url(panel, declared), choice(declared, "include"), follow=True)
    assert response.redirect_chain[-1][0] == f"{page_url(panel)}#row-{declared.pk}"  # back to its row
    page = text(response)
    assert f"Your vote on {declared.organisation.name} is recorded: include on the shortlist." in page
    assert "Waiting for votes: 1 of the quorum of 3" in page
    assert "Voted so far: Pamela Panel." in page
    assert Vote.objects.get(membership__user=member).choice == Vote.Choice.INCLUDE


def test_voting_twice_changes_the_vote(member_client, member, panel, declared):
    member_client.post(vote_url(panel, declared), choice(declared, "include"))
    member_client.post(vote_url(panel, declared), choice(declared, "exclude"))
    assert list(Vote.objects.values_list("choice", flat=True)) == [Vote.Choice.EXCLUDE]
    page = text(member_client.get(page_url(panel)))
    assert re.search(r'value="exclude"\s+checked', page)
    assert "Change my vote" in page


def test_the_majority_with_the_quorum_shortlists(member_client, colleague, third, panel, declared):
    services.shortlist.cast_shortlist_vote(actor=colleague, application=declared, include=True)
    services.shortlist.cast_shortlist_vote(actor=third, application=declared, include=False)
    member_client.post(vote_url(panel, declared), choice(declared, "include"))
    assert "2 include, 1 do not include: shortlisted" in text(member_client.get(page_url(panel)))


def test_a_tie_goes_back_to_the_panel(member_client, colleague, panel, declared):
    Panel.objects.filter(pk=panel.pk).update(quorum=2)
    services.shortlist.cast_shortlist_vote(actor=colleague, application=declared, include=False)
    member_client.post(vote_url(panel, declared), choice(declared, "include"))
    assert "talk it through together and vote again" in text(member_client.get(page_url(panel)))
    assert ShortlistOutcome.objects.get(application=declared).outcome == ShortlistOutcome.Outcome.TIE


def test_too_few_members_who_can_take_part_is_said_plainly(member_client, colleague, third, panel, application):
    declare(colleague, application)
    declare(third, application, conflict=True)
    page = text(member_client.get(page_url(panel)))
    message = (
        f"Too few members can take part in deciding on {application.organisation.name}: "
        "ask the staff who support you to bring in another member."
    )
    assert page.count(message) == 2  # at the top, and on the application's row


def test_a_conflicted_member_takes_no_part_and_is_refused_with_the_reason(member_client, member, panel, application):
    declare(member, application, conflict=True)
    page = text(member_client.get(page_url(panel)))
    assert "Conflict declared — you take no part" in page
    assert "Waiting for votes" not in page and "Nobody has voted yet" not in page  # not even the standing
    response = member_client.post(vote_url(panel, application), choice(application, "include"))
    assert response.status_code == 403
    assert "You declared a conflict of interest with this organisation" in text(response)
    assert not Vote.objects.exists()


def test_a_member_who_has_not_declared_is_asked_to_first(member_client, panel, application):
    page = text(member_client.get(page_url(panel)))
    assert reverse("panels:interest_declare", args=[panel.pk, application.pk]) in page
    assert 'name="a' not in page
    response = member_client.post(vote_url(panel, application), choice(application, "include"))
    assert response.status_code == 403
    assert "Declare whether you have a conflict of interest" in text(response)


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_see_the_standing_read_only_and_are_refused_a_vote(persona, request, client, colleague, panel, declared):
    services.shortlist.cast_shortlist_vote(actor=colleague, application=declared, include=True)
    client.force_login(request.getfixturevalue(persona))
    page = text(client.get(page_url(panel)))
    assert "Waiting for votes: 1 of the quorum of 3" in page
    assert "Voted so far: Colin Colleague." in page
    assert "<form" not in page.split("<main", 1)[1].split("Shortlist vote", 1)[1].split("</main>")[0]
    response = client.post(vote_url(panel, declared), choice(declared, "include"))
    assert response.status_code == 403
    assert STAFF_VETO_REASON in text(response)
    assert Vote.objects.count() == 1


def test_a_member_of_another_panel_and_an_applicant_are_refused(client, panel, declared, applicant, funding_round):
    other_panel = Panel.objects.create(funding_round=funding_round, name="Panel B")
    stranger = UserFactory(email="panel.b@example.org")
    seat(stranger, other_panel)
    for person in (stranger, applicant):
        client.force_login(person)
        assert client.get(page_url(panel)).status_code == 404
        assert client.post(vote_url(panel, declared), choice(declared, "include")).status_code == 404
    assert not Vote.objects.exists()


def test_an_application_of_another_panel_is_not_found(member_client, panel, funding_round, facilitator):
    other_panel = Panel.objects.create(funding_round=funding_round, name="Panel B")
    elsewhere = add_application(other_panel, facilitator)
    assert member_client.post(vote_url(panel, elsewhere), choice(elsewhere, "include")).status_code == 404


@pytest.mark.parametrize("value", ["", "maybe", "fund"])
def test_no_choice_or_a_wrong_one_is_a_clear_error_and_no_vote(value, member_client, panel, declared):
    data = choice(declared, value) if value else {}
    response = member_client.post(vote_url(panel, declared), data)
    assert response.status_code == 200
    page = text(response)
    assert "govuk-error-summary" in page
    assert page.count("Choose include on the shortlist or do not include") >= 2  # the summary and the field
    assert f'href="#id_a{declared.pk}-choice' in page
    assert not Vote.objects.exists()


def test_votes_are_cast_only_while_the_round_is_at_shortlisting(member_client, member, panel, declared):
    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.INTERVIEWS)
    page = text(member_client.get(page_url(panel)))
    assert "Votes are cast only while the round is at the shortlisting stage" in page
    response = member_client.post(vote_url(panel, declared), choice(declared, "include"))
    assert response.status_code == 403
    assert "Voting is open only while the panel shortlists" in text(response)


def test_the_vote_is_post_only(member_client, panel, declared):
    assert member_client.get(vote_url(panel, declared)).status_code == 405


def test_the_panel_page_and_the_application_page_link_to_the_vote(member_client, panel, declared):
    assert page_url(panel) in text(member_client.get(reverse("panels:panel_detail", args=[panel.pk])))
    read = text(member_client.get(reverse("panels:application_read", args=[panel.pk, declared.pk])))
    assert f"{page_url(panel)}#row-{declared.pk}" in read


def test_the_page_costs_the_same_queries_as_votes_and_applications_grow(
    member_client, member, colleague, third, panel, declared, facilitator
):
    services.shortlist.cast_shortlist_vote(actor=member, application=declared, include=True)

    def more():
        for _ in range(3):
            application = add_application(panel, facilitator)
            declare(member, application)
            declare(colleague, application)
            declare(third, application, conflict=True)
            services.shortlist.cast_shortlist_vote(actor=member, application=application, include=False)
            services.shortlist.cast_shortlist_vote(actor=colleague, application=application, include=True)

    # The page's own reads plus the policy's facts (seat, declarations, inductions), read once
    # for the whole panel by can_each, however many applications there are.
    assert_page_queries(member_client, page_url(panel), at_most=14, add_data=more)


def test_staff_page_costs_the_same_queries_too(client, facilitator, member, panel, declared):
    client.force_login(facilitator)

    def more():
        application = add_application(panel, facilitator)
        declare(member, application)
        services.shortlist.cast_shortlist_vote(actor=member, application=application, include=True)

    assert_page_queries(client, page_url(panel), at_most=8, add_data=more)
