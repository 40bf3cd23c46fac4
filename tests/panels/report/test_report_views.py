"""The report page (staff build it and follow the build) and the download: staff at any time;
once the round reaches feedback to applicants, anyone, for accountability; a round you may not
see is not found."""

import pytest
from django.urls import reverse

from commissioning.models import FundingRound
from panels.models import DecisionReport
from panels.services.reports import request_report
from tests.helpers import assert_page_queries

pytestmark = pytest.mark.django_db


def page_url(funding_round):
    return reverse("panels:report_page", args=[funding_round.slug])


def download_url(report):
    return reverse("panels:report_download", args=[report.pk])


def at(funding_round, status):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=status)
    funding_round.refresh_from_db()


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def ready(decided, facilitator):
    report = request_report(actor=facilitator, funding_round=decided.funding_round)
    report.refresh_from_db()
    return report


# The staff page ---------------------------------------------------------------------------


def test_staff_build_the_report_from_its_page_and_then_download_it(decided, staff_client):
    page = staff_client.get(page_url(decided.funding_round))
    assert "No report has been built for this round yet." in page.text
    assert "Build the report" in page.text

    response = staff_client.post(page_url(decided.funding_round), follow=True)

    report = DecisionReport.objects.get()
    assert report.status == DecisionReport.Status.READY
    assert "The decision report is ready to download." in response.text
    assert "Download the decision report (PDF)" in response.text
    assert download_url(report) in response.text
    download = staff_client.get(download_url(report))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_while_building_the_page_shows_progress_and_a_way_to_check_again(decided, staff_client, facilitator):
    DecisionReport.objects.create(
        funding_round=decided.funding_round,
        requested_by=facilitator,
        status=DecisionReport.Status.BUILDING,
        progress=30,
    )

    page = staff_client.get(page_url(decided.funding_round))

    assert "The report is being built" in page.text
    assert "Writing the sections: 30% done." in page.text
    assert '<progress class="report-progress" max="100" value="30"' in page.text
    assert 'data-building="true"' in page.text
    assert f'href="{page_url(decided.funding_round)}">Check again</a>' in page.text
    assert f'nonce="{page.context["csp_nonce"]}"' in page.text


def test_the_status_part_alone_is_what_the_page_fetches_while_building(decided, staff_client, facilitator):
    DecisionReport.objects.create(funding_round=decided.funding_round, requested_by=facilitator)

    part = staff_client.get(page_url(decided.funding_round) + "?part=status")

    assert part.text.strip().startswith('<div id="report-status"')
    assert "Waiting for the report builder to start: 0% done." in part.text
    assert "<html" not in part.text


def test_asking_again_while_building_keeps_the_one_build(decided, staff_client, facilitator):
    building = DecisionReport.objects.create(
        funding_round=decided.funding_round, requested_by=facilitator, status=DecisionReport.Status.BUILDING
    )

    response = staff_client.post(page_url(decided.funding_round), follow=True)

    assert list(DecisionReport.objects.all()) == [building]
    assert "The decision report is being built." in response.text


def test_a_failed_build_is_shown_with_its_reason(decided, staff_client, facilitator):
    DecisionReport.objects.create(
        funding_round=decided.funding_round,
        requested_by=facilitator,
        status=DecisionReport.Status.FAILED,
        error="Something went wrong while writing the PDF, so nothing was kept.",
    )

    page = staff_client.get(page_url(decided.funding_round))

    assert "The last build failed" in page.text
    assert "Something went wrong while writing the PDF, so nothing was kept." in page.text


def test_before_the_decision_stage_the_page_says_when_it_can_be_built(decided, staff_client):
    at(decided.funding_round, FundingRound.Status.INTERVIEWS)

    page = staff_client.get(page_url(decided.funding_round))
    refused = staff_client.post(page_url(decided.funding_round), follow=True)

    assert "The decision report can be built once the panels are deciding." in page.text
    assert "Build the report" not in page.text
    assert "once the panels are deciding" in refused.text
    assert not DecisionReport.objects.exists()


