"""Staff record who came to a together session, from the panel's accepted members."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.models import AuditEvent
from panels.audit import Verb
from panels.models import Panel, PanelMembership, TogetherSession
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.factories import seat


def url(session):
    return reverse("panels:session_attendance", args=[session.pk])


@pytest.fixture
def session(panel, facilitator):
    return TogetherSession.objects.create(
        panel=panel,
        arranged_by=facilitator,
        title="Getting started",
        starts_at=timezone.now() - timedelta(days=2),
        place="Room 2",
    )


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


def seat_of(user):
    return PanelMembership.objects.get(user=user)


def test_staff_tick_who_came(staff_client, session, member, colleague, panel):
    invited = UserFactory(email="not.yet@example.org", full_name="Ivy Invited")
    PanelMembership.objects.create(panel=panel, user=invited)

    page = staff_client.get(url(session)).content.decode()
    assert "Pamela Panel" in page and "Colin Colleague" in page
    assert "Ivy Invited" not in page  # only members who said yes

    response = staff_client.post(url(session), {"attendees": [seat_of(member).pk]})

    assert response.status_code == 302
    assert list(session.attendees.all()) == [seat_of(member)]
    assert AuditEvent.objects.get(verb=Verb.ATTENDANCE_RECORDED).data == {"attended": 1}
    together = staff_client.get(reverse("panels:panel_together", args=[panel.pk])).content.decode()
    who_came = together[together.index("Who came") :]
    assert "Pamela Panel" in who_came and "Colin Colleague" not in who_came


def test_the_ticks_already_recorded_show_and_can_be_cleared(staff_client, session, member):
    session.attendees.set([seat_of(member)])
    page = staff_client.get(url(session)).content.decode()
    assert "checked" in page

    staff_client.post(url(session), {})

    assert not session.attendees.exists()


def test_someone_from_another_panel_cannot_be_ticked(staff_client, session, member, funding_round):
    stranger = UserFactory(email="other.panel@example.org")
    elsewhere = seat(stranger, Panel.objects.create(funding_round=funding_round, name="Panel B"))

    response = staff_client.post(url(session), {"attendees": [seat_of(member).pk, elsewhere.pk]})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and page.count("Tick only members of this panel") >= 2
    assert not session.attendees.exists()


def test_nonsense_is_refused(staff_client, session):
    response = staff_client.post(url(session), {"attendees": ["nonsense"]})
    assert "Tick only members of this panel" in response.content.decode()


def test_members_cannot_record_attendance(member_client, session, member):
    assert member_client.get(url(session)).status_code == 403
    assert member_client.post(url(session), {"attendees": [seat_of(member).pk]}).status_code == 403
    assert not session.attendees.exists()


def test_an_unknown_session_is_not_found(staff_client):
    assert staff_client.get(reverse("panels:session_attendance", args=[999999])).status_code == 404


def test_the_page_costs_the_same_queries_however_many_members(staff_client, session, panel, member):
    session.attendees.set([seat_of(member)])

    def more_members():
        for number in range(4):
            person = UserFactory(email=f"volunteer{number}@example.org", full_name=f"Volunteer {number}")
            session.attendees.add(seat(person, panel))

    assert_page_queries(staff_client, url(session), at_most=6, add_data=more_members)
