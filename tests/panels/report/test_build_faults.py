"""Faults while a PDF is built, tried with the real parts: the worker stopping in the middle of the
decision report (its row left "being built"), a worker coming back after it was given up, and
WeasyPrint itself raising. Each time the page says the build failed in plain words, no partial
file is kept or served, and asking again ("Build the report again") gives a report that works."""

from datetime import timedelta

import pytest
import weasyprint
from django.urls import reverse
from django.utils import timezone

from panels import services
from panels.models import DecisionReport, PackBuild
from panels.services.builds import FAILED_REASON, STOPPED_REASON, give_up_stopped
from panels.services.pack import request_pack
from panels.services.reports import LAYING_OUT, build_report, request_report

pytestmark = pytest.mark.django_db


def page_url(funding_round):
    return reverse("panels:report_page", args=[funding_round.slug])


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


class WorkerStopped(BaseException):
    """What a worker's process sees when it is killed: not an Exception, so nothing catches it."""


def a_build_whose_worker_stopped_while_laying_out(decided, facilitator, monkeypatch) -> DecisionReport:
    """Asked for, taken by a worker, which is killed while WeasyPrint lays out the pages."""

    def killed(*args, **kwargs):
        raise WorkerStopped

    report = DecisionReport.objects.create(funding_round=decided.funding_round, requested_by=facilitator)
    monkeypatch.setattr(services.reports, "render_pdf", killed)
    with pytest.raises(WorkerStopped):
        build_report(report.pk)
    monkeypatch.undo()
    report.refresh_from_db()
    return report


def started_minutes_ago(report, minutes):
    DecisionReport.objects.filter(pk=report.pk).update(started_at=timezone.now() - timedelta(minutes=minutes))


def test_a_worker_stopped_mid_build_leaves_it_being_built_until_the_time_limit(decided, facilitator, monkeypatch):
    report = a_build_whose_worker_stopped_while_laying_out(decided, facilitator, monkeypatch)
    assert (report.status, report.progress) == (DecisionReport.Status.BUILDING, LAYING_OUT)
    assert report.started_at is not None
    # Within the limit it may just be slow: asking again gives the same build.
    assert request_report(actor=facilitator, funding_round=decided.funding_round).pk == report.pk
    assert DecisionReport.objects.count() == 1


