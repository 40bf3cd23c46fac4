"""Staff arrange a together session, or change one: a date, a start and end time, a place or a
video link, and an agenda. The panel's members are emailed either way."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from commissioning.models import AuditEvent
from panels.audit import Verb
from panels.forms.talk import parse_time
from panels.models import TogetherSession

LONDON = ZoneInfo("Europe/London")


def new_url(panel):
    return reverse("panels:session_arrange", args=[panel.pk])


def edit_url(session):
    return reverse("panels:session_edit", args=[session.pk])


def form_data(**changes):
    data = {
        "title": "Talking through our scores",
        "on_date_0": "6",
        "on_date_1": "3",
        "on_date_2": "2018",
        "starts": "10am",
        "ends": "12:00 pm",
        "place": "Room 2, Leeds Central Library",
        "video_link": "",
        "agenda": "Welcome and tea.\n\nThe applications we disagree on.",
    }
    return {**data, **changes}


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def session(panel, facilitator):
    return TogetherSession.objects.create(
        panel=panel,
        arranged_by=facilitator,
        title="Getting started",
        starts_at=datetime(2018, 3, 6, 14, 30, tzinfo=LONDON),
        duration_minutes=90,
        video_link="https://meet.example.org/panel-a",
    )


def test_staff_arrange_a_session_and_the_members_are_emailed(
    staff_client, facilitator, member, colleague, panel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(new_url(panel), form_data())

    session = TogetherSession.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("panels:panel_together", args=[panel.pk]) + f"#session-{session.pk}"
    assert session.starts_at == datetime(2018, 3, 6, 10, 0, tzinfo=LONDON)
    assert session.duration_minutes == 120
    assert (session.place, session.arranged_by) == ("Room 2, Leeds Central Library", facilitator)
    assert AuditEvent.objects.filter(verb=Verb.SESSION_ARRANGED).exists()
    assert sorted(email.to[0] for email in mail.outbox) == sorted([member.email, colleague.email])
    email = mail.outbox[0]
    assert email.subject == "Talking through our scores, Tuesday 6 March 2018 at 10:00 am"
    assert "Room 2, Leeds Central Library" in email.body and "The applications we disagree on." in email.body
    calendar = reverse("panels:session_calendar", args=[session.pk])
    assert "Add it to your calendar: http" in email.body and calendar in email.body
    assert f'{calendar}">Add to calendar</a>' in email.alternatives[0][0]


def test_the_session_shows_on_the_together_page(staff_client, member, panel):
    staff_client.post(new_url(panel), form_data())
    staff_client.force_login(member)
    page = staff_client.get(reverse("panels:panel_together", args=[panel.pk])).content.decode()
    assert "Tuesday 6 March 2018, 10:00 am to 12:00 pm" in page


def test_staff_change_a_session_and_the_members_hear_of_the_change(
    staff_client, member, session, django_capture_on_commit_callbacks
):
    page = staff_client.get(edit_url(session)).content.decode()
    assert 'value="Getting started"' in page and 'value="2:30pm"' in page and 'value="4:00pm"' in page
    assert 'value="https://meet.example.org/panel-a"' in page

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            edit_url(session),
            form_data(title="Getting started", starts="2pm", ends="3:30pm", place="", video_link=session.video_link),
        )

    session.refresh_from_db()
    assert TogetherSession.objects.count() == 1
    assert session.starts_at == datetime(2018, 3, 6, 14, 0, tzinfo=LONDON) and session.duration_minutes == 90
    assert AuditEvent.objects.filter(verb=Verb.SESSION_UPDATED).exists()
    assert [email.subject for email in mail.outbox] == ["Changed: Getting started, Tuesday 6 March 2018 at 2:00 pm"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Enter a title for the session"),
        ({"title": "x" * 201}, "The title must be 200 characters or fewer"),
        ({"on_date_0": "", "on_date_1": "", "on_date_2": ""}, "Enter the date of the session"),
        ({"on_date_0": "31", "on_date_1": "2"}, "Enter the date of the session as a real date"),
        ({"on_date_2": ""}, "The date of the session must include a year"),
        ({"starts": ""}, "Enter the start time"),
        ({"starts": "teatime"}, "Enter the start time like 10am or 2:30pm"),
        ({"starts": "10"}, "Enter the start time like 10am or 2:30pm"),
        ({"ends": "9am"}, "The end time must be after the start time"),
        ({"ends": "10:10am"}, "A session must last at least 15 minutes"),
        ({"place": "", "video_link": ""}, "Enter a place, or a video link for an online session"),
        ({"video_link": "not a link"}, "Enter the video link as a web address, like https://meet.example.org/panel-a"),
        ({"place": "x" * 301}, "The place must be 300 characters or fewer"),
        ({"agenda": "x" * 5001}, "The agenda must be 5,000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_in_plain_words_and_kept(staff_client, panel, changes, message):
    response = staff_client.post(new_url(panel), form_data(**changes))

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and page.count(message) >= 2
    assert 'value="Talking through our scores"' in page or "title" in changes
    assert not TogetherSession.objects.exists()


def test_a_video_link_alone_is_enough(staff_client, panel):
    staff_client.post(new_url(panel), form_data(place="", video_link="meet.example.org/panel-a"))
    assert TogetherSession.objects.get().video_link == "https://meet.example.org/panel-a"


@pytest.mark.parametrize(
    ("typed", "hour", "minute"),
    [("10am", 10, 0), ("10:30 am", 10, 30), ("2.30pm", 14, 30), ("14:30", 14, 30), ("12pm", 12, 0), ("12am", 0, 0)],
)
def test_times_are_read_as_people_type_them(typed, hour, minute):
    found = parse_time(typed)
    assert (found.hour, found.minute) == (hour, minute)


@pytest.mark.parametrize("typed", ["10", "13pm", "25:00", "10:75", "noonish", ""])
def test_what_is_not_a_time_is_not_read_as_one(typed):
    assert parse_time(typed) is None


def test_members_cannot_arrange_or_change_sessions(member_client, panel, session):
    assert member_client.get(new_url(panel)).status_code == 403
    assert member_client.post(new_url(panel), form_data()).status_code == 403
    assert member_client.post(edit_url(session), form_data()).status_code == 403
    session.refresh_from_db()
    assert TogetherSession.objects.count() == 1 and session.title == "Getting started"


def test_unknown_panels_and_sessions_are_not_found(staff_client):
    assert staff_client.get(reverse("panels:session_arrange", args=[999999])).status_code == 404
    assert staff_client.get(reverse("panels:session_edit", args=[999999])).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, panel):
    response = client.get(new_url(panel))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url
