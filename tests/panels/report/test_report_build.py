"""Asking for the decision report: staff only, once the panels are deciding; one build at a time
per round, however often it is asked for; progress saved as it goes; and a failed build keeps
no file and says why in plain words."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string

from commissioning.models import AuditEvent, FundingRound
from commissioning.pdf import render_pdf
from panels import services
from panels.audit import Verb
from panels.models import DecisionReport
from panels.services.reports import FAILED_REASON, gather, request_report
from tests.helpers import assert_max_queries
from tests.panels.report.world import decided_round

pytestmark = pytest.mark.django_db


def events(verb, funding_round):
    return AuditEvent.objects.for_target(funding_round).filter(verb=verb)


def test_staff_ask_for_the_report_and_it_is_built_and_logged(decided, facilitator):
    report = request_report(actor=facilitator, funding_round=decided.funding_round)

    report.refresh_from_db()
    assert report.status == DecisionReport.Status.READY
    assert report.requested_by == facilitator
    assert report.file.read().startswith(b"%PDF")
    requested = events(Verb.REPORT_REQUESTED, decided.funding_round).get()
    assert requested.actor == facilitator
    assert requested.data == {"report": report.pk}
    built = events(Verb.REPORT_BUILT, decided.funding_round).get()
    assert built.actor is None  # the system built it
    assert built.data["report"] == report.pk


@pytest.mark.parametrize("persona", ["panel_member", "applicant", "administrator"])
def test_only_staff_facilitators_and_administrators_ask_for_it(decided, persona, request):
    user = request.getfixturevalue(persona)
    if persona == "administrator":
        assert request_report(actor=user, funding_round=decided.funding_round).pk
        return
    with pytest.raises(PermissionDenied, match="Staff build the decision report"):
        request_report(actor=user, funding_round=decided.funding_round)
    assert not DecisionReport.objects.exists()


def test_not_before_the_panels_are_deciding(decided, facilitator):
    FundingRound.objects.filter(pk=decided.funding_round.pk).update(status=FundingRound.Status.INTERVIEWS)

    with pytest.raises(PermissionDenied, match="once the panels are deciding"):
        request_report(actor=facilitator, funding_round=decided.funding_round)
    assert not DecisionReport.objects.exists()


@pytest.mark.parametrize("status", [DecisionReport.Status.QUEUED, DecisionReport.Status.BUILDING])
def test_asking_twice_while_one_is_waiting_or_building_gives_the_same_build(decided, facilitator, status):
    waiting = DecisionReport.objects.create(
        funding_round=decided.funding_round, requested_by=facilitator, status=status
    )

    again = request_report(actor=facilitator, funding_round=decided.funding_round)
    and_again = request_report(actor=facilitator, funding_round=decided.funding_round)

    assert again.pk == and_again.pk == waiting.pk
    assert DecisionReport.objects.count() == 1
    assert not events(Verb.REPORT_REQUESTED, decided.funding_round).exists()


def test_a_finished_build_does_not_stop_a_new_one(decided, facilitator):
    first = request_report(actor=facilitator, funding_round=decided.funding_round)
    second = request_report(actor=facilitator, funding_round=decided.funding_round)

    assert first.pk != second.pk
    assert DecisionReport.objects.filter(status=DecisionReport.Status.READY).count() == 2


def test_the_build_saves_its_progress_section_by_section(decided, facilitator, monkeypatch):
    """Before each section is written, and before the pages are laid out, the build's stored
    progress (what the staff page polls) has moved on from the step before."""
    stored = []

    def stored_progress():
        report = DecisionReport.objects.get()
        stored.append((report.status, report.progress))

    def write_section(*args, **kwargs):
        stored_progress()
        return render_to_string(*args, **kwargs)

    def lay_out(*args, **kwargs):
        stored_progress()
        return render_pdf(*args, **kwargs)

    monkeypatch.setattr(services.reports, "render_to_string", write_section)
    monkeypatch.setattr(services.reports, "render_pdf", lay_out)
    request_report(actor=facilitator, funding_round=decided.funding_round)

    progress = [value for _, value in stored]
    assert len(progress) == len(services.reports.SECTIONS) + 1  # each section, then the layout
    assert progress[0] == services.reports.WRITING  # the records are gathered
    assert progress == sorted(set(progress))  # it moves on at every section
    assert progress[-1] == services.reports.LAYING_OUT
    assert {status for status, _ in stored} == {DecisionReport.Status.BUILDING}
    report = DecisionReport.objects.get()
    assert (report.status, report.progress) == (DecisionReport.Status.READY, 100)


def test_a_failed_build_keeps_no_file_and_says_why(decided, facilitator, monkeypatch, settings):
    def broken(*args, **kwargs):
        raise OSError("the disk is full")

    monkeypatch.setattr(services.reports, "render_pdf", broken)
    report = request_report(actor=facilitator, funding_round=decided.funding_round)

    report.refresh_from_db()
    assert report.status == DecisionReport.Status.FAILED
    assert report.error == FAILED_REASON
    assert "disk" not in report.error  # plain words, not the machine's
    assert not report.file
    assert list(settings.MEDIA_ROOT.rglob("*.pdf")) == []
    assert not events(Verb.REPORT_BUILT, decided.funding_round).exists()
    # The round is free for another try.
    monkeypatch.undo()
    assert request_report(actor=facilitator, funding_round=decided.funding_round).status == DecisionReport.Status.READY


def test_a_build_that_fails_after_writing_its_file_removes_it(decided, facilitator, monkeypatch, settings):
    def broken(**kwargs):
        if kwargs["verb"] == Verb.REPORT_BUILT:
            raise RuntimeError("the log is unavailable")
        return original(**kwargs)

    original = services.reports.record_event
    monkeypatch.setattr(services.reports, "record_event", broken)
    report = request_report(actor=facilitator, funding_round=decided.funding_round)

    report.refresh_from_db()
    assert report.status == DecisionReport.Status.FAILED
    assert not report.file
    assert list(settings.MEDIA_ROOT.rglob("*.pdf")) == []


def test_a_build_already_taken_is_left_alone(decided, facilitator):
    report = DecisionReport.objects.create(
        funding_round=decided.funding_round, requested_by=facilitator, status=DecisionReport.Status.BUILDING
    )

    assert services.reports.build_report(report.pk).status == DecisionReport.Status.BUILDING
    report.refresh_from_db()
    assert report.progress == 0 and not report.file


def count_gather_queries(funding_round) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        gather(funding_round)
    return len(captured.captured_queries)


def test_the_report_reads_the_round_in_the_same_number_of_queries_whatever_its_size(facilitator):
    small = decided_round(applications=5, members=6, panels=2, staff=facilitator)
    count_gather_queries(small.funding_round)  # warms the content types cache, as on a running server
    few = count_gather_queries(small.funding_round)
    large = decided_round(applications=20, members=12, panels=3, staff=facilitator)
    many = count_gather_queries(large.funding_round)

    assert few == many
    # The support section's totals (services.expenses.support_totals) add two fixed queries, and
    # the scores and votes staff took down (results.taken_down_notes) one.
    with assert_max_queries(17):
        gather(large.funding_round)


def count_build_queries(funding_round, actor) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        report = request_report(actor=actor, funding_round=funding_round)
    report.refresh_from_db()
    assert report.status == DecisionReport.Status.READY
    return len(captured.captured_queries)


def test_building_the_whole_report_costs_the_same_queries_for_5_and_20_applications(facilitator):
    small = decided_round(applications=5, members=6, panels=2, staff=facilitator)
    count_build_queries(small.funding_round, facilitator)  # warms the per-process caches
    five = count_build_queries(small.funding_round, facilitator)
    large = decided_round(applications=20, members=12, panels=3, staff=facilitator)
    twenty = count_build_queries(large.funding_round, facilitator)

    assert five == twenty
