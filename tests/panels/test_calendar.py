"""Calendar files (.ics) for together sessions and interviews, read back with the `icalendar`
parser: one VEVENT with a stable UID, DTSTART and DTEND in UTC, text escaped and long lines
folded; downloaded by the panel's members and the staff who support it."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from panels import calendar
from panels.models import InterestDeclaration, InterviewSlot, Panel, PanelMembership, TogetherSession
from tests.helpers import assert_page_queries

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def session(panel, facilitator):
    return TogetherSession.objects.create(
        panel=panel,
        title="Scores, questions; and next steps",
        starts_at=datetime(2026, 7, 14, 10, 30, tzinfo=LONDON),
        duration_minutes=90,
        place="Leeds Civic Hall,\nRoom 3 (up the ramp)",
        agenda="1. Welcome\n2. What we each thought, in turn\\n not a line break",
        arranged_by=facilitator,
    )


def event_of(text: str):
    parsed = icalendar.Calendar.from_ical(text)
    [event] = parsed.walk("VEVENT")
    return parsed, event


def test_a_session_file_reads_back_as_one_event_in_utc(session, settings):
    settings.SITE_URL = "https://together.example.org"
    text = calendar.session_file(session)
    parsed, event = event_of(text)
    assert parsed["VERSION"] == "2.0" and parsed["PRODID"] == calendar.PRODUCT
    assert event["UID"] == f"together-session-{session.pk}@together.example.org"
    # 10:30 in Leeds in July is 09:30 UTC (British Summer Time), written with a Z.
    assert event.decoded("DTSTART") == datetime(2026, 7, 14, 9, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 7, 14, 11, 0, tzinfo=UTC)
    assert "DTSTART:20260714T093000Z\r\n" in text and "DTEND:20260714T110000Z\r\n" in text
    assert "DTSTAMP:" in text
    assert str(event["SUMMARY"]) == "Panel A: Scores, questions; and next steps"
    assert str(event["LOCATION"]) == "Leeds Civic Hall,\nRoom 3 (up the ramp)"
    assert str(event["DESCRIPTION"]).startswith("1. Welcome\n2. What we each thought, in turn\\n not a line break")
    assert str(event["URL"]).endswith(f"/panels/{session.panel_id}/together/#session-{session.pk}")


def test_a_winter_time_is_the_same_in_utc(session):
    session.starts_at = datetime(2026, 12, 1, 14, 0, tzinfo=LONDON)
    _, event = event_of(calendar.session_file(session))
    assert event.decoded("DTSTART") == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def test_text_is_escaped():
    assert calendar.escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "Café for older people — a welcome " * 5
    folded = calendar.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece.removeprefix(" ") if i else piece for i, piece in enumerate(pieces)) == line


def test_the_uid_stays_when_the_time_changes(session):
    _, before = event_of(calendar.session_file(session))
    session.starts_at += timedelta(days=1)
    _, after = event_of(calendar.session_file(session))
    assert before["UID"] == after["UID"] and before["DTSTART"] != after["DTSTART"]


def session_url(session) -> str:
    return reverse("panels:session_calendar", args=[session.pk])


def test_a_member_downloads_the_session_file(member_client, session):
    response = member_client.get(session_url(session))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="together-session-{session.pk}.ics"'
    _, event = event_of(response.content.decode())
    assert str(event["SUMMARY"]) == "Panel A: Scores, questions; and next steps"


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_download_it_too(persona_client, session):
    assert persona_client.get(session_url(session)).status_code == 200


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member"], indirect=True)
def test_people_outside_the_panel_do_not_find_it(persona_client, session):
    assert persona_client.get(session_url(session)).status_code == 404


def test_a_member_of_another_panel_does_not_find_it(client, session, funding_round):
    from tests.commissioning.factories import UserFactory
    from tests.panels.factories import seat

    other = seat(UserFactory(), Panel.objects.create(funding_round=funding_round, name="Panel B"))
    client.force_login(other.user)
    assert client.get(session_url(session)).status_code == 404


def test_visitors_are_sent_to_sign_in(client, session):
    assert client.get(session_url(session)).status_code == 302


def test_only_get(member_client, session):
    assert member_client.post(session_url(session)).status_code == 405


def test_the_file_costs_a_fixed_number_of_queries(member_client, session):
    assert_page_queries(member_client, session_url(session), at_most=6)


def test_the_together_page_offers_add_to_calendar(member_client, session, panel):
    TogetherSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() + timedelta(days=3))
    page = member_client.get(reverse("panels:panel_together", args=[panel.pk])).content.decode()
    assert f'href="{session_url(session)}" download>Add to calendar' in page


@pytest.fixture
def slot(panel, application, facilitator):
    return InterviewSlot.objects.create(
        panel=panel,
        starts_at=datetime(2026, 3, 6, 10, 0, tzinfo=LONDON),
        place="Leeds Civic Hall",
        application=application,
        booked_by=facilitator,
        booked_at=timezone.now(),
    )


def test_a_member_downloads_a_booked_interview(member_client, slot, application):
    response = member_client.get(reverse("panels:interview_calendar", args=[slot.pk]))
    assert response.status_code == 200
    _, event = event_of(response.content.decode())
    assert str(event["SUMMARY"]) == f"Panel A: interview with {application.organisation.name}"
    assert event.decoded("DTSTART") == datetime(2026, 3, 6, 10, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 3, 6, 10, 45, tzinfo=UTC)
    assert str(event["UID"]).startswith(f"interview-{slot.pk}@")


def test_a_free_interview_time_has_no_file(member_client, panel):
    free = InterviewSlot.objects.create(panel=panel, starts_at=timezone.now(), place="Leeds")
    assert member_client.get(reverse("panels:interview_calendar", args=[free.pk])).status_code == 404


def test_the_interview_page_offers_add_to_calendar_but_not_to_a_conflicted_member(
    member_client, slot, panel, application, member
):
    url = reverse("panels:interviews_panel", args=[panel.pk])
    calendar_link = f'href="{reverse("panels:interview_calendar", args=[slot.pk])}" download>Add to calendar'
    InterestDeclaration.objects.create(
        membership=PanelMembership.objects.get(user=member),
        application=application,
        has_conflict=False,
        recorded_by=member,
    )
    assert calendar_link in member_client.get(url).content.decode()
    InterestDeclaration.objects.filter(membership__user=member).update(has_conflict=True, nature="My sister runs it.")
    page = member_client.get(url).content.decode()
    assert "Conflict declared" in page and calendar_link not in page
