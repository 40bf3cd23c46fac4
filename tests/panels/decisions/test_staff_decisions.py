"""Staff follow the panel's decisions read-only (scores too: the round is past shortlisting),
see who has voted, and record the decision meeting: who attended and the declarations made."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from commissioning.models import AuditEvent
from panels import services
from panels.audit import Verb
from panels.exceptions import PanelError
from panels.models import Panel, TogetherSession
from tests.helpers import assert_page_queries
from tests.panels.factories import seat

from .bulk import bulk_shortlist
from .conftest import everyone_votes, scored, vote

LONDON = ZoneInfo("Europe/London")


def url(panel):
    return reverse("panels:panel_decisions", args=[panel.pk])


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def session(panel, facilitator):
    return services.talk.arrange_session(
        actor=facilitator,
        panel=panel,
        title="Deciding together",
        starts_at=datetime(2026, 7, 14, 14, 30, tzinfo=LONDON),
        place="Armley Library, upstairs",
    )


def test_staff_see_the_ranked_list_who_has_voted_and_no_way_to_vote(staff_client, panel, application, members):
    scored(application, members[0], 3)
    vote(members[0], application, "fund", 100000)
    vote(members[1], application, "decline")
    page = staff_client.get(url(panel)).content.decode()
    assert "75.0%" in page
    assert "1 fund, 1 decline — 2 of the quorum of 3 have voted" in page
    assert "Voted: Pamela Panel, Volunteer 2" in page
    for name in ("decision_vote", "decision_record", "feedback_write"):
        assert reverse(f"panels:{name}", args=[panel.pk, application.pk]) not in page


def test_staff_record_the_meeting_with_who_attended_and_the_declarations(
    staff_client, panel, application, members, session, facilitator
):
    seats = [member.panel_memberships.get(panel=panel) for member in members[:2]]
    response = staff_client.post(
        url(panel),
        {
            "session": session.pk,
            "attendees": [seat.pk for seat in seats],
            "declarations": "Volunteer 3 knows the choir's leader and left the room for that one.",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert set(session.attendees.all()) == set(seats)
    assert session.declarations.startswith("Volunteer 3 knows")
    event = AuditEvent.objects.get(verb=Verb.MEETING_RECORDED)
    assert event.actor == facilitator
    assert sorted(event.data["attended"]) == sorted(member.email for member in members[:2])
    assert event.data["declarations"] is True
    page = staff_client.get(url(panel)).content.decode()
    assert "Attended: Pamela Panel, Volunteer 2." in page
    assert "14 July 2026, 2:30 pm" in page


def test_staff_can_record_a_meeting_that_was_not_arranged_here(staff_client, panel, members):
    response = staff_client.post(
        url(panel),
        {"title": "Decision day", "starts_at": "15/07/2026 10:00", "place": "Leeds Civic Hall", "attendees": []},
    )
    assert response.status_code == 302
    meeting = TogetherSession.objects.get(panel=panel)
    assert (meeting.title, meeting.place) == ("Decision day", "Leeds Civic Hall")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose the meeting, or enter the name of a new one"),
        ({"title": "Decision day", "place": "Hall"}, "Enter when the meeting started, like 14/07/2026 14:30"),
        ({"title": "Decision day", "starts_at": "next Tuesday", "place": "Hall"}, "Enter the date and time like"),
        ({"title": "x" * 201, "starts_at": "15/07/2026 10:00", "place": "Hall"}, "The name must be 200 characters"),
        ({"session": "999999"}, "Choose one of this panel’s meetings"),
        (
            {"title": "Decision day", "starts_at": "15/07/2026 10:00", "place": "Hall", "declarations": "x" * 5001},
            "The declarations must be 5,000 characters or fewer",
        ),
    ],
)
def test_wrong_meeting_details_are_explained_and_nothing_is_saved(staff_client, panel, data, message):
    page = staff_client.post(url(panel), data).content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not TogetherSession.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.MEETING_RECORDED).exists()


def test_another_panels_meeting_or_member_cannot_be_used(staff_client, panel, session, facilitator, funding_round):
    from tests.commissioning.factories import UserFactory

    other = Panel.objects.create(funding_round=funding_round, name="Panel B")
    stranger = seat(UserFactory(email="stranger@example.org"), other)
    theirs = services.talk.arrange_session(
        actor=facilitator,
        panel=other,
        title="Theirs",
        starts_at=datetime(2026, 7, 1, 10, tzinfo=LONDON),
        place="Elsewhere",
    )
    page = staff_client.post(url(panel), {"session": theirs.pk}).content.decode()
    assert "Choose one of this panel’s meetings" in page
    page = staff_client.post(url(panel), {"session": session.pk, "attendees": [stranger.pk]}).content.decode()
    assert "Tick only this panel’s members" in page
    with pytest.raises(PanelError, match="Only the panel's own members"):
        services.decisions.record_meeting(actor=facilitator, panel=panel, session=session, attendees=[stranger])
    assert not session.attendees.exists()


def test_members_cannot_record_the_meeting(client, panel, members, session):
    client.force_login(members[0])
    assert client.get(url(panel)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.decisions.record_meeting(actor=members[0], panel=panel, session=session, attendees=[])


def test_staff_still_cannot_vote_or_record_through_the_services(panel, application, members, facilitator):
    everyone_votes(members, application, "decline")
    with pytest.raises(PermissionDenied):
        services.decisions.record_funding_decision(
            actor=facilitator, application=application, rationale="Staff decided."
        )


def test_the_page_costs_the_same_queries_with_200_shortlisted_applications(
    staff_client, panel, members, facilitator, application, session
):
    bulk_shortlist(panel, facilitator, members, 5)
    assert_page_queries(
        staff_client,
        url(panel),
        at_most=16,
        add_data=lambda: bulk_shortlist(panel, facilitator, members, 200, start=5),
    )