def test_past_the_time_limit_the_page_says_it_failed_and_building_again_works(
    decided, facilitator, staff_client, monkeypatch, settings
):
    stopped = a_build_whose_worker_stopped_while_laying_out(decided, facilitator, monkeypatch)
    started_minutes_ago(stopped, settings.BUILD_TIME_LIMIT / 60 + 1)

    page = staff_client.get(page_url(decided.funding_round))

    assert page.status_code == 200
    assert "The last build failed" in page.text
    assert STOPPED_REASON.replace("'", "&#x27;") in page.text
    assert "The report is being built" not in page.text
    assert "Build the report again" in page.text
    stopped.refresh_from_db()
    assert (stopped.status, stopped.file.name) == (DecisionReport.Status.FAILED, "")

    response = staff_client.post(page_url(decided.funding_round), follow=True)

    assert "The decision report is ready to download." in response.text
    again = DecisionReport.objects.exclude(pk=stopped.pk).get()
    assert again.status == DecisionReport.Status.READY
    download = staff_client.get(reverse("panels:report_download", args=[again.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # The stopped build's own address serves no file.
    assert staff_client.get(reverse("panels:report_download", args=[stopped.pk])).status_code == 404


def test_asking_again_past_the_limit_gives_up_the_stopped_build_first(decided, facilitator, monkeypatch, settings):
    stopped = a_build_whose_worker_stopped_while_laying_out(decided, facilitator, monkeypatch)
    started_minutes_ago(stopped, settings.BUILD_TIME_LIMIT / 60 + 1)

    report = request_report(actor=facilitator, funding_round=decided.funding_round)

    assert report.pk != stopped.pk and report.status == DecisionReport.Status.READY
    stopped.refresh_from_db()
    assert (stopped.status, stopped.error) == (DecisionReport.Status.FAILED, STOPPED_REASON)


def test_a_worker_that_comes_back_after_it_was_given_up_keeps_nothing(decided, facilitator, settings, monkeypatch):
    report = DecisionReport.objects.create(funding_round=decided.funding_round, requested_by=facilitator)

    def given_up_while_writing(*args, **kwargs):
        # While this worker lays out the pages, its build is given up as stopped.
        started_minutes_ago(report, settings.BUILD_TIME_LIMIT / 60 + 1)
        assert give_up_stopped(DecisionReport.objects.all()) == 1
        return b"%PDF-1.7 a late report"

    monkeypatch.setattr(services.reports, "render_pdf", given_up_while_writing)
    build_report(report.pk)

    report.refresh_from_db()
    assert (report.status, report.error, report.file.name) == (DecisionReport.Status.FAILED, STOPPED_REASON, "")
    assert list(settings.MEDIA_ROOT.rglob("*.pdf")) == []


def test_a_build_waiting_for_a_worker_is_never_given_up(decided, facilitator, settings):
    """Waiting is not stopping: with no worker running, a build stays "waiting to start"."""
    report = DecisionReport.objects.create(
        funding_round=decided.funding_round,
        requested_by=facilitator,
        requested_at=timezone.now() - timedelta(days=1),
    )
    assert give_up_stopped(DecisionReport.objects.all()) == 0
    report.refresh_from_db()
    assert report.status == DecisionReport.Status.QUEUED


def test_weasyprint_raising_marks_the_report_failed_and_serves_no_file(
    decided, facilitator, staff_client, monkeypatch, settings
):
    def weasyprint_fails(self, *args, **kwargs):
        raise RuntimeError("cairo: out of memory")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", weasyprint_fails)

    response = staff_client.post(page_url(decided.funding_round), follow=True)

    report = DecisionReport.objects.get()
    assert (report.status, report.error, report.file.name) == (DecisionReport.Status.FAILED, FAILED_REASON, "")
    assert "The decision report could not be built." in response.text
    assert "cairo" not in response.text
    assert list(settings.MEDIA_ROOT.rglob("*.pdf")) == []
    assert staff_client.get(reverse("panels:report_download", args=[report.pk])).status_code == 404
    monkeypatch.undo()
    assert request_report(actor=facilitator, funding_round=decided.funding_round).status == (
        DecisionReport.Status.READY
    )


def test_a_panel_pack_whose_worker_stopped_is_given_up_too(decided, facilitator, settings):
    membership = decided.panels[0].memberships.first()
    stopped = PackBuild.objects.create(
        membership=membership,
        requested_by=facilitator,
        status=PackBuild.Status.BUILDING,
        progress=40,
        started_at=timezone.now() - timedelta(seconds=settings.BUILD_TIME_LIMIT + 60),
    )

    build = request_pack(actor=facilitator, membership=membership)

    assert build.pk != stopped.pk
    assert build.status == PackBuild.Status.READY
    # Given up, then cleared away with the older packs once the new one was built.
    assert not PackBuild.objects.filter(pk=stopped.pk).exists()


def test_the_pack_page_shows_a_stopped_pack_as_failed(decided, facilitator, client, settings):
    membership = decided.panels[0].memberships.select_related("user").first()
    PackBuild.objects.create(
        membership=membership,
        requested_by=facilitator,
        status=PackBuild.Status.BUILDING,
        started_at=timezone.now() - timedelta(seconds=settings.BUILD_TIME_LIMIT + 60),
    )
    client.force_login(membership.user)
    page = client.get(reverse("panels:member_pack", args=[membership.panel.pk]))
    assert page.status_code == 200
    assert "stopped part way, so nothing was kept" in page.text
    assert PackBuild.objects.get().status == PackBuild.Status.FAILED
