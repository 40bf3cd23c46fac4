"""Panels score independently, as the funding rules say: only seated, inducted members with no
conflict, never staff; nobody sees the others' scores before submitting their own."""

import pytest
from django.core.exceptions import PermissionDenied

from commissioning.models import AuditEvent, Criterion, FundingRound
from commissioning.permissions import STAFF_VETO_REASON, can
from panels import services
from panels.audit import Verb
from panels.exceptions import IncompleteAssessment, PanelError
from panels.models import Assessment, InterestDeclaration, Panel, PanelMembership, Score

from .factories import assign, eligible_application, seat, seat_and_declare


def scored(application):
    return list(application.funding_round.criteria.filter(kind=Criterion.Kind.SCORED))


def declare_none(user, application):
    return services.scoring.declare_interest(actor=user, application=application, has_conflict=False)


def score_all(user, application, value=3, submit=True):
    return services.scoring.save_assessment(
        actor=user,
        application=application,
        scores={criterion.pk: (value, "Clear plan.") for criterion in scored(application)},
        overall_comment="A strong local group.",
        submit=submit,
    )


def test_a_member_declares_no_conflict_then_scores_and_submits(member, application):
    assert not can(member, "panels.score_application", application).allowed  # not declared yet
    declare_none(member, application)
    assessment = score_all(member, application)
    assert assessment.status == Assessment.Status.SUBMITTED
    assert AuditEvent.objects.filter(verb=Verb.ASSESSMENT_SUBMITTED, actor=member).exists()


@pytest.mark.parametrize("persona", ["facilitator", "administrator", "applicant"])
def test_staff_administrators_and_applicants_are_refused_scoring_with_a_reason(request, application, panel, persona):
    user = request.getfixturevalue(persona)
    if persona == "applicant":
        seat(user, panel)  # even seated by mistake, an applicant must still declare first
        reason = "Declare whether you have a conflict of interest before opening this application."
    else:
        seat_and_declare(user, panel, application)  # so that only the staff veto can refuse them
        reason = STAFF_VETO_REASON
    decision = can(user, "panels.score_application", application)
    assert not decision.allowed
    assert decision.reason == reason
    with pytest.raises(PermissionDenied):
        score_all(user, application)


def test_a_superuser_seated_on_the_panel_still_cannot_score(administrator, panel, application):
    from guardian.shortcuts import assign_perm

    assign_perm("panels.sit_on_panel", administrator, panel)
    assert "Staff and administrators facilitate" in can(administrator, "panels.score_application", application).reason


def test_a_conflicted_member_cannot_open_or_score(member, application):
    services.scoring.declare_interest(
        actor=member, application=application, has_conflict=True, nature="I volunteer there."
    )
    for action in ("panels.view_application", "panels.score_application"):
        decision = can(member, action, application)
        assert not decision.allowed
        assert "conflict of interest" in decision.reason
    with pytest.raises(PermissionDenied):
        score_all(member, application)


def test_a_member_of_another_panel_cannot_score(application, funding_round, outsider):
    other = Panel.objects.create(funding_round=funding_round, name="Panel B")
    seat(outsider, other)
    decision = can(outsider, "panels.score_application", application)
    assert decision.reason == "Only members of the panel this application was given to can do this."


def test_induction_comes_before_scoring(panel, application, outsider):
    seat(outsider, panel, inducted=False)
    declare_none(outsider, application)
    assert "induction" in can(outsider, "panels.score_application", application).reason


def test_no_scoring_after_the_stage_closed(member, application, funding_round):
    declare_none(member, application)
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.DECISION)
    application.funding_round.refresh_from_db()
    reason = can(member, "panels.score_application", application).reason
    assert reason == "Scoring is open only during the shortlisting and interview stages."


def test_at_interviews_only_shortlisted_applications_are_scored_again(member, application, funding_round):
    declare_none(member, application)
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.INTERVIEWS)
    application.funding_round.refresh_from_db()
    reason = can(member, "panels.score_application", application).reason
    assert reason == "Only shortlisted applications are interviewed and scored again."


def test_others_scores_stay_hidden_until_you_submit_your_own(member, colleague, application, facilitator):
    declare_none(member, application)
    declare_none(colleague, application)
    score_all(colleague, application, value=4)
    score_all(member, application, value=2, submit=False)
    assert "Submit your own assessment first" in can(member, "panels.view_assessments", application).reason
    assert "until the panel closes this stage" in can(facilitator, "panels.view_assessments", application).reason
    services.scoring.save_assessment(actor=member, application=application, scores={}, submit=True)
    assert can(member, "panels.view_assessments", application).allowed


def test_submitting_with_a_criterion_blank_lists_it_and_keeps_what_was_scored(member, application):
    declare_none(member, application)
    first, last = scored(application)
    with pytest.raises(IncompleteAssessment) as refused:
        services.scoring.save_assessment(actor=member, application=application, scores={first.pk: (3, "")}, submit=True)
    assert refused.value.missing == [last.title]
    assessment = Assessment.objects.get(membership__user=member)
    assert assessment.status == Assessment.Status.DRAFT
    assert Score.objects.get(assessment=assessment).value == 3  # nothing typed is lost


