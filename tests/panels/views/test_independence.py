"""Independence at every stage (DESIGN.md): a member sees the others' scores for an application
at a stage only after submitting their own at that stage, and the policy itself says so, so a
page that trusts it cannot leak."""

from django.urls import reverse

from commissioning.permissions import can
from panels.models import Assessment

from .conftest import declare, interviews, submit_scores


def test_shortlisting_scores_do_not_open_the_interview_scores(member, colleague, panel, application):
    for person in (member, colleague):
        declare(person, application)
        submit_scores(person, application, value=2)
    interviews(panel, application)
    application.refresh_from_db()
    submit_scores(colleague, application, value=4)  # the colleague has scored the interview

    from panels.results import ScoresAt

    assert not can(member, "panels.view_assessments", ScoresAt(application, Assessment.Stage.INTERVIEWS)).allowed
    # The application alone asks about the stage the round is at: the interviews.
    refused = can(member, "panels.view_assessments", application)
    assert not refused.allowed
    assert "Submit your own" in refused.reason
    # What the member finished at shortlisting stays open to them.
    assert can(member, "panels.view_assessments", ScoresAt(application, Assessment.Stage.SHORTLISTING)).allowed


def test_after_scoring_the_interview_the_member_sees_the_interview_scores(member, colleague, panel, application):
    for person in (member, colleague):
        declare(person, application)
        submit_scores(person, application, value=2)
    interviews(panel, application)
    application.refresh_from_db()
    submit_scores(colleague, application, value=4)
    submit_scores(member, application, value=3)

    assert can(member, "panels.view_assessments", application).allowed


def test_the_results_page_asks_the_policy_at_the_interviews(member_client, member, colleague, panel, application):
    for person in (member, colleague):
        declare(person, application)
        submit_scores(person, application, value=2)
    interviews(panel, application)
    application.refresh_from_db()
    submit_scores(colleague, application, value=4)

    page = member_client.get(reverse("panels:panel_results", args=[panel.pk])).content.decode()
    assert "Scores after the interviews" in page
    assert "100.0%" not in page  # the colleague's interview score stays hidden
    assert "Submit yours first" in page
