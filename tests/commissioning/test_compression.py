"""Pages are sent gzipped to browsers that accept it; files (PDFs, uploads) pass as they are."""

import gzip

import pytest
from django.urls import reverse

from applications import services as application_services
from tests.applications import sample_files
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation

pytestmark = pytest.mark.django_db


def test_a_page_is_compressed_for_a_browser_that_accepts_it(client):
    plain = client.get(reverse("commissioning:home"))
    compressed = client.get(reverse("commissioning:home"), headers={"accept-encoding": "gzip, deflate, br"})

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    html = gzip.decompress(compressed.content).decode()
    assert "Commissioning Together" in html
    assert len(compressed.content) < len(plain.content) / 2


def test_an_uploaded_file_is_sent_as_it_is(client, applicant):
    organisation = OrganisationFactory(main_contact=applicant)
    join_organisation(applicant, organisation)
    draft = ApplicationFactory(organisation=organisation)
    attachment = application_services.add_attachment(actor=applicant, application=draft, uploaded=sample_files.upload())
    client.force_login(applicant)

    response = client.get(
        reverse("applications:attachment_download", args=[draft.pk, attachment.pk]),
        headers={"accept-encoding": "gzip"},
    )

    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content).startswith(b"%PDF")
