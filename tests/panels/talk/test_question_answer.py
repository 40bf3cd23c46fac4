"""Staff answer a member's question: the answer is shown to the whole panel, and the members
are emailed that it is there (for a question about one application, only those who may open it)."""

import pytest
from django.core import mail
from django.urls import reverse

from commissioning.models import AuditEvent
from panels import services
from panels.audit import Verb
from panels.models import Panel, PanelMembership
from tests.commissioning.factories import UserFactory
from tests.panels.factories import seat
from tests.panels.views.conftest import declare


def url(question):
    return reverse("panels:question_answer", args=[question.pk])


@pytest.fixture
def question(member, panel):
    return services.talk.ask_staff(actor=member, panel=panel, text="Can we meet in the afternoon?")


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_answer_and_the_panel_is_emailed(
    persona_client, question, panel, member, colleague, django_capture_on_commit_callbacks
):
    invited = UserFactory(email="not.yet@example.org")
    PanelMembership.objects.create(panel=panel, user=invited)  # invited, has not said yes: not emailed

    with django_capture_on_commit_callbacks(execute=True):
        response = persona_client.post(url(question), {"answer": "Yes: 2pm suits the library."})

    question.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("panels:panel_together", args=[panel.pk]) + f"#question-{question.pk}"
    assert question.answer == "Yes: 2pm suits the library." and question.answered_at is not None
    assert AuditEvent.objects.filter(verb=Verb.PANEL_QUESTION_ANSWERED).exists()
    assert sorted(email.to[0] for email in mail.outbox) == sorted([member.email, colleague.email])
    assert all(len(email.to) == 1 for email in mail.outbox)  # volunteers do not see each other's addresses
    email = mail.outbox[0]
    assert email.subject == "Panel A: staff have answered a question"
    assert "Can we meet in the afternoon?" in email.body and "Yes: 2pm suits the library." in email.body
    assert reverse("panels:panel_together", args=[panel.pk]) in email.body
    assert "Yes: 2pm suits the library." in email.alternatives[0].content


def test_an_answer_about_an_application_is_emailed_only_to_those_who_may_open_it(
    client, facilitator, member, colleague, panel, application, django_capture_on_commit_callbacks
):
    declare(member, application)
    declare(colleague, application, conflict=True)
    question = services.talk.ask_staff(actor=member, panel=panel, text="Who runs it?", application=application)
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(question), {"answer": "Their trustees."})

    assert [email.to for email in mail.outbox] == [[member.email]]


def test_the_page_shows_the_question_and_keeps_an_earlier_answer_to_change(client, facilitator, question):
    services.talk.answer_panel_question(actor=facilitator, question=question, answer="Probably.")
    client.force_login(facilitator)

    page = client.get(url(question)).content.decode()

    assert "Can we meet in the afternoon?" in page and "Pamela Panel asked" in page
    assert ">\nProbably.</textarea>" in page


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("", "Write the answer before sending it"),
        ("  ", "Write the answer before sending it"),
        ("x" * 5001, "The answer must be 5,000 characters or fewer"),
    ],
)
def test_a_bad_answer_is_refused_in_plain_words(client, facilitator, question, answer, message):
    client.force_login(facilitator)

    response = client.post(url(question), {"answer": answer})

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and page.count(message) >= 2
    question.refresh_from_db()
    assert question.answer == "" and not mail.outbox


def test_members_cannot_answer(member_client, question):
    assert member_client.get(url(question)).status_code == 403
    assert member_client.post(url(question), {"answer": "I know!"}).status_code == 403
    question.refresh_from_db()
    assert not question.is_answered


def test_a_member_of_another_panel_cannot_answer(client, funding_round, question):
    other = UserFactory(email="other.panel@example.org")
    seat(other, Panel.objects.create(funding_round=funding_round, name="Panel B"))
    client.force_login(other)
    assert client.post(url(question), {"answer": "Yes"}).status_code == 403


def test_an_unknown_question_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("panels:question_answer", args=[999999])).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, question):
    response = client.get(url(question))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url
