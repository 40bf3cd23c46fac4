"""Downloading a file: only for people who may see the application, always as a download
under its safe name, with the type we sniffed on upload and no sniffing by the browser."""

import pytest
from django.urls import reverse

from applications import services
from tests.applications import sample_files
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation
from tests.helpers import assert_max_queries


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organisation(applicant):
    organisation = OrganisationFactory(main_contact=applicant)
    join_organisation(applicant, organisation)
    return organisation


@pytest.fixture
def draft(organisation):
    return ApplicationFactory(organisation=organisation)


def attach(user, application, name="Budget.pdf", body=None):
    return services.add_attachment(actor=user, application=application, uploaded=sample_files.upload(name, body))


def download_url(attachment, application=None) -> str:
    return reverse("applications:attachment_download", args=[(application or attachment.application).pk, attachment.pk])


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_member_downloads_a_file_under_its_safe_name(client, applicant, draft):
    attachment = attach(applicant, draft, "Budget 2018 (final)!?.pdf")
    client.force_login(applicant)

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Budget 2018 (final).pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert content(response) == sample_files.pdf()


@pytest.mark.parametrize(("kind", "name", "body"), sample_files.ACCEPTED, ids=[k for k, *_ in sample_files.ACCEPTED])
def test_the_type_is_the_one_we_sniffed_not_the_name_it_came_with(client, applicant, draft, kind, name, body):
    attachment = attach(applicant, draft, "Looks like a letter.pdf", body)
    client.force_login(applicant)

    response = client.get(download_url(attachment))

    assert response["Content-Type"] == attachment.MIME_TYPES[kind]
    assert response["Content-Disposition"] == f'attachment; filename="Looks like a letter.{kind}"'
    assert content(response) == body


def test_a_colleague_in_the_organisation_can_download(client, applicant, draft):
    from tests.commissioning.factories import UserFactory

    colleague = UserFactory()
    join_organisation(colleague, draft.organisation)
    attachment = attach(applicant, draft)
    client.force_login(colleague)
    assert client.get(download_url(attachment)).status_code == 200


def test_staff_can_download_from_a_sent_application(client, applicant, facilitator, draft):
    attachment = attach(applicant, draft)
    type(draft).objects.filter(pk=draft.pk).update(status="submitted", submitted_at=draft.created_at, reference="X-1")
    client.force_login(facilitator)
    assert client.get(download_url(attachment)).status_code == 200


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_get_404_for_a_drafts_file(persona_client, applicant, draft):
    assert persona_client.get(download_url(attach(applicant, draft))).status_code == 404


@pytest.mark.parametrize("persona_client", ["other_applicant", "panel_member", "outsider"], indirect=True)
def test_people_outside_the_organisation_get_404(persona_client, applicant, organisation):
    sent = ApplicationFactory(organisation=organisation)
    attachment = attach(applicant, sent)
    assert persona_client.get(download_url(attachment)).status_code == 404


def test_another_applications_file_in_the_url_is_404(client, applicant, other_applicant, draft):
    theirs = OrganisationFactory(main_contact=other_applicant)
    join_organisation(other_applicant, theirs)
    their_file = attach(other_applicant, ApplicationFactory(organisation=theirs), "Their secrets.pdf")
    client.force_login(applicant)

    # My application's id, their file's id: the file is not part of my application.
    assert client.get(download_url(their_file, application=draft)).status_code == 404


def test_a_file_missing_from_storage_is_404_not_a_server_error(client, applicant, draft):
    attachment = attach(applicant, draft)
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(applicant)
    assert client.get(download_url(attachment)).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(client, applicant, draft):
    url = download_url(attach(applicant, draft))
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"


def test_posting_is_not_allowed(client, applicant, draft):
    client.force_login(applicant)
    assert client.post(download_url(attach(applicant, draft))).status_code == 405


def test_a_download_costs_a_few_queries(client, applicant, draft):
    url = download_url(attach(applicant, draft))
    client.force_login(applicant)
    client.get(url)
    with assert_max_queries(7):
        assert client.get(url).status_code == 200
