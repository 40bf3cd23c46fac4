"""Scoring again after the interviews: during the round's interview stage, the shortlisted
applications are scored exactly as at shortlisting, into interview assessments; the panel's
pages (its applications, progress, results; staff progress) follow the stage the round is at."""

from django.urls import reverse

from commissioning.models import FundingRound
from panels.models import Assessment, InductionCompletion
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.factories import seat

from .conftest import add_application, criteria, declare, interviews, submit_scores


def score_url(panel, application):
    return reverse("panels:application_score", args=[panel.pk, application.pk])


def post_data(application, value):
    data = {"action": "submit", "overall_comment": "Strong at interview."}
    for criterion in criteria(application):
        data[f"score_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = "They answered well."
    return data


def test_a_shortlisted_application_is_scored_again_into_an_interview_assessment(
    member_client, member, panel, application
):
    declare(member, application)
    submit_scores(member, application, value=2)
    interviews(panel, application)
    page = member_client.get(score_url(panel, application)).content.decode()
    assert "After the interview: score it again" in page
    assert "Submit my scores" in page  # a fresh form, not the submitted shortlisting one
    assert member_client.post(score_url(panel, application), post_data(application, 4)).status_code == 302
    by_stage = dict(Assessment.objects.filter(membership__user=member).values_list("stage", "status"))
    assert by_stage == {"shortlisting": "submitted", "interviews": "submitted"}
    interview = Assessment.objects.get(membership__user=member, stage="interviews")
    assert set(interview.scores.values_list("value", flat=True)) == {4}


def test_an_application_not_shortlisted_is_not_scored_at_interviews(member_client, member, panel, application):
    declare(member, application)
    interviews(panel)
    response = member_client.get(score_url(panel, application))
    assert response.status_code == 403
    assert "Only shortlisted applications are interviewed and scored again." in response.content.decode()


def test_the_interviewing_module_comes_before_interview_scores(member_client, member, panel, application):
    declare(member, application)
    interviews(panel, application)
    InductionCompletion.objects.filter(membership__user=member, module="interviewing").delete()
    response = member_client.get(score_url(panel, application))
    assert response.status_code == 403
    assert "Finish the induction module on interviewing" in response.content.decode()


def test_the_panel_page_shows_interview_progress_and_who_was_not_shortlisted(
    member_client, member, panel, application, facilitator
):
    left_out = add_application(panel, facilitator)
    for each in (application, left_out):
        declare(member, each)
        submit_scores(member, each)
    interviews(panel, application)
    page = member_client.get(reverse("panels:panel_detail", args=[panel.pk])).content.decode()
    assert "0 of 1 shortlisted application scored after interview" in page
    assert "Not shortlisted: nothing more to do" in page
    assert f'href="{score_url(panel, application)}"' in page
    assert f'href="{score_url(panel, left_out)}"' not in page
    submit_scores(member, application)
    page = member_client.get(reverse("panels:panel_detail", args=[panel.pk])).content.decode()
    assert "1 of 1 shortlisted application scored after interview" in page


def test_your_panels_list_counts_interview_progress(member_client, member, panel, application, facilitator):
    add_application(panel, facilitator)
    declare(member, application)
    submit_scores(member, application)
    interviews(panel, application)
    page = member_client.get(reverse("panels:panel_list")).content.decode()
    assert "0 of 1 shortlisted application scored after interview" in page
    submit_scores(member, application)
    assert (
        "1 of 1 shortlisted application scored after interview"
        in member_client.get(reverse("panels:panel_list")).content.decode()
    )


def test_results_at_interviews_are_the_interview_scores(member_client, member, colleague, panel, application):
    for person in (member, colleague):
        declare(person, application)
        submit_scores(person, application, value=4)  # 100% at shortlisting
    interviews(panel, application)
    results = reverse("panels:panel_results", args=[panel.pk])
    page = member_client.get(results).content.decode()
    assert "Scores after the interviews" in page
    assert "100.0%" not in page and "Submit yours first" in page  # independence again
    submit_scores(member, application, value=2)
    submit_scores(colleague, application, value=2)
    page = member_client.get(results).content.decode()
    assert "Average score: <strong>50.0%</strong>" in page
    shortlisting = member_client.get(results + "?stage=shortlisting").content.decode()
    assert "Scores for shortlisting." in shortlisting and "Average score: <strong>100.0%</strong>" in shortlisting


def test_an_unknown_or_later_stage_asked_for_shows_the_rounds_own(member_client, member, panel, application):
    declare(member, application)
    submit_scores(member, application, value=4)
    results = reverse("panels:panel_results", args=[panel.pk])
    for asked in ("interviews", "nonsense", ""):
        page = member_client.get(f"{results}?stage={asked}").content.decode()
        assert "Scores for shortlisting." in page and "100.0%" in page


def test_staff_see_no_interview_scores_while_the_interviews_go_on(client, facilitator, colleague, panel, application):
    declare(colleague, application)
    submit_scores(colleague, application, value=3)
    interviews(panel, application)
    submit_scores(colleague, application, value=1)
    client.force_login(facilitator)
    results = reverse("panels:panel_results", args=[panel.pk])
    page = client.get(results).content.decode()
    assert "Staff see who has finished, but not the scores" in page
    assert "Average score" not in page and "25.0%" not in page
    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.DECISION)
    page = client.get(results).content.decode()
    assert "Average score: <strong>25.0%</strong>" in page


def test_staff_follow_interview_progress_in_words(client, facilitator, member, colleague, panel, application):
    for person in (member, colleague):
        declare(person, application)
        submit_scores(person, application)
    interviews(panel, application)
    submit_scores(member, application)
    client.force_login(facilitator)
    page = client.get(reverse("panels:panel_manage", args=[panel.pk])).content.decode()
    assert "members score the 1 shortlisted application again" in page
    assert "1 of 1 submitted" in page.split(member.full_name)[1].split("</tr>")[0]
    assert "0 of 1 submitted" in page.split(colleague.full_name)[1].split("</tr>")[0]


def test_the_panel_page_costs_the_same_queries_at_interviews(member_client, member, panel, application, facilitator):
    declare(member, application)
    submit_scores(member, application)
    interviews(panel, application)

    def more():
        for _ in range(3):
            extra = add_application(panel, facilitator)
            declare(member, extra)
            interviews(panel, extra)
            submit_scores(member, extra)
        seat(UserFactory(), panel)

    # Each page's own reads, and the policy's facts read once (the grant among them).
    for name in ("panels:panel_detail", "panels:panel_results"):
        assert_page_queries(member_client, reverse(name, args=[panel.pk]), at_most=13, add_data=more)


def test_reopening_at_interviews_reopens_the_interview_scores_only(member_client, member, panel, application):
    declare(member, application)
    submit_scores(member, application)
    interviews(panel, application)
    submit_scores(member, application)
    reopen = reverse("panels:assessment_reopen", args=[panel.pk, application.pk])
    assert member_client.post(reopen).status_code == 302
    by_stage = dict(Assessment.objects.filter(membership__user=member).values_list("stage", "status"))
    assert by_stage == {"shortlisting": "submitted", "interviews": "draft"}
