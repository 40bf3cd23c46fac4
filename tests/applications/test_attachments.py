"""The upload rules, at the service: PDF, DOCX, XLSX, ODT, PNG and JPEG only, read from the
content and never the name; at most 10 MB each and 5 per application; stored under a random
name; downloaded under a safe one. Each refusal says why in plain English."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage

from applications import services
from applications.audit import Verb
from applications.exceptions import AttachmentRefused
from applications.models import Attachment
from commissioning.models import AuditEvent
from tests.applications import sample_files
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation

RANDOM_NAME = re.compile(r"^attachments/[0-9a-f]{32}$")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def draft(applicant):
    organisation = OrganisationFactory(main_contact=applicant)
    join_organisation(applicant, organisation)
    return ApplicationFactory(organisation=organisation)


def attach(actor, application, uploaded):
    return services.add_attachment(actor=actor, application=application, uploaded=uploaded)


@pytest.mark.parametrize(("kind", "name", "body"), sample_files.ACCEPTED, ids=[k for k, *_ in sample_files.ACCEPTED])
def test_each_kind_we_take_is_stored_under_a_random_name(applicant, draft, kind, name, body):
    attachment = attach(applicant, draft, sample_files.upload(name, body, "application/octet-stream"))

    assert attachment.kind == kind
    assert attachment.size == len(body)
    assert attachment.original_name == name
    assert RANDOM_NAME.match(attachment.file.name)
    assert default_storage.open(attachment.file.name).read() == body
    event = AuditEvent.objects.for_target(draft).get(verb=Verb.ATTACHMENT_ADDED)
    assert event.actor == applicant
    assert event.data == {"name": attachment.download_name}


def test_a_file_of_exactly_10_mb_is_taken(applicant, draft):
    body = sample_files.pdf()
    body += b"\x00" * (Attachment.MAX_BYTES - len(body))
    assert attach(applicant, draft, sample_files.upload("Report.pdf", body)).size == Attachment.MAX_BYTES


def test_a_file_over_10_mb_is_refused(applicant, draft):
    with pytest.raises(AttachmentRefused, match="The file is bigger than 10 MB. Make it smaller"):
        attach(applicant, draft, sample_files.too_big())
    assert not draft.attachments.exists()


def test_a_sixth_file_is_refused_and_the_five_are_kept(applicant, draft):
    for number in range(5):
        attach(applicant, draft, sample_files.upload(f"Part {number}.pdf"))

    with pytest.raises(AttachmentRefused, match="You can attach up to 5 files. Remove one before adding another."):
        attach(applicant, draft, sample_files.upload("Part 6.pdf"))

    assert sorted(draft.attachments.values_list("original_name", flat=True)) == [f"Part {n}.pdf" for n in range(5)]


@pytest.mark.parametrize(
    "body",
    [sample_files.windows_program(), sample_files.linux_program(), sample_files.plain_zip(), b"Just some text"],
    ids=["windows-program", "linux-program", "plain-zip", "text"],
)
def test_a_file_that_is_not_a_document_we_take_is_refused_whatever_its_name(applicant, draft, body):
    with pytest.raises(AttachmentRefused, match="This file is not one of those, whatever its name says."):
        attach(applicant, draft, sample_files.upload("Budget.pdf", body))
    assert not draft.attachments.exists()


def test_an_empty_file_is_refused(applicant, draft):
    with pytest.raises(AttachmentRefused, match="The file is empty. Choose the file again."):
        attach(applicant, draft, sample_files.upload("Budget.pdf", b""))


@pytest.mark.parametrize(
    ("name", "download_name"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\budget.pdf", "budget.pdf"),
        ("Budget 2018 (final)!?.pdf", "Budget 2018 (final).pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),
        ("???.pdf", "attachment.pdf"),
        ("Our accounts.exe", "Our accounts.pdf"),
    ],
)
def test_a_name_with_path_parts_or_odd_characters_is_made_safe(applicant, draft, name, download_name):
    attachment = attach(applicant, draft, sample_files.upload(name))

    assert RANDOM_NAME.match(attachment.file.name)
    assert attachment.download_name == download_name


def test_the_download_name_takes_the_real_type_not_the_one_in_the_name(applicant, draft):
    attachment = attach(applicant, draft, sample_files.upload("Group photo.pdf", sample_files.png(), "application/pdf"))
    assert attachment.kind == "png"
    assert attachment.download_name == "Group photo.png"


def test_someone_outside_the_organisation_cannot_attach(other_applicant, draft):
    with pytest.raises(PermissionDenied):
        attach(other_applicant, draft, sample_files.upload())


def test_nothing_can_be_attached_once_the_application_is_sent(applicant):
    organisation = OrganisationFactory(main_contact=applicant)
    join_organisation(applicant, organisation)
    sent = ApplicationFactory(organisation=organisation, submitted=True)
    with pytest.raises(PermissionDenied, match="This application has been sent"):
        attach(applicant, sent, sample_files.upload())


def test_removing_a_file_deletes_it_from_storage_and_logs_it(applicant, draft, django_capture_on_commit_callbacks):
    attachment = attach(applicant, draft, sample_files.upload("Budget.pdf"))
    stored = attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(actor=applicant, attachment=attachment)

    assert not draft.attachments.exists()
    assert not default_storage.exists(stored)
    event = AuditEvent.objects.for_target(draft).get(verb=Verb.ATTACHMENT_REMOVED)
    assert event.data == {"name": "Budget.pdf"}
