"""Change an organisation's details: its members only. Outsiders get 404; staff, who may look
at the organisation, are refused with the reason (403)."""

import pytest
from django.urls import reverse

from applications.audit import Verb
from applications.models import Organisation
from commissioning.models import AuditEvent
from tests.applications.factories import OrganisationFactory, join_organisation
from tests.commissioning.views.criteria_support import messages_of, sign_in_url, text
from tests.helpers import assert_page_queries

DETAILS = {
    "name": "Armley Tea Dance Club",
    "kind": "registered_charity",
    "charity_number": "1164883",
    "company_number": "",
    "address_line_1": "12 Town Street",
    "address_line_2": "",
    "town": "Leeds",
    "postcode": "LS12 3AB",
}


@pytest.fixture
def organisation(applicant):
    organisation = OrganisationFactory(main_contact=applicant, **{k: v for k, v in DETAILS.items()})
    join_organisation(applicant, organisation)
    return organisation


def edit_url(organisation):
    return reverse("applications:organisation_edit", args=[organisation.pk])


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def test_the_form_shows_the_details_as_they_are(signed_in, organisation):
    response = signed_in.get(edit_url(organisation))
    assert response.status_code == 200
    page = text(response)
    assert "Change your organisation's details" in page
    assert 'value="Armley Tea Dance Club"' in page
    assert 'value="registered_charity" checked' in page
    assert 'value="1164883"' in page
    assert "Create a password" not in page
    assert f'class="govuk-breadcrumbs__link" href="{organisation.get_absolute_url()}">Armley Tea Dance Club' in page


def test_edit_query_count(signed_in, organisation):
    assert_page_queries(signed_in, edit_url(organisation), at_most=5)


def test_a_member_changes_the_details_and_it_is_logged(signed_in, applicant, organisation):
    data = {**DETAILS, "name": "Armley Tea Dance", "kind": "cio", "postcode": "ls12 9zz", "town": " Leeds "}
    response = signed_in.post(edit_url(organisation), data)
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    organisation.refresh_from_db()
    assert organisation.name == "Armley Tea Dance"
    assert organisation.kind == Organisation.Kind.CIO
    assert organisation.postcode == "LS12 9ZZ"
    assert organisation.town == "Leeds"
    event = AuditEvent.objects.get(verb=Verb.ORGANISATION_UPDATED)
    assert event.actor == applicant
    assert event.target == organisation
    assert event.data == {"changed": ["kind", "name", "postcode"]}
    assert messages_of(response) == ["The details of Armley Tea Dance are saved."]


def test_saving_without_changes_logs_nothing(signed_in, organisation):
    assert signed_in.post(edit_url(organisation), DETAILS).status_code == 302
    assert not AuditEvent.objects.filter(verb=Verb.ORGANISATION_UPDATED).exists()


def test_a_colleague_who_joined_may_change_the_details(client, organisation, outsider):
    join_organisation(outsider, organisation)
    client.force_login(outsider)
    assert client.post(edit_url(organisation), {**DETAILS, "town": "Bramley"}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.town == "Bramley"


def test_a_wrong_charity_number_is_explained_and_nothing_is_lost_or_saved(signed_in, organisation):
    data = {**DETAILS, "name": "A new name", "charity_number": "12"}
    response = signed_in.post(edit_url(organisation), data)
    assert response.status_code == 200
    page = text(response)
    assert "<title>Error: Change the details of Armley Tea Dance Club" in page
    assert (
        '<a href="#id_charity_number">Enter a charity number like 1164883 (England and Wales), '
        "SC012345 (Scotland) or NIC100012</a>" in page
    )
    assert 'value="A new name"' in page
    assert 'value="12"' in page
    organisation.refresh_from_db()
    assert organisation.name == "Armley Tea Dance Club"
    assert organisation.charity_number == "1164883"
    assert not AuditEvent.objects.filter(verb=Verb.ORGANISATION_UPDATED).exists()


def test_becoming_a_company_needs_a_company_number(signed_in, organisation):
    data = {**DETAILS, "kind": "company_limited_by_guarantee"}
    page = text(signed_in.post(edit_url(organisation), data))
    assert '<a href="#id_company_number">Enter your company number</a>' in page
    organisation.refresh_from_db()
    assert organisation.kind == Organisation.Kind.REGISTERED_CHARITY


def test_empty_required_fields(signed_in, organisation):
    page = text(signed_in.post(edit_url(organisation), {**DETAILS, "name": " ", "town": "", "postcode": ""}))
    assert "Enter your organisation&#x27;s name" in page
    assert "Enter your town or city" in page
    assert "Enter your postcode" in page


def test_anonymous_is_sent_to_sign_in(client, organisation):
    url = edit_url(organisation)
    response = client.post(url, {**DETAILS, "name": "Hijacked"})
    assert response.status_code == 302
    assert response.url == sign_in_url(url)
    organisation.refresh_from_db()
    assert organisation.name == "Armley Tea Dance Club"


@pytest.mark.parametrize("persona", ["other_applicant", "outsider", "panel_member"])
def test_anyone_outside_the_organisation_gets_404(client, request, organisation, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(edit_url(organisation)).status_code == 404
    assert client.post(edit_url(organisation), {**DETAILS, "name": "Hijacked"}).status_code == 404
    organisation.refresh_from_db()
    assert organisation.name == "Armley Tea Dance Club"


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_are_refused_with_the_reason(client, request, organisation, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(edit_url(organisation))
    assert response.status_code == 403
    assert "Only the organisation&#x27;s own members can do this." in text(response)
    assert client.post(edit_url(organisation), {**DETAILS, "name": "Changed by staff"}).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Armley Tea Dance Club"
