"""Sending an application: the declaration, a reference, one receipt, and only before the deadline."""

import pytest

from applications.audit import Verb
from applications.models import Application
from commissioning.models import AuditEvent
from tests.applications.factories import OrganisationFactory, answer_everything, join_organisation
from tests.commissioning.factories import UserFactory

from .application_support import close_applications, draft_of, messages_of, sign_in_url, text, url


@pytest.fixture
def draft(applicant):
    application = draft_of(applicant)
    answer_everything(application, "We will visit people at home & bring them along.")
    return application


def send(client, draft, declaration=True):
    return client.post(url("application_submit", draft), {"declaration": "on"} if declaration else {})


def test_sending_gives_a_reference_a_receipt_and_the_confirmation(
    client, applicant, draft, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, draft)

    assert response.status_code == 302
    assert response.url == url("application_confirmation", draft)
    draft.refresh_from_db()
    assert draft.status == Application.Status.SUBMITTED
    assert draft.reference.startswith("TTS-")
    event = AuditEvent.objects.get(verb=Verb.APPLICATION_SUBMITTED)
    assert (event.actor, event.target, event.data) == (applicant, draft, {"reference": draft.reference})

    (email,) = mailoutbox
    assert email.to == ["applicant@example.org"]
    assert draft.reference in email.subject
    assert draft.funding_round.title in email.subject
    for body in (email.body, email.alternatives[0][0]):
        assert draft.reference in body
        assert draft.organisation.name in body
        assert draft.funding_round.title in body
        assert "£75,000" in body
        assert "Who is your project for?" in body
        assert "How will you find lonely people?" in body
        assert "What happens next" in body
        assert f"http://127.0.0.1:8000/applications/{draft.pk}/" in body
    assert "We will visit people at home & bring them along." in email.body  # plain text: not escaped
    assert "We will visit people at home &amp; bring them along." in email.alternatives[0][0]


def test_the_receipt_also_goes_to_the_main_contact(
    client, applicant, draft, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = UserFactory(email="colin@example.org")
    join_organisation(colleague, draft.organisation)
    client.force_login(colleague)

    with django_capture_on_commit_callbacks(execute=True):
        send(client, draft)

    assert mailoutbox[0].to == ["applicant@example.org", "colin@example.org"]


def test_without_the_declaration_nothing_is_sent_and_the_box_says_why(
    client, applicant, draft, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, draft, declaration=False)

    assert response.status_code == 200
    page = text(response)
    assert "Check your answers before sending your application" in page
    assert '<li><a href="#id_declaration">Confirm that the information is true and complete</a></li>' in page
    assert "govuk-form-group--error" in page
    draft.refresh_from_db()
    assert draft.is_draft
    assert mailoutbox == []


def test_an_unfinished_application_goes_back_to_the_check_page(client, applicant):
    draft = draft_of(applicant, project_title="")
    answer_everything(draft)
    client.force_login(applicant)

    response = send(client, draft)

    assert response.status_code == 302
    assert response.url == url("application_check", draft)
    assert messages_of(response) == ["Your application is not finished yet: Give your project a title."]
    draft.refresh_from_db()
    assert draft.is_draft


def test_sending_twice_sends_once_with_one_email(
    client, applicant, draft, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        first = send(client, draft)
        second = send(client, draft)

    assert first.url == url("application_confirmation", draft)
    draft.refresh_from_db()
    assert second.status_code == 302
    assert second.url == draft.get_absolute_url()
    assert messages_of(second) == [f"This application was already sent, with the reference {draft.reference}."]
    assert Application.objects.filter(reference__isnull=False).count() == 1
    assert AuditEvent.objects.filter(verb=Verb.APPLICATION_SUBMITTED).count() == 1
    assert len(mailoutbox) == 1


def test_after_the_deadline_it_cannot_be_sent(client, applicant, draft, mailoutbox, django_capture_on_commit_callbacks):
    close_applications(draft.funding_round)
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, draft)

    assert response.status_code == 403
    assert "This funding round has closed, so applications can no longer be changed or sent." in text(response)
    draft.refresh_from_db()
    assert draft.is_draft
    assert mailoutbox == []


def test_get_is_not_allowed(client, applicant, draft):
    client.force_login(applicant)

    assert client.get(url("application_submit", draft)).status_code == 405


def test_visitors_are_asked_to_sign_in(client, draft):
    response = send(client, draft)

    assert response.status_code == 302
    assert response.url == sign_in_url(url("application_submit", draft))


def test_another_organisations_member_gets_404(client, other_applicant, draft):
    join_organisation(other_applicant, OrganisationFactory(main_contact=other_applicant))
    client.force_login(other_applicant)

    assert send(client, draft).status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft


def test_staff_get_404_for_a_draft(client, facilitator, draft):
    client.force_login(facilitator)

    assert send(client, draft).status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft
