"""Casting shortlist votes through the service: one vote per member (voting again changes it),
every vote in the audit trail, a recorded conflict takes the member's vote out of the count."""

import pytest
from django.core.exceptions import PermissionDenied

from commissioning.models import AuditEvent, FundingRound
from panels import services
from panels.audit import Verb
from panels.exceptions import PanelError
from panels.models import PanelMembership, ShortlistOutcome, Vote
from tests.commissioning.factories import UserFactory
from tests.panels.factories import seat
from tests.panels.views.conftest import declare


@pytest.fixture
def third(panel):
    person = UserFactory(email="third.volunteer@example.org", full_name="Thea Third")
    seat(person, panel)
    return person


@pytest.fixture
def everyone_declared(member, colleague, third, application):
    for person in (member, colleague, third):
        declare(person, application)
    return [member, colleague, third]


def vote(user, application, include=True):
    return services.shortlist.cast_shortlist_vote(actor=user, application=application, include=include)


def outcome(application):
    return ShortlistOutcome.objects.get(application=application)


def test_voting_again_changes_the_vote_and_never_duplicates_it(everyone_declared, member, application):
    vote(member, application, include=True)
    vote(member, application, include=False)
    assert Vote.objects.filter(application=application).count() == 1
    assert Vote.objects.get(application=application).choice == Vote.Choice.EXCLUDE
    events = AuditEvent.objects.filter(verb=Verb.VOTE_CAST).order_by("pk")
    assert [event.data["changed_from"] for event in events] == [None, Vote.Choice.INCLUDE]
    assert (outcome(application).include_votes, outcome(application).exclude_votes) == (0, 1)


def test_the_shortlist_follows_the_majority_once_the_quorum_has_voted(everyone_declared, application):
    member, colleague, third = everyone_declared
    vote(member, application, True)
    vote(colleague, application, True)
    assert outcome(application).outcome == ShortlistOutcome.Outcome.AWAITING
    vote(third, application, False)
    assert outcome(application).outcome == ShortlistOutcome.Outcome.INCLUDED


def test_a_tie_is_recorded_as_a_tie_for_the_panel_to_discuss(everyone_declared, panel, application):
    panel.quorum = 2
    panel.save()
    member, colleague, _ = everyone_declared
    vote(member, application, True)
    vote(colleague, application, False)
    assert outcome(application).outcome == ShortlistOutcome.Outcome.TIE


def test_a_conflict_recorded_after_shortlisting_leaves_the_shortlist_as_it_stood(
    everyone_declared, application, facilitator
):
    for person in everyone_declared:
        vote(person, application, True)
    FundingRound.objects.filter(pk=application.funding_round_id).update(status=FundingRound.Status.DECISION)
    application.funding_round.refresh_from_db()
    services.membership.record_known_conflict(
        actor=facilitator,
        membership=everyone_declared[2].panel_memberships.get(),
        application=application,
        nature="A trustee of the organisation",
    )
    assert outcome(application).outcome == ShortlistOutcome.Outcome.INCLUDED
    assert PanelMembership.objects.taking_part_in(application).count() == 2


def test_a_conflict_recorded_after_voting_takes_the_vote_out_of_the_count(everyone_declared, application, facilitator):
    member, colleague, third = everyone_declared
    for person in everyone_declared:
        vote(person, application, True)
    assert outcome(application).outcome == ShortlistOutcome.Outcome.INCLUDED
    services.membership.record_known_conflict(
        actor=facilitator,
        membership=third.panel_memberships.get(),
        application=application,
        nature="A trustee of the organisation",
    )
    assert outcome(application).outcome == ShortlistOutcome.Outcome.AWAITING
    assert outcome(application).include_votes == 2
    assert PanelMembership.objects.taking_part_in(application).count() == 2


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_never_vote_even_through_the_service(persona, request, application):
    with pytest.raises(PermissionDenied, match="These decisions belong to the volunteers"):
        vote(request.getfixturevalue(persona), application)
    assert not Vote.objects.exists()


def test_a_member_who_declared_a_conflict_cannot_vote(member, application):
    declare(member, application, conflict=True)
    with pytest.raises(PermissionDenied, match="conflict of interest"):
        vote(member, application)


def test_shortlist_votes_wait_for_the_shortlisting_stage_and_stop_after_it(everyone_declared, member, application):
    FundingRound.objects.filter(pk=application.funding_round_id).update(status=FundingRound.Status.DECISION)
    application.refresh_from_db()
    with pytest.raises(PanelError, match="during the shortlisting stage"):
        vote(member, application)
    assert not Vote.objects.exists()


def test_a_member_of_another_panel_and_an_applicant_are_refused_with_the_reason(application, funding_round, applicant):
    from panels.models import Panel
    from tests.applications.factories import join_organisation

    stranger = UserFactory(email="panel.b@example.org")
    seat(stranger, Panel.objects.create(funding_round=funding_round, name="Panel B"))
    join_organisation(applicant, application.organisation)
    for person in (stranger, applicant):
        with pytest.raises(PermissionDenied, match="Only members of the panel this application was given to"):
            vote(person, application)
    assert not Vote.objects.exists()