@pytest.mark.parametrize("value", [-1, 5])
def test_a_score_outside_0_to_4_is_refused(member, application, value):
    declare_none(member, application)
    with pytest.raises(PanelError, match="from 0 to 4"):
        score_all(member, application, value=value)
    assert not Score.objects.exists()


def test_a_score_for_a_criterion_of_another_round_is_refused(member, application):
    from tests.commissioning.factories import CriterionFactory

    declare_none(member, application)
    stranger = CriterionFactory()
    with pytest.raises(PanelError, match="not part of this round"):
        services.scoring.save_assessment(actor=member, application=application, scores={stranger.pk: (2, "")})


def test_a_conflict_needs_its_nature_and_a_declaration_is_made_once(member, application):
    with pytest.raises(PanelError, match="Say what the conflict is"):
        services.scoring.declare_interest(actor=member, application=application, has_conflict=True)
    declare_none(member, application)
    with pytest.raises(PanelError, match="already declared"):
        declare_none(member, application)
    assert InterestDeclaration.objects.count() == 1


def test_accepting_an_invitation_grants_the_seat_and_staff_cannot_sit(facilitator, panel, panel_member):
    membership = services.membership.invite_member(actor=facilitator, panel=panel, user=panel_member, is_chair=True)
    assert membership.status == PanelMembership.Status.INVITED
    assert not can(panel_member, "panels.view_panel", panel).allowed
    services.membership.answer_invitation(actor=panel_member, membership=membership, accept=True)
    assert can(panel_member, "panels.view_panel", panel).allowed
    with pytest.raises(PanelError, match="Staff facilitate panels"):
        services.membership.invite_member(actor=facilitator, panel=panel, user=facilitator)


def test_only_eligible_applications_of_the_round_go_to_one_panel(facilitator, panel, funding_round):
    application = eligible_application(funding_round)
    services.membership.assign_application(actor=facilitator, panel=panel, application=application)
    other = Panel.objects.create(funding_round=funding_round, name="Panel B")
    with pytest.raises(PanelError, match="already with a panel"):
        services.membership.assign_application(actor=facilitator, panel=other, application=application)
    draft_like = eligible_application(funding_round)
    draft_like.status = "not_eligible"
    draft_like.save()
    with pytest.raises(PanelError, match="Only applications found eligible"):
        services.membership.assign_application(actor=facilitator, panel=panel, application=draft_like)


def test_a_conflict_on_another_application_does_not_stop_a_member_taking_part(member, colleague, panel, facilitator):
    first, second = eligible_application(panel.funding_round), eligible_application(panel.funding_round)
    for application in (first, second):
        assign(panel, application, facilitator)
    services.scoring.declare_interest(actor=member, application=first, has_conflict=True, nature="I volunteer there.")
    declare_none(member, second)
    assert PanelMembership.objects.taking_part_in(second).count() == 2
    assert PanelMembership.objects.taking_part_in(first).count() == 1


def test_a_member_reopens_only_their_own_submitted_assessment_and_it_is_logged(member, colleague, application):
    for person in (member, colleague):
        declare_none(person, application)
    score_all(member, application)
    with pytest.raises(PanelError, match="Only a submitted assessment can be reopened"):
        services.scoring.reopen_assessment(actor=colleague, application=application)
    assert Assessment.objects.get(membership__user=member).status == Assessment.Status.SUBMITTED
    reopened = services.scoring.reopen_assessment(actor=member, application=application)
    assert reopened.status == Assessment.Status.DRAFT and reopened.submitted_at is None
    assert AuditEvent.objects.filter(verb=Verb.ASSESSMENT_REOPENED, actor=member).exists()


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_cannot_reopen_and_cannot_be_given_scoring(request, member, panel, application, persona):
    """Even seated on the panel (by mistake, with the grant and the induction), staff and
    administrators are refused scoring and reopening: the veto comes before every grant."""
    user = request.getfixturevalue(persona)
    declare_none(member, application)
    score_all(member, application)
    seat_for_staff = PanelMembership.objects.create(panel=panel, user=user, status=PanelMembership.Status.ACCEPTED)
    from guardian.shortcuts import assign_perm

    assign_perm("panels.sit_on_panel", user, panel)
    InterestDeclaration.objects.create(
        membership=seat_for_staff, application=application, has_conflict=False, recorded_by=user
    )
    decision = can(user, "panels.score_application", application)
    assert not decision.allowed and "cannot agree criteria, score or vote" in decision.reason
    with pytest.raises(PermissionDenied):
        services.scoring.reopen_assessment(actor=user, application=application)
    with pytest.raises(PermissionDenied):
        score_all(user, application)
    assert Assessment.objects.get(membership__user=member).status == Assessment.Status.SUBMITTED


def test_staff_cannot_invite_a_facilitator_or_an_administrator_to_score(facilitator, administrator, panel):
    for person in (facilitator, administrator):
        with pytest.raises(PanelError, match="Staff facilitate panels"):
            services.membership.invite_member(actor=facilitator, panel=panel, user=person)
    assert not PanelMembership.objects.exists()


def test_reopening_after_the_stage_closed_is_refused(member, application, funding_round):
    declare_none(member, application)
    score_all(member, application)
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.DECISION)
    application.funding_round.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.scoring.reopen_assessment(actor=member, application=application)
