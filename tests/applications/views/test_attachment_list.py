"""The application's files: listed with their safe names, type, size in words and who added
them; one upload at a time; every refusal a plain message beside the file box, and nothing
already attached is lost. Read-only, with the reason, once the application cannot change."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from applications import services
from applications.audit import Verb
from applications.models import Attachment
from commissioning.models import AuditEvent, FundingRound
from tests.applications import sample_files
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries

HINT = "PDF, Word, Excel, OpenDocument text, PNG or JPEG, up to 10 MB each, up to 5 files"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organisation(applicant):
    organisation = OrganisationFactory(main_contact=applicant, name="Armley Tea Club")
    join_organisation(applicant, organisation)
    return organisation


@pytest.fixture
def draft(organisation):
    return ApplicationFactory(organisation=organisation)


@pytest.fixture
def member(client, applicant):
    client.force_login(applicant)
    return client


def files_url(application) -> str:
    return reverse("applications:attachment_list", args=[application.pk])


def attach(user, application, name="Budget.pdf", body=None):
    return services.add_attachment(actor=user, application=application, uploaded=sample_files.upload(name, body))


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def error_on_file_field(response, message: str) -> None:
    """The refusal shows in the error summary and beside the file box, and the page title says so."""
    page = text(response)
    assert response.status_code == 200
    assert page.count(message) == 2, page
    assert 'class="govuk-error-summary"' in page
    assert '<span class="govuk-visually-hidden">Error:</span> ' + message in page
    assert re.search(r"<title>\s*Error: ", page)


# Seeing the files --------------------------------------------------------------------------


def test_a_member_sees_each_file_with_its_type_size_and_who_added_it(member, applicant, draft):
    colleague = UserFactory(full_name="Colin Colleague")
    join_organisation(colleague, draft.organisation)
    attach(applicant, draft, "Budget 2018 (final)!?.pdf", sample_files.pdf() + b"\x00" * 2_400_000)
    attach(colleague, draft, "Group photo.png", sample_files.png())

    response = member.get(files_url(draft))

    page = text(response)
    assert response.status_code == 200
    assert "Budget 2018 (final).pdf" in page
    assert "PDF, 2.3\xa0MB" in page
    assert "Added by Aisha Applicant on" in page
    assert "Group photo.png" in page
    assert f"PNG image, {len(sample_files.png())}\xa0bytes" in page
    assert "Added by Colin Colleague on" in page
    assert "2 of 5 files attached." in page
    for attachment in draft.attachments.all():
        assert reverse("applications:attachment_download", args=[draft.pk, attachment.pk]) in page
        assert reverse("applications:attachment_remove", args=[draft.pk, attachment.pk]) in page
        assert f'Remove<span class="govuk-visually-hidden"> {attachment.download_name}</span>' in page


def test_the_upload_form_takes_one_file_with_a_plain_hint(member, draft):
    page = text(member.get(files_url(draft)))
    assert 'enctype="multipart/form-data"' in page
    assert page.count('type="file"') == 1
    assert "multiple" not in page
    assert 'class="govuk-file-upload"' in page
    assert HINT in page
    upload_form = page[page.index('enctype="multipart/form-data"') :]
    assert upload_form[: upload_form.index("</form>")].count("csrfmiddlewaretoken") == 1
    assert "No files are attached yet." in page


def test_five_files_is_the_most_and_the_page_says_so(member, applicant, draft):
    for number in range(5):
        attach(applicant, draft, f"Part {number}.pdf")
    assert "You have attached 5 files, the most you can. Remove one before adding another." in text(
        member.get(files_url(draft))
    )


# Uploading -----------------------------------------------------------------------------------


def test_a_member_uploads_a_file_and_is_told_it_is_attached(member, applicant, draft):
    response = member.post(files_url(draft), {"file": sample_files.upload("Budget.pdf")})

    assert response.status_code == 302
    assert response.url == files_url(draft)
    assert messages_of(response) == ["Budget.pdf is attached."]
    attachment = draft.attachments.get()
    assert (attachment.kind, attachment.uploaded_by) == ("pdf", applicant)
    event = AuditEvent.objects.for_target(draft).get(verb=Verb.ATTACHMENT_ADDED)
    assert event.actor == applicant


@pytest.mark.parametrize(("kind", "name", "body"), sample_files.ACCEPTED, ids=[k for k, *_ in sample_files.ACCEPTED])
def test_each_kind_we_take_can_be_uploaded(member, draft, kind, name, body):
    response = member.post(files_url(draft), {"file": sample_files.upload(name, body, "application/octet-stream")})
    assert response.status_code == 302
    assert draft.attachments.get().kind == kind


def test_a_name_with_path_parts_is_stored_under_a_random_name_and_downloads_safely(member, draft):
    boundary = "----ct-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="../../etc/passwd.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + sample_files.pdf()
        + f"\r\n--{boundary}--\r\n".encode()
    )

    response = member.generic("POST", files_url(draft), body, content_type=f"multipart/form-data; boundary={boundary}")

    assert response.status_code == 302
    attachment = draft.attachments.get()
    assert re.fullmatch(r"attachments/[0-9a-f]{32}", attachment.file.name)
    assert attachment.download_name == "passwd.pdf"
    assert messages_of(response) == ["passwd.pdf is attached."]


def test_a_name_with_odd_characters_is_made_safe(member, draft):
    member.post(files_url(draft), {"file": sample_files.upload("Budget 2018 (final)!?.pdf")})
    attachment = draft.attachments.get()
    assert attachment.download_name == "Budget 2018 (final).pdf"
    assert "passwd" not in attachment.file.name and "Budget" not in attachment.file.name


# Bad input: a plain message on the page, and nothing already attached is lost -----------------


@pytest.fixture
def already_attached(applicant, draft):
    return attach(applicant, draft, "Accounts 2017.pdf")


def nothing_lost(response, draft, already_attached) -> None:
    assert list(draft.attachments.all()) == [already_attached]
    assert "Accounts 2017.pdf" in text(response)


def test_a_file_over_10_mb_gets_a_plain_message(member, draft, already_attached):
    response = member.post(files_url(draft), {"file": sample_files.too_big()})

    error_on_file_field(response, "The file is bigger than 10 MB. Make it smaller, or split it into parts.")
    nothing_lost(response, draft, already_attached)


def test_a_sixth_file_gets_a_plain_message(member, applicant, draft, already_attached):
    for number in range(4):
        attach(applicant, draft, f"Part {number}.pdf")

    response = member.post(files_url(draft), {"file": sample_files.upload("Part 5.pdf")})

    error_on_file_field(response, "You can attach up to 5 files. Remove one before adding another.")
    assert draft.attachments.count() == 5
    assert "Accounts 2017.pdf" in text(response)


@pytest.mark.parametrize(
    "body", [sample_files.windows_program(), sample_files.linux_program()], ids=["windows", "linux"]
)
def test_a_program_renamed_pdf_gets_a_plain_message(member, draft, already_attached, body):
    response = member.post(files_url(draft), {"file": sample_files.upload("Budget.pdf", body)})

    error_on_file_field(
        response,
        "We can only take PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT), PNG or JPEG files. "
        "This file is not one of those, whatever its name says.",
    )
    nothing_lost(response, draft, already_attached)


def test_an_empty_file_gets_a_plain_message(member, draft, already_attached):
    response = member.post(files_url(draft), {"file": sample_files.upload("Budget.pdf", b"")})

    error_on_file_field(response, "The file is empty. Choose the file again.")
    nothing_lost(response, draft, already_attached)


def test_sending_no_file_asks_for_one(member, draft, already_attached):
    response = member.post(files_url(draft), {})

    error_on_file_field(response, "Choose a file to upload")
    nothing_lost(response, draft, already_attached)


# Read-only, and who may see it -------------------------------------------------------------------


def test_once_sent_the_list_is_read_only_and_says_why(member, applicant, organisation):
    sent = ApplicationFactory(organisation=organisation, submitted=True)
    attachment = Attachment.objects.create(
        application=sent, file="attachments/x", original_name="Budget.pdf", kind="pdf", size=10, uploaded_by=applicant
    )

    page = text(member.get(files_url(sent)))

    assert "Budget.pdf" in page
    assert "You can see these files but not add or remove them." in page
    assert "This application has been sent, so it can no longer be changed." in page
    assert 'type="file"' not in page
    assert reverse("applications:attachment_remove", args=[sent.pk, attachment.pk]) not in page


def test_once_the_round_has_closed_a_draft_is_read_only(member, draft):
    FundingRound.objects.filter(pk=draft.funding_round_id).update(status=FundingRound.Status.ELIGIBILITY)
    page = text(member.get(files_url(draft)))
    assert "This funding round has closed, so applications can no longer be changed or sent." in page
    assert 'type="file"' not in page


def test_uploading_to_a_sent_application_is_refused(member, organisation):
    sent = ApplicationFactory(organisation=organisation, submitted=True)
    response = member.post(files_url(sent), {"file": sample_files.upload()})
    assert response.status_code == 403
    assert not sent.attachments.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client, draft):
    response = client.get(files_url(draft))
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={files_url(draft)}"


@pytest.mark.parametrize("persona_client", ["other_applicant", "panel_member", "outsider"], indirect=True)
def test_people_outside_the_organisation_get_404(persona_client, draft):
    assert persona_client.get(files_url(draft)).status_code == 404
    assert persona_client.post(files_url(draft), {"file": sample_files.upload()}).status_code == 404
    assert not draft.attachments.exists()


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_get_404_for_a_draft(persona_client, draft):
    assert persona_client.get(files_url(draft)).status_code == 404


def test_staff_see_a_sent_applications_files_read_only_and_cannot_upload(client, facilitator, organisation):
    sent = ApplicationFactory(organisation=organisation, submitted=True)
    client.force_login(facilitator)

    page = text(client.get(files_url(sent)))
    assert "Only the organisation that made this application can change it." in page
    assert client.post(files_url(sent), {"file": sample_files.upload()}).status_code == 403


def test_other_methods_are_not_allowed(member, draft):
    assert member.put(files_url(draft)).status_code == 405
    assert member.delete(files_url(draft)).status_code == 405


def test_the_page_costs_the_same_queries_however_many_files(member, applicant, draft):
    attach(applicant, draft, "First.pdf")

    def more_files_from_colleagues():
        for number in range(4):
            colleague = UserFactory()
            join_organisation(colleague, draft.organisation)
            attach(colleague, draft, f"From a colleague {number}.pdf")

    count = assert_page_queries(member, files_url(draft), at_most=12, add_data=more_files_from_colleagues)
    print(f"attachment_list: {count} queries")
