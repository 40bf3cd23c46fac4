"""Removing a file: a POST by a member while the application can still change. The file
goes from storage too, and the removal is logged."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.urls import reverse

from applications import services
from applications.audit import Verb
from commissioning.models import AuditEvent
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


@pytest.fixture
def attachment(applicant, draft):
    return services.add_attachment(
        actor=applicant, application=draft, uploaded=sample_files.upload("Budget 2018 (final)!?.pdf")
    )


def remove_url(attachment, application=None) -> str:
    return reverse("applications:attachment_remove", args=[(application or attachment.application).pk, attachment.pk])


def test_a_member_removes_a_file(client, applicant, draft, attachment, django_capture_on_commit_callbacks):
    stored = attachment.file.name
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(attachment))

    assert response.status_code == 302
    assert response.url == reverse("applications:attachment_list", args=[draft.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Budget 2018 (final).pdf is removed."]
    assert not draft.attachments.exists()
    assert not default_storage.exists(stored)
    event = AuditEvent.objects.for_target(draft).get(verb=Verb.ATTACHMENT_REMOVED)
    assert (event.actor, event.data) == (applicant, {"name": "Budget 2018 (final).pdf"})


def test_removing_only_takes_the_one_file(client, applicant, draft, attachment):
    other = services.add_attachment(actor=applicant, application=draft, uploaded=sample_files.upload("Keep me.pdf"))
    client.force_login(applicant)
    client.post(remove_url(attachment))
    assert list(draft.attachments.all()) == [other]


def test_get_is_not_allowed(client, applicant, attachment):
    client.force_login(applicant)
    assert client.get(remove_url(attachment)).status_code == 405
    assert attachment.application.attachments.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client, attachment):
    response = client.post(remove_url(attachment))
    assert response.status_code == 302
    assert response.url.startswith(reverse("commissioning:sign_in"))
    assert attachment.application.attachments.exists()


@pytest.mark.parametrize(
    "persona_client", ["other_applicant", "panel_member", "outsider", "facilitator"], indirect=True
)
def test_people_who_cannot_see_the_draft_get_404(persona_client, attachment):
    assert persona_client.post(remove_url(attachment)).status_code == 404
    assert attachment.application.attachments.exists()


def test_once_sent_nobody_can_remove_a_file(client, applicant, facilitator, draft, attachment):
    type(draft).objects.filter(pk=draft.pk).update(status="submitted", submitted_at=draft.created_at, reference="X-1")
    for person in (applicant, facilitator):
        client.force_login(person)
        assert client.post(remove_url(attachment)).status_code == 403
    assert draft.attachments.exists()


def test_another_applications_file_in_the_url_is_404(client, applicant, other_applicant, draft):
    theirs = OrganisationFactory(main_contact=other_applicant)
    join_organisation(other_applicant, theirs)
    their_application = ApplicationFactory(organisation=theirs)
    their_file = services.add_attachment(
        actor=other_applicant, application=their_application, uploaded=sample_files.upload()
    )
    client.force_login(applicant)

    assert client.post(remove_url(their_file, application=draft)).status_code == 404
    assert their_application.attachments.exists()


def test_removing_costs_a_bounded_number_of_queries(client, applicant, attachment):
    client.force_login(applicant)
    with assert_max_queries(18):
        assert client.post(remove_url(attachment)).status_code == 302
