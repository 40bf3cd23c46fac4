"""With the mail server down, sending an application and inviting a colleague still work: the
data is saved, the page is not an error, and the email waits in the outbox until the mail
server is back, then goes once (tests/mail.py)."""

import pytest
from django.urls import reverse

from applications.models import Application, OrganisationInvitation
from tests.applications.factories import OrganisationFactory, answer_everything, join_organisation
from tests.mail import assert_retry_sends_each_once, assert_waiting, mail_server_down

from .application_support import draft_of, url

pytestmark = pytest.mark.django_db


def test_sending_an_application(client, applicant, django_capture_on_commit_callbacks):
    draft = draft_of(applicant)
    answer_everything(draft, "We will visit people at home.")
    client.force_login(applicant)

    with mail_server_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("application_submit", draft), {"declaration": "on"})

    assert response.status_code == 302
    assert response.url == url("application_confirmation", draft)
    draft.refresh_from_db()
    assert draft.status == Application.Status.SUBMITTED and draft.reference
    [email] = assert_waiting()
    assert email.to == ["applicant@example.org"]
    [receipt] = assert_retry_sends_each_once()
    assert draft.reference in receipt.subject


def test_inviting_a_colleague(client, applicant, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(main_contact=applicant)
    join_organisation(applicant, organisation)
    client.force_login(applicant)

    with mail_server_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:colleague_invite", args=[organisation.pk]), {"email": "colin@example.org"}
        )

    assert response.status_code == 302
    invitation = OrganisationInvitation.objects.get(organisation=organisation, email="colin@example.org")
    [email] = assert_waiting()
    assert email.to == ["colin@example.org"]
    [message] = assert_retry_sends_each_once()
    assert invitation.get_absolute_url() in message.body
