"""What counts in the decision report, the document a funder's auditor reads: it ranks each
panel's applications by the scores the panel decided on (after the interviews) and says so, and
a member's scores stop counting once a conflict is recorded, whenever it came to light."""

import pytest

from panels import services
from panels.models import Assessment, PanelMembership, Score
from panels.services.reports import request_report
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db


def decisions_section(decided, actor) -> str:
    report = request_report(actor=actor, funding_round=decided.funding_round)
    report.refresh_from_db()
    text = pdf_text(report.file.read())
    return text.split("The applications and the decisions", 1)[1].split("The budget", 1)[0]


def score_interviews(application, values_by_member: dict[PanelMembership, int]) -> None:
    from django.utils import timezone

    for membership, value in values_by_member.items():
        assessment = Assessment.objects.create(
            membership=membership,
            application=application,
            stage=Assessment.Stage.INTERVIEWS,
            status=Assessment.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        criteria = application.funding_round.criteria.filter(kind="scored", status="agreed")
        Score.objects.bulk_create(Score(assessment=assessment, criterion=c, value=value) for c in criteria)


def test_the_report_ranks_by_the_interview_scores_and_says_so(decided, facilitator):
    panel = decided.panels[0]
    first, second = decided.applications[2], decided.applications[4]  # both Panel A's
    seats = list(panel.memberships.filter(status="accepted").order_by("pk"))
    # At shortlisting the first led; at interview the second did better.
    Score.objects.filter(assessment__application=first).update(value=4)
    Score.objects.filter(assessment__application=second).update(value=0)
    score_interviews(first, dict.fromkeys(seats, 1))
    score_interviews(second, dict.fromkeys(seats, 4))

    text = decisions_section(decided, facilitator)
    assert "in the order of their interview score" in text
    assert text.index(second.organisation.name) < text.index(first.organisation.name)


def test_scores_given_before_staff_recorded_a_conflict_are_left_out(decided, facilitator):
    panel = decided.panels[0]
    application = decided.applications[2]
    seats = list(panel.memberships.filter(status="accepted").order_by("pk"))
    Score.objects.update(value=2)  # every shortlisting score 50.0%, so that 66.7% can only be this one
    score_interviews(application, {seats[0]: 4, seats[1]: 4, seats[2]: 0})
    assert "66.7%" in decisions_section(decided, facilitator)

    services.membership.record_known_conflict(
        actor=facilitator, membership=seats[2], application=application, nature="A trustee of the group"
    )

    text = decisions_section(decided, facilitator)
    assert "66.7%" not in text
    assert "100.0%" in text
