"""Files in S3-compatible object storage: the settings that choose it, uploads and reports kept
in the bucket and served only through the app's own views, and a store that is down costing
nobody what they did.

The bucket here is moto's in-process stand-in for S3; the store that is down is a real closed
port on this machine. The multi-server test (tests/multi_server/) walks the same journey against
a real S3-compatible server with two app servers and two workers.
"""

import json
import os
import subprocess
import sys

import boto3
import pytest
from botocore.config import Config
from django.conf import settings as django_settings
from django.urls import reverse
from moto import mock_aws

from applications import services as application_services
from applications.models import Attachment
from commissioning.models import AuditEvent
from panels.models import DecisionReport
from panels.services.reports import STORE_FAILED_REASON, request_report
from tests.applications import sample_files
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation
from tests.panels.report.world import decided_round

pytestmark = pytest.mark.django_db

BUCKET = "commissioning-files"
REGION = "eu-west-2"


def s3_storage(**options) -> dict:
    return {
        **django_settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BUCKET, "region_name": REGION, "default_acl": None, **options},
        },
    }


@pytest.fixture
def bucket(settings):
    """A private bucket (moto's stand-in for S3) that the app stores its files in."""
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        settings.STORAGES = s3_storage()
        yield client


def unreachable_store() -> dict:
    """Object storage configured, but nothing answers at its address: a real refused connection."""
    return s3_storage(
        endpoint_url="http://127.0.0.1:9",
        access_key="key",
        secret_key="secret",
        client_config=Config(connect_timeout=1, retries={"max_attempts": 1, "mode": "standard"}),
    )


@pytest.fixture
def store_down(settings):
    settings.STORAGES = unreachable_store()


@pytest.fixture
def draft(applicant):
    organisation = OrganisationFactory(main_contact=applicant)
    join_organisation(applicant, organisation)
    return ApplicationFactory(organisation=organisation)


def upload(client, application, name="Budget.pdf", body=None):
    return client.post(
        reverse("applications:attachment_list", args=[application.pk]),
        {"file": sample_files.upload(name, body)},
        follow=True,
    )


def download(client, attachment):
    return client.get(reverse("applications:attachment_download", args=[attachment.application_id, attachment.pk]))


def keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


# Choosing the store -------------------------------------------------------------------------


