"""With the mail server down, staff answering a panel's question and arranging a together session
still work: the data is saved, the page is not an error, and each member's email waits in the
outbox until the mail server is back, then goes once (tests/mail.py)."""

from django.urls import reverse

from panels import services
from panels.models import TogetherSession
from tests.mail import assert_retry_sends_each_once, assert_waiting, mail_server_down

from .test_session_arrange import form_data, new_url


def test_staff_answer_a_panel_question(
    client, facilitator, member, colleague, panel, django_capture_on_commit_callbacks
):
    question = services.talk.ask_staff(actor=member, panel=panel, text="Can we meet in the afternoon?")
    client.force_login(facilitator)

    with mail_server_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("panels:question_answer", args=[question.pk]), {"answer": "Yes, at 2pm."})

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == "Yes, at 2pm."
    emails = assert_waiting(count=2)
    assert sorted(email.to[0] for email in emails) == sorted([member.email, colleague.email])
    messages = assert_retry_sends_each_once(count=2)
    assert all("Yes, at 2pm." in message.body for message in messages)


def test_staff_arrange_a_together_session(
    client, facilitator, member, colleague, panel, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)

    with mail_server_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(new_url(panel), form_data())

    assert response.status_code == 302
    session = TogetherSession.objects.get(panel=panel)
    assert session.title == "Talking through our scores"
    assert len(assert_waiting(count=2)) == 2
    messages = assert_retry_sends_each_once(count=2)
    assert sorted(message.to[0] for message in messages) == sorted([member.email, colleague.email])
