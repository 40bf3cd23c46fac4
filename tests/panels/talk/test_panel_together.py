"""The panel's "Questions and meetings" page: members ask staff, every question and its answer is
there for the whole panel, and the together sessions are listed, upcoming first."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.models import AuditEvent
from panels import services
from panels.audit import Verb
from panels.models import Panel, PanelQuestion, TogetherSession
from tests.helpers import assert_page_queries
from tests.panels.views.conftest import add_application, declare

LONDON = ZoneInfo("Europe/London")


def url(panel):
    return reverse("panels:panel_together", args=[panel.pk])


def session(panel, by, *, starts_at, title="Talking through our scores", **fields):
    fields = {"place": "Room 2, Leeds Central Library", "duration_minutes": 120, **fields}
    return TogetherSession.objects.create(panel=panel, arranged_by=by, title=title, starts_at=starts_at, **fields)


def test_a_member_asks_about_the_process(member_client, member, panel):
    response = member_client.post(url(panel), {"text": "How long do we have to score?", "application": ""})

    question = PanelQuestion.objects.get()
    assert response.status_code == 302 and response.url == url(panel) + "#questions"
    assert (question.asked_by, question.text, question.application) == (member, "How long do we have to score?", None)
    assert AuditEvent.objects.filter(verb=Verb.PANEL_QUESTION_ASKED, actor=member).exists()
    page = member_client.get(url(panel)).content.decode()
    assert "How long do we have to score?" in page and "Waiting for an answer" in page


def test_a_member_asks_about_an_application_they_may_open(member_client, member, panel, application):
    declare(member, application)
    page = member_client.get(url(panel)).content.decode()
    assert application.organisation.name in page  # offered as a choice

    member_client.post(url(panel), {"text": "Is the budget yearly?", "application": str(application.pk)})

    assert PanelQuestion.objects.get().application == application


def test_the_whole_panel_sees_a_question_and_its_answer(client, member, colleague, facilitator, panel):
    question = services.talk.ask_staff(actor=member, panel=panel, text="Can we meet in the afternoon?")
    services.talk.answer_panel_question(actor=facilitator, question=question, answer="Yes: 2pm suits the library.")
    client.force_login(colleague)

    page = client.get(url(panel)).content.decode()

    assert "Pamela Panel asked" in page
    assert "Can we meet in the afternoon?" in page and "Yes: 2pm suits the library." in page
    assert "Waiting for an answer" not in page


def test_a_question_about_an_application_stays_with_those_who_may_open_it(
    client, member, colleague, panel, application
):
    declare(member, application)
    declare(colleague, application, conflict=True)
    services.talk.ask_staff(actor=member, panel=panel, text="Who runs their lunch club?", application=application)
    services.talk.ask_staff(actor=member, panel=panel, text="Where do we meet?")
    client.force_login(colleague)

    page = client.get(url(panel)).content.decode()

    assert "Where do we meet?" in page
    assert "Who runs their lunch club?" not in page


def test_staff_see_every_question_with_a_link_to_answer_but_cannot_ask(client, facilitator, member, panel, application):
    declare(member, application)
    question = services.talk.ask_staff(actor=member, panel=panel, text="Who runs it?", application=application)
    client.force_login(facilitator)

    page = client.get(url(panel)).content.decode()

    assert "Who runs it?" in page
    assert reverse("panels:question_answer", args=[question.pk]) in page
    assert 'name="text"' not in page
    refused = client.post(url(panel), {"text": "May I ask?"})
    assert refused.status_code == 403
    assert "Only the panel&#x27;s members ask staff questions here." in refused.content.decode()


def test_sessions_upcoming_first_then_past_with_who_came(member_client, member, colleague, facilitator, panel):
    now = timezone.now()
    earlier = session(panel, facilitator, title="Getting started", starts_at=now - timedelta(days=7))
    earlier.attendees.set([member.panel_memberships.get(), colleague.panel_memberships.get()])
    session(
        panel,
        facilitator,
        title="Talking through our scores",
        starts_at=datetime(2030, 3, 5, 10, 0, tzinfo=LONDON),
        place="",
        video_link="https://meet.example.org/panel-a",
        agenda="Welcome and tea.\n\nThe applications we disagree on.",
    )

    page = member_client.get(url(panel)).content.decode()

    assert page.index("Talking through our scores") < page.index("Getting started")
    assert "Tuesday 5 March 2030, 10:00 am to 12:00 pm" in page
    assert 'href="https://meet.example.org/panel-a"' in page
    assert "<p>Welcome and tea.</p>" in page and "<p>The applications we disagree on.</p>" in page
    assert "Room 2, Leeds Central Library" in page
    who_came = page[page.index("Who came") :]
    assert "Colin Colleague" in who_came and "Pamela Panel" in who_came


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "", "application": ""}, "Write your question before sending it"),
        ({"text": "x" * 2001, "application": ""}, "Your question must be 2,000 characters or fewer"),
        ({"text": "Is it yearly?", "application": "999999"}, "Choose one of the applications you can open, or none"),
        ({"text": "Is it yearly?", "application": "nonsense"}, "Choose one of the applications you can open, or none"),
    ],
)
def test_a_bad_question_is_refused_in_plain_words_and_kept(member_client, member, panel, application, data, message):
    declare(member, application)  # so there is an application to choose
    response = member_client.post(url(panel), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and page.count(message) >= 2
    if data["text"]:
        assert data["text"] in page
    assert not PanelQuestion.objects.exists()


def test_a_member_cannot_ask_about_an_application_they_are_conflicted_on(member_client, member, panel, application):
    declare(member, application, conflict=True)
    response = member_client.post(url(panel), {"text": "Tell me more?", "application": str(application.pk)})
    assert "Choose one of the applications you can open, or none" in response.content.decode()
    assert not PanelQuestion.objects.exists()


def test_a_member_cannot_ask_about_another_panels_application(member_client, funding_round, facilitator, panel):
    elsewhere = add_application(Panel.objects.create(funding_round=funding_round, name="Panel B"), facilitator)
    response = member_client.post(url(panel), {"text": "And this one?", "application": str(elsewhere.pk)})
    assert "Choose one of the applications you can open, or none" in response.content.decode()
    assert not PanelQuestion.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "applicant"])
def test_people_outside_the_panel_do_not_find_it(client, persona, request, panel):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(panel)).status_code == 404
    assert client.post(url(panel), {"text": "Hello?"}).status_code == 404
    assert not PanelQuestion.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, panel):
    response = client.get(url(panel))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url


def test_the_application_choice_shows_only_when_there_is_one_to_choose(member_client, member, panel, application):
    assert 'name="application"' not in member_client.get(url(panel)).content.decode()
    declare(member, application)
    assert 'name="application"' in member_client.get(url(panel)).content.decode()


def test_the_panel_page_links_here(member_client, panel):
    assert url(panel) in member_client.get(panel.get_absolute_url()).content.decode()


def test_the_page_costs_the_same_queries_as_questions_and_sessions_grow(
    member_client, member, colleague, facilitator, panel, application
):
    declare(member, application)
    now = timezone.now()

    def grow(start):
        for number in range(start, start + 3):
            question = services.talk.ask_staff(actor=colleague, panel=panel, text=f"Question {number}")
            services.talk.answer_panel_question(actor=facilitator, question=question, answer=f"Answer {number}")
            services.talk.ask_staff(actor=member, panel=panel, text=f"About it {number}", application=application)
            upcoming = session(panel, facilitator, title=f"Coming {number}", starts_at=now + timedelta(days=number))
            past = session(panel, facilitator, title=f"Past {number}", starts_at=now - timedelta(days=number + 1))
            past.attendees.set([member.panel_memberships.get(), colleague.panel_memberships.get()])
            upcoming.attendees.set([])

    grow(1)
    assert_page_queries(member_client, url(panel), at_most=12, add_data=lambda: grow(10))


def test_staff_see_the_page_in_as_few_queries_as_it_grows(client, facilitator, member, panel):
    client.force_login(facilitator)

    def grow(start):
        for number in range(start, start + 3):
            services.talk.ask_staff(actor=member, panel=panel, text=f"Question {number}")
            session(panel, facilitator, title=f"Past {number}", starts_at=timezone.now() - timedelta(days=number + 1))

    grow(1)
    assert_page_queries(client, url(panel), at_most=9, add_data=lambda: grow(10))
