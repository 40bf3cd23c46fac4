"""Recording the panel's decision: the count and the amount it gives, the panel's reasons
(required), and a tie or too few votes explained with nothing saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.models import AuditEvent
from panels.audit import Verb
from panels.models import FundingDecision
from tests.helpers import assert_page_queries

from .conftest import everyone_votes, vote


def url(panel, application):
    return reverse("panels:decision_record", args=[panel.pk, application.pk])


def test_the_page_shows_the_count_and_the_amount_it_gives(member_client, panel, application, members):
    vote(members[0], application, "fund_with_conditions", 90000, "Report after six months.")
    vote(members[1], application, "fund_with_conditions", 100000, "Report after six months.")
    vote(members[2], application, "decline")
    page = member_client.get(url(panel, application)).content.decode()
    assert "2 fund with conditions, 1 decline — 3 of the quorum of 3 have voted" in page
    assert "<strong>Fund with conditions</strong>: £90,000" in page
    assert "Report after six months." in page


def test_the_decision_is_recorded_with_the_panels_reasons(member_client, panel, application, members):
    everyone_votes(members, application, "fund", 100000)
    response = member_client.post(url(panel, application), {"rationale": "  Well loved locally.  "})
    assert response.status_code == 302
    decision = FundingDecision.objects.get(application=application)
    assert (decision.outcome, decision.amount_awarded, decision.rationale) == (
        "fund",
        Decimal(100000),
        "Well loved locally.",
    )
    assert decision.recorded_by == members[0]
    assert AuditEvent.objects.filter(verb=Verb.DECISION_RECORDED).count() == 1


@pytest.mark.parametrize(
    ("rationale", "message"),
    [
        ("", "Write the panel’s reasons for this decision"),
        ("   ", "Write the panel’s reasons for this decision"),
        ("x" * 5001, "The reasons must be 5,000 characters or fewer"),
    ],
)
def test_the_reasons_are_required_and_not_too_long(member_client, panel, application, members, rationale, message):
    everyone_votes(members, application, "decline")
    page = member_client.post(url(panel, application), {"rationale": rationale}).content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not FundingDecision.objects.exists()


def test_a_tie_is_explained_and_nothing_is_saved(member_client, panel, application, members):
    panel.quorum = 2
    panel.save()
    vote(members[0], application, "fund", 100000)
    vote(members[1], application, "decline")
    assert "The votes are tied, so there is no decision to record yet." in (
        member_client.get(url(panel, application)).content.decode()
    )
    page = member_client.post(url(panel, application), {"rationale": "We chose."}).content.decode()
    assert "The votes are tied. Talk it through together and vote again" in page
    assert "We chose.</textarea>" in page
    assert not FundingDecision.objects.exists()


def test_too_few_votes_is_explained_and_nothing_is_saved(member_client, panel, application, members):
    vote(members[0], application, "fund", 100000)
    assert "Not enough members have voted yet" in member_client.get(url(panel, application)).content.decode()
    page = member_client.post(url(panel, application), {"rationale": "Good."}).content.decode()
    assert "Not enough votes yet: 1 of the quorum of 3." in page
    assert not FundingDecision.objects.exists()


def test_recording_again_follows_the_votes_as_they_are_now(member_client, panel, application, members):
    everyone_votes(members, application, "fund", 100000)
    member_client.post(url(panel, application), {"rationale": "Well loved."})
    everyone_votes(members, application, "decline")
    page = member_client.get(url(panel, application)).content.decode()
    assert "Recording again replaces it" in page
    assert "Well loved.</textarea>" in page
    member_client.post(url(panel, application), {"rationale": "On reflection, not for this fund."})
    decision = FundingDecision.objects.get()
    assert (decision.outcome, decision.amount_awarded) == ("decline", None)


@pytest.mark.parametrize("who", ["facilitator", "administrator"])
def test_staff_cannot_record_or_change_a_decision(client, request, who, panel, application, members):
    everyone_votes(members, application, "decline")
    client.force_login(request.getfixturevalue(who))
    for response in (
        client.get(url(panel, application)),
        client.post(url(panel, application), {"rationale": "Staff decided."}),
    ):
        assert response.status_code == 403
        assert "they cannot agree criteria, score or vote" in response.content.decode()
    assert not FundingDecision.objects.exists()


def test_the_page_costs_the_same_queries_as_votes_grow(member_client, panel, application, members):
    assert_page_queries(
        member_client,
        url(panel, application),
        at_most=16,
        add_data=lambda: everyone_votes(members, application, "fund_with_conditions", 90000, "Report."),
    )


def test_a_conflicted_members_conditions_are_not_part_of_the_decision(member_client, panel, application, members):
    from panels.models import InterestDeclaration, PanelMembership
    from tests.commissioning.factories import UserFactory
    from tests.panels.factories import seat

    fourth = UserFactory(email="volunteer4@example.org")
    seat(fourth, panel)
    InterestDeclaration.objects.create(
        membership=PanelMembership.objects.get(user=fourth, panel=panel),
        application=application,
        has_conflict=False,
        recorded_by=fourth,
    )
    vote(fourth, application, "fund_with_conditions", 90000, "Hire my nephew.")
    # The conflict comes to light after the vote.
    InterestDeclaration.objects.filter(membership__user=fourth, application=application).update(
        has_conflict=True, nature="Their nephew is the project's worker."
    )
    everyone_votes(members, application, "fund_with_conditions", 100000, "Report after six months.")
    assert "Hire my nephew." not in member_client.get(url(panel, application)).content.decode()
    member_client.post(url(panel, application), {"rationale": "Well loved."})
    assert FundingDecision.objects.get().conditions == "Report after six months."


def test_the_decision_keeps_the_recipient_and_project_as_they_are_when_it_is_recorded(
    member_client, panel, application, members
):
    """What open data, the letter and the report read: a copy made when the panel decides."""
    organisation = application.organisation
    type(organisation).objects.filter(pk=organisation.pk).update(charity_number="1164883", town="Armley")
    everyone_votes(members, application, "fund", 100000)
    member_client.post(url(panel, application), {"rationale": "Well loved."})
    type(organisation).objects.filter(pk=organisation.pk).update(name="Renamed Later", charity_number="", town="Leeds")
    type(application).objects.filter(pk=application.pk).update(project_title="Retitled later")

    decision = FundingDecision.objects.get(application=application)
    assert decision.recipient_name == "Armley Tea Club"
    assert (decision.recipient_charity_number, decision.recipient_town) == ("1164883", "Armley")
    assert decision.project_title == application.project_title != "Retitled later"
    assert decision.grant_description.startswith(
        f"Armley Tea Club was given this grant for “{application.project_title}”"
    )
    assert decision.recipient_org_identifier("360G-tts") == "GB-CHC-1164883"


def test_recording_a_decision_again_keeps_the_details_as_they_are_then(member_client, panel, application, members):
    everyone_votes(members, application, "fund", 100000)
    member_client.post(url(panel, application), {"rationale": "Well loved."})
    type(application.organisation).objects.filter(pk=application.organisation_id).update(name="Armley Tea Club CIO")
    everyone_votes(members, application, "decline")
    member_client.post(url(panel, application), {"rationale": "On reflection, not for this fund."})

    decision = FundingDecision.objects.get(application=application)
    assert (decision.outcome, decision.recipient_name, decision.grant_description) == (
        "decline",
        "Armley Tea Club CIO",
        "",
    )
