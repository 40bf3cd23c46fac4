"""Reopening your own submitted scores: asked first, only your own, only while the stage is
open, and logged. The others' scores close again until you submit once more."""

import pytest
from django.urls import reverse

from commissioning.models import AuditEvent, FundingRound
from panels.audit import Verb
from panels.models import Assessment, Panel

from .conftest import add_application, declare, submit_scores


def url(panel, application):
    return reverse("panels:assessment_reopen", args=[panel.pk, application.pk])


def score_url(panel, application):
    return reverse("panels:application_score", args=[panel.pk, application.pk])


@pytest.fixture
def submitted(member, application):
    declare(member, application)
    return submit_scores(member, application)


def test_the_scoring_page_offers_to_change_submitted_scores(member_client, panel, application, submitted):
    page = member_client.get(score_url(panel, application)).content.decode()
    assert f'href="{url(panel, application)}"' in page
    assert "Change my scores" in page


def test_the_results_offer_to_change_your_own_scores(member_client, panel, application, submitted):
    page = member_client.get(reverse("panels:panel_results", args=[panel.pk])).content.decode()
    assert f'href="{url(panel, application)}"' in page


def test_reopening_asks_first_and_changes_nothing_until_confirmed(member_client, panel, application, submitted):
    response = member_client.get(url(panel, application))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Change your scores?" in page and "Yes, reopen my scores" in page
    assert f'href="{score_url(panel, application)}"' in page  # "No, keep them submitted"
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED


def test_confirming_reopens_keeps_the_scores_and_logs_it(member_client, member, panel, application, submitted):
    response = member_client.post(url(panel, application), follow=True)
    assert response.redirect_chain[-1][0] == score_url(panel, application)
    page = response.content.decode()
    assert "are open again" in page and "Submit my scores" in page
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.DRAFT and submitted.submitted_at is None
    assert sorted(submitted.scores.values_list("value", flat=True)) == [3, 3]  # nothing lost
    assert AuditEvent.objects.filter(verb=Verb.ASSESSMENT_REOPENED, actor=member).count() == 1


def test_after_reopening_the_others_scores_close_again(member_client, colleague, panel, application, submitted):
    declare(colleague, application)
    submit_scores(colleague, application, value=1)
    results = reverse("panels:panel_results", args=[panel.pk])
    assert "Average score" in member_client.get(results).content.decode()
    member_client.post(url(panel, application))
    page = member_client.get(results).content.decode()
    assert "Average score" not in page and "Submit yours first" in page


def test_another_member_cannot_reopen_yours(client, colleague, panel, application, submitted):
    declare(colleague, application)
    client.force_login(colleague)
    response = client.post(url(panel, application), follow=True)
    assert "are not submitted, so they are open" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED
    assert not AuditEvent.objects.filter(verb=Verb.ASSESSMENT_REOPENED).exists()


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_cannot_reopen_a_members_scores(request, client, panel, application, submitted, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(url(panel, application))
    assert response.status_code == 403
    assert "cannot agree criteria, score or vote" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED


def test_once_the_stage_has_closed_scores_cannot_be_reopened(member_client, panel, application, submitted):
    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.DECISION)
    response = member_client.post(url(panel, application))
    assert response.status_code == 403
    assert "Scoring is open only during the shortlisting and interview stages." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.SUBMITTED


def test_a_draft_has_nothing_to_reopen(member_client, member, panel, application):
    declare(member, application)
    response = member_client.get(url(panel, application), follow=True)
    assert response.redirect_chain[-1][0] == score_url(panel, application)
    assert "are not submitted, so they are open" in response.content.decode()


def test_a_conflicted_member_is_refused(member_client, member, panel, application):
    declare(member, application, conflict=True)
    assert member_client.post(url(panel, application)).status_code == 403


def test_an_application_of_another_panel_is_not_found(member_client, member, funding_round, facilitator):
    other_panel = Panel.objects.create(funding_round=funding_round, name="Panel B")
    other = add_application(other_panel, facilitator)
    mine = Panel.objects.get(name="Panel A")
    assert member_client.get(url(mine, other)).status_code == 404


def test_an_outsider_is_not_found(client, outsider, panel, application, submitted):
    client.force_login(outsider)
    assert client.post(url(panel, application)).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, panel, application):
    response = client.post(url(panel, application))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url


def test_other_methods_are_not_allowed(member_client, panel, application, submitted):
    assert member_client.put(url(panel, application)).status_code == 405