@pytest.mark.parametrize("persona", ["panel_member", "applicant", "outsider"])
def test_volunteers_and_applicants_cannot_build_it(decided, client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(page_url(decided.funding_round)).status_code == 403
    assert client.post(page_url(decided.funding_round)).status_code == 403
    assert not DecisionReport.objects.exists()


def test_earlier_builds_are_listed_with_their_downloads(decided, staff_client, facilitator):
    first = request_report(actor=facilitator, funding_round=decided.funding_round)
    request_report(actor=facilitator, funding_round=decided.funding_round)

    page = staff_client.get(page_url(decided.funding_round))

    assert "Earlier builds" in page.text
    assert download_url(first) in page.text


def test_the_page_costs_the_same_queries_however_many_builds(decided, staff_client, facilitator):
    def more_builds():
        for _ in range(5):
            DecisionReport.objects.create(
                funding_round=decided.funding_round,
                requested_by=facilitator,
                status=DecisionReport.Status.FAILED,
                error="It failed.",
            )

    more_builds()
    assert_page_queries(staff_client, page_url(decided.funding_round), at_most=10, add_data=more_builds)


# The download -----------------------------------------------------------------------------


def test_staff_download_it_before_it_is_published(decided, ready, staff_client):
    at(decided.funding_round, FundingRound.Status.DECISION)

    assert staff_client.get(download_url(ready)).status_code == 200


@pytest.mark.parametrize("persona", ["visitor", "applicant", "panel_member"])
def test_before_feedback_nobody_else_may_read_it(decided, ready, client, persona, request):
    at(decided.funding_round, FundingRound.Status.DECISION)
    user = request.getfixturevalue(persona)
    if user:
        client.force_login(user)

    response = client.get(download_url(ready))

    assert response.status_code == 403
    assert "published once the round reaches feedback to applicants" in response.text


@pytest.mark.parametrize("status", [FundingRound.Status.FEEDBACK, FundingRound.Status.CLOSED])
@pytest.mark.parametrize("persona", ["visitor", "applicant", "panel_member", "outsider"])
def test_from_feedback_on_it_is_public(decided, ready, client, persona, status, request):
    at(decided.funding_round, status)
    user = request.getfixturevalue(persona)
    if user:
        client.force_login(user)

    response = client.get(download_url(ready))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="decision-report-{decided.funding_round.slug}.pdf"'


def test_a_member_of_the_rounds_panel_reads_it_after_feedback(decided, ready, client):
    client.force_login(decided.chairs[0])

    assert client.get(download_url(ready)).status_code == 200


@pytest.mark.parametrize("persona", ["visitor", "applicant", "panel_member"])
def test_the_report_of_a_round_you_may_not_see_is_not_found(decided, ready, client, persona, request):
    # An unpublished round (still agreeing its criteria) exists only for its group and staff.
    at(decided.funding_round, FundingRound.Status.CRITERIA)
    user = request.getfixturevalue(persona)
    if user:
        client.force_login(user)

    assert client.get(download_url(ready)).status_code == 404


def test_a_report_still_being_built_or_failed_has_nothing_to_download(decided, staff_client, facilitator):
    building = DecisionReport.objects.create(
        funding_round=decided.funding_round, requested_by=facilitator, status=DecisionReport.Status.BUILDING
    )
    failed = DecisionReport.objects.create(
        funding_round=decided.funding_round, requested_by=facilitator, status=DecisionReport.Status.FAILED
    )

    assert staff_client.get(download_url(building)).status_code == 404
    assert staff_client.get(download_url(failed)).status_code == 404
    assert staff_client.get(reverse("panels:report_download", args=[999999])).status_code == 404


def test_a_missing_file_is_not_found_rather_than_an_error(ready, staff_client):
    ready.file.storage.delete(ready.file.name)

    assert staff_client.get(download_url(ready)).status_code == 404


def test_a_round_that_does_not_exist_has_no_report_page(staff_client):
    assert staff_client.get(reverse("panels:report_page", args=["no-such-round"])).status_code == 404
    assert staff_client.post(reverse("panels:report_page", args=["no-such-round"])).status_code == 404
    assert not DecisionReport.objects.exists()


def test_the_public_round_page_offers_the_report_once_published(decided, ready, client):
    round_page = decided.funding_round.get_absolute_url()
    at(decided.funding_round, FundingRound.Status.DECISION)
    assert download_url(ready) not in client.get(round_page).content.decode()
    at(decided.funding_round, FundingRound.Status.FEEDBACK)
    page = client.get(round_page).content.decode()
    assert "How the money was decided" in page
    assert download_url(ready) in page