def storages_with(env: dict) -> dict:
    """STORAGES as a fresh process reads it from this environment."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "default = settings.STORAGES['default']; options = dict(default.get('OPTIONS', {})); "
        "config = options.pop('client_config', None); "
        "options.update({'addressing_style': config.s3['addressing_style'], "
        "'connect_timeout': config.connect_timeout} if config else {}); "
        "print(json.dumps({'BACKEND': default['BACKEND'], **options}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "commissioning.settings", **env},
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    )
    return json.loads(result.stdout)


def test_without_a_bucket_files_stay_on_the_servers_own_disk():
    assert storages_with({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_with_a_bucket_every_server_keeps_files_in_it_privately():
    chosen = storages_with(
        {
            "AWS_STORAGE_BUCKET_NAME": "ct-files",
            "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:8333",
            "AWS_ACCESS_KEY_ID": "key-id",
            "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_S3_REGION_NAME": "eu-west-2",
        }
    )

    assert chosen["BACKEND"] == "storages.backends.s3.S3Storage"
    assert chosen["bucket_name"] == "ct-files"
    assert chosen["endpoint_url"] == "http://127.0.0.1:8333"
    assert (chosen["access_key"], chosen["secret_key"], chosen["region_name"]) == ("key-id", "secret", "eu-west-2")
    assert chosen["default_acl"] is None  # the bucket's own default: private
    assert chosen["file_overwrite"] is False
    assert chosen["addressing_style"] == "path"  # a server on its own address takes the bucket in the path
    assert chosen["connect_timeout"] == 5  # a store that is down fails a request in seconds


def test_on_amazon_s3_the_endpoint_and_keys_may_be_left_out():
    chosen = storages_with({"AWS_STORAGE_BUCKET_NAME": "ct-files"})

    assert chosen["BACKEND"] == "storages.backends.s3.S3Storage"
    assert chosen["endpoint_url"] is None
    assert chosen["access_key"] is None  # boto3 finds an instance role's credentials itself
    assert chosen["addressing_style"] == "auto"


# Kept in the bucket, served by the app ------------------------------------------------------


def test_an_upload_is_kept_in_the_bucket_and_downloads_through_the_app(client, applicant, draft, bucket):
    client.force_login(applicant)
    body = sample_files.pdf("Our budget, kept in the bucket")

    response = upload(client, draft, body=body)

    assert response.status_code == 200
    attachment = Attachment.objects.get(application=draft)
    assert keys(bucket) == [attachment.file.name]
    assert bucket.get_object(Bucket=BUCKET, Key=attachment.file.name)["Body"].read() == body
    downloaded = download(client, attachment)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == body
    assert downloaded["Content-Type"] == "application/pdf"


def test_objects_are_private_and_pages_never_link_to_the_bucket(client, applicant, draft, bucket):
    client.force_login(applicant)
    upload(client, draft)
    attachment = Attachment.objects.get(application=draft)

    grants = bucket.get_object_acl(Bucket=BUCKET, Key=attachment.file.name)["Grants"]
    assert [grant["Grantee"].get("URI") for grant in grants if grant["Grantee"]["Type"] == "Group"] == []
    page = client.get(reverse("applications:attachment_list", args=[draft.pk])).content.decode()
    assert "amazonaws" not in page and BUCKET not in page
    assert reverse("applications:attachment_download", args=[draft.pk, attachment.pk]) in page


def test_someone_who_may_not_see_the_application_cannot_fetch_its_file(
    client, applicant, draft, bucket, other_applicant
):
    attachment = application_services.add_attachment(actor=applicant, application=draft, uploaded=sample_files.upload())
    client.force_login(other_applicant)

    assert download(client, attachment).status_code == 404


def test_removing_a_file_deletes_it_from_the_bucket(applicant, draft, bucket, django_capture_on_commit_callbacks):
    attachment = application_services.add_attachment(actor=applicant, application=draft, uploaded=sample_files.upload())
    assert len(keys(bucket)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        application_services.remove_attachment(actor=applicant, attachment=attachment)

    assert keys(bucket) == []


def test_a_file_the_bucket_has_lost_is_a_kind_404(client, applicant, draft, bucket):
    attachment = application_services.add_attachment(actor=applicant, application=draft, uploaded=sample_files.upload())
    bucket.delete_object(Bucket=BUCKET, Key=attachment.file.name)
    client.force_login(applicant)

    response = download(client, attachment)

    assert response.status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()  # listed still, for the applicant to remove


def test_the_decision_report_is_kept_in_the_bucket(client, facilitator, bucket):
    decided = decided_round(applications=3, members=3, panels=1, staff=facilitator)

    report = request_report(actor=facilitator, funding_round=decided.funding_round)

    report.refresh_from_db()
    assert report.status == DecisionReport.Status.READY
    assert keys(bucket) == [report.file.name]
    client.force_login(facilitator)
    response = client.get(reverse("panels:report_download", args=[report.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# The store is down --------------------------------------------------------------------------


def test_an_upload_while_the_store_is_down_is_refused_kindly_and_nothing_is_lost(client, applicant, draft, store_down):
    client.force_login(applicant)
    before = AuditEvent.objects.count()

    response = upload(client, draft)

    assert response.status_code == 200
    page = response.content.decode()
    assert "We cannot reach the store where files are kept just now" in page
    assert "Your file was not added" in page
    assert not Attachment.objects.filter(application=draft).exists()
    assert AuditEvent.objects.count() == before  # nothing recorded as added
    draft.refresh_from_db()
    assert draft.status == draft.Status.DRAFT


def test_a_download_while_the_store_is_down_is_a_kind_503(client, applicant, draft, settings):
    attachment = application_services.add_attachment(actor=applicant, application=draft, uploaded=sample_files.upload())
    settings.STORAGES = unreachable_store()
    client.force_login(applicant)

    response = download(client, attachment)

    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    page = response.content.decode()
    assert "Files cannot be fetched just now" in page
    assert "Nothing you saved has been lost" in page
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_removing_a_file_while_the_store_is_down_still_removes_it_from_the_application(
    applicant, draft, settings, django_capture_on_commit_callbacks
):
    attachment = application_services.add_attachment(actor=applicant, application=draft, uploaded=sample_files.upload())
    settings.STORAGES = unreachable_store()

    with django_capture_on_commit_callbacks(execute=True):
        application_services.remove_attachment(actor=applicant, attachment=attachment)

    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_report_built_while_the_store_is_down_fails_with_a_reason_and_can_be_built_again(facilitator, settings):
    decided = decided_round(applications=3, members=3, panels=1, staff=facilitator)
    settings.STORAGES = unreachable_store()

    failed = request_report(actor=facilitator, funding_round=decided.funding_round)

    failed.refresh_from_db()
    assert failed.status == DecisionReport.Status.FAILED
    assert failed.error == STORE_FAILED_REASON
    assert not failed.file
    with mock_aws():
        boto3.client("s3", region_name=REGION).create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        settings.STORAGES = s3_storage()
        again = request_report(actor=facilitator, funding_round=decided.funding_round)
        again.refresh_from_db()
        assert again.status == DecisionReport.Status.READY
        assert again.file.read().startswith(b"%PDF")
