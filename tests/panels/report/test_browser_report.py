"""In Chromium, with the keyboard alone: staff follow a build that is under way (the page
updates itself), download the finished report, and build it again. The page passes axe's
WCAG 2.2 AA checks while building and when ready."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from panels import services
from panels.models import DecisionReport
from tests.accessibility import assert_accessible
from tests.keyboard import heading, press, tab_to
from tests.panels.report.world import decided_round
from tests.panels.test_browser_scoring import sign_in
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


def download_with_enter(page, link):
    tab_to(page, link)
    with page.expect_download() as waiting:
        page.keyboard.press("Enter")
    download = waiting.value
    with open(download.path(), "rb") as pdf:
        return download.suggested_filename, pdf_text(pdf.read())


def test_staff_follow_the_build_download_the_report_and_build_it_again(page, live_server, facilitator):
    decided = decided_round(applications=4, members=4, panels=1, staff=facilitator)
    funding_round = decided.funding_round
    waiting = DecisionReport.objects.create(funding_round=funding_round, requested_by=facilitator)

    page.goto(live_server.url + reverse("panels:report_page", args=[funding_round.slug]))
    sign_in(page, facilitator.email)
    expect(heading(page)).to_have_text("Decision report")
    status = page.locator("#report-status")
    expect(status).to_contain_text("Waiting for the report builder to start: 0% done.")
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "0")
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    assert_accessible(page)

    # The worker picks the build up and finishes it; the page notices by itself.
    services.reports.build_report(waiting.pk)
    expect(status).to_contain_text("The report is ready", timeout=15_000)
    assert_accessible(page)

    filename, text = download_with_enter(page, page.get_by_role("link", name="Download the decision report (PDF)"))
    assert filename == f"decision-report-{funding_round.slug}.pdf"
    assert f"Decision report: {funding_round.title}" in text
    assert "Staff cast no votes and scored nothing." in text

    press(page, page.get_by_role("button", name="Build the report again"))
    expect(page.get_by_text("The decision report is ready to download.")).to_be_visible()
    expect(page.get_by_role("table", name="Earlier builds")).to_be_visible()
    assert DecisionReport.objects.filter(status=DecisionReport.Status.READY).count() == 2
    assert_accessible(page)
