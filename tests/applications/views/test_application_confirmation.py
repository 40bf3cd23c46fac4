"""The confirmation after sending: the reference in a panel, where the receipt went, what happens next."""

import pytest
from django.utils import timezone

from applications.models import Application
from tests.applications.factories import OrganisationFactory, join_organisation
from tests.helpers import assert_page_queries

from .application_support import draft_of, sign_in_url, text, url


@pytest.fixture
def sent(applicant):
    return draft_of(applicant, submitted=True, reference="TTS-2018-0007")


def test_the_reference_where_the_receipt_went_and_what_happens_next(client, applicant, sent):
    client.force_login(applicant)

    response = client.get(url("application_confirmation", sent))

    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="govuk-panel__title">Application sent</h1>' in page
    assert "<strong>TTS-2018-0007</strong>" in page
    assert "We have emailed a receipt to applicant@example.org." in page
    assert "What happens next" in page
    assert sent.get_absolute_url() in page


def test_a_draft_has_no_confirmation_yet(client, applicant):
    draft = draft_of(applicant)
    client.force_login(applicant)

    response = client.get(url("application_confirmation", draft))

    assert response.status_code == 302
    assert response.url == draft.get_absolute_url()


def test_a_withdrawn_application_goes_to_its_page(client, applicant):
    application = draft_of(applicant, submitted=True, status=Application.Status.WITHDRAWN, withdrawn_at=timezone.now())
    client.force_login(applicant)

    assert client.get(url("application_confirmation", application)).url == application.get_absolute_url()


def test_visitors_are_asked_to_sign_in(client, sent):
    response = client.get(url("application_confirmation", sent))

    assert response.status_code == 302
    assert response.url == sign_in_url(url("application_confirmation", sent))


def test_another_organisations_member_gets_404(client, other_applicant, sent):
    join_organisation(other_applicant, OrganisationFactory(main_contact=other_applicant))
    client.force_login(other_applicant)

    assert client.get(url("application_confirmation", sent)).status_code == 404


def test_staff_get_404_for_a_draft(client, facilitator, applicant):
    client.force_login(facilitator)

    assert client.get(url("application_confirmation", draft_of(applicant))).status_code == 404


def test_query_count(client, applicant, sent):
    client.force_login(applicant)

    assert_page_queries(client, url("application_confirmation", sent), at_most=7)
