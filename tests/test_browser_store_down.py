"""When the file store cannot be reached, a download answers with a kind page (503) that is as
accessible as every other: axe's WCAG 2.2 AA checks, at full width and at 320 px."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from applications import services as application_services
from tests.accessibility import assert_accessible, assert_reflows
from tests.applications import sample_files
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation
from tests.commissioning.factories import TEST_PASSWORD
from tests.keyboard import heading
from tests.test_object_storage import unreachable_store

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_store_down_page_is_kind_and_accessible(page, live_server, applicant, settings):
    organisation = OrganisationFactory(main_contact=applicant)
    join_organisation(applicant, organisation)
    draft = ApplicationFactory(organisation=organisation)
    attachment = application_services.add_attachment(actor=applicant, application=draft, uploaded=sample_files.upload())
    settings.STORAGES = unreachable_store()

    page.goto(live_server.url + reverse("commissioning:sign_in"))
    page.get_by_label("Email address").fill(applicant.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    response = page.goto(live_server.url + reverse("applications:attachment_download", args=[draft.pk, attachment.pk]))

    assert response.status == 503
    expect(heading(page)).to_contain_text("Files cannot be fetched just now")
    assert_accessible(page)
    assert_reflows(page)
