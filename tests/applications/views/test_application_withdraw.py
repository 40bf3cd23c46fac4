"""Withdrawing a sent application: a confirmation step first, because it cannot be undone."""

import pytest
from django.utils import timezone

from applications.audit import Verb
from applications.models import Application
from commissioning.models import AuditEvent
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation
from tests.helpers import assert_page_queries

from .application_support import draft_of, messages_of, sign_in_url, text, url


@pytest.fixture
def sent(applicant):
    return draft_of(applicant, submitted=True, reference="TTS-2018-0007")


def test_the_applicant_is_asked_to_confirm(client, applicant, sent):
    client.force_login(applicant)

    response = client.get(url("application_withdraw", sent))

    assert response.status_code == 200
    page = text(response)
    assert "Are you sure you want to withdraw this application?" in page
    assert "This cannot be undone." in page
    assert "Yes, withdraw it" in page
    sent.refresh_from_db()
    assert sent.status == Application.Status.SUBMITTED


def test_withdrawing_is_logged_and_the_page_says_so(client, applicant, sent):
    client.force_login(applicant)

    response = client.post(url("application_withdraw", sent))

    assert response.status_code == 302
    assert response.url == sent.get_absolute_url()
    assert messages_of(response) == [
        "You withdrew your application TTS-2018-0007. The panel will not see it, and nothing more will happen to it."
    ]
    sent.refresh_from_db()
    assert sent.status == Application.Status.WITHDRAWN
    assert sent.withdrawn_at is not None
    event = AuditEvent.objects.get(verb=Verb.APPLICATION_WITHDRAWN)
    assert (event.actor, event.target) == (applicant, sent)


def test_an_eligible_application_can_be_withdrawn(client, applicant):
    application = draft_of(applicant, submitted=True, status=Application.Status.ELIGIBLE)
    client.force_login(applicant)

    client.post(url("application_withdraw", application))

    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


@pytest.mark.parametrize("status", [Application.Status.DRAFT, Application.Status.NOT_ELIGIBLE])
def test_only_a_sent_application_still_in_play_can_be_withdrawn(client, applicant, status):
    extra = {} if status == Application.Status.DRAFT else {"submitted": True, "status": status}
    application = draft_of(applicant, **extra)
    client.force_login(applicant)

    for response in (
        client.get(url("application_withdraw", application)),
        client.post(url("application_withdraw", application)),
    ):
        assert response.status_code == 403
        assert "This application cannot be withdrawn now." in text(response)
    application.refresh_from_db()
    assert application.status == status


def test_withdrawing_twice_is_refused(client, applicant):
    application = draft_of(applicant, submitted=True, status=Application.Status.WITHDRAWN, withdrawn_at=timezone.now())
    client.force_login(applicant)

    assert client.post(url("application_withdraw", application)).status_code == 403
    assert not AuditEvent.objects.filter(verb=Verb.APPLICATION_WITHDRAWN).exists()


def test_visitors_are_asked_to_sign_in(client, sent):
    response = client.post(url("application_withdraw", sent))

    assert response.status_code == 302
    assert response.url == sign_in_url(url("application_withdraw", sent))


def test_another_organisations_member_gets_404(client, other_applicant, sent):
    join_organisation(other_applicant, OrganisationFactory(main_contact=other_applicant))
    client.force_login(other_applicant)

    assert client.get(url("application_withdraw", sent)).status_code == 404
    assert client.post(url("application_withdraw", sent)).status_code == 404
    sent.refresh_from_db()
    assert sent.status == Application.Status.SUBMITTED


def test_staff_cannot_withdraw_for_the_applicant(client, facilitator):
    application = ApplicationFactory(submitted=True)
    client.force_login(facilitator)

    response = client.post(url("application_withdraw", application))

    assert response.status_code == 403
    assert "Only the organisation that made this application can withdraw it." in text(response)


def test_staff_get_404_for_a_draft(client, facilitator, applicant):
    client.force_login(facilitator)

    assert client.get(url("application_withdraw", draft_of(applicant))).status_code == 404


def test_query_count(client, applicant, sent):
    client.force_login(applicant)

    assert_page_queries(client, url("application_withdraw", sent), at_most=6)
