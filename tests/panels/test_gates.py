"""The gates on a round's moves that the panels own (panels/gates.py): each refuses with its
reason in plain words and changes nothing, and lets the round move once it is met."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commissioning.audit import Verb
from commissioning.exceptions import GatesNotMet
from commissioning.models import AuditEvent, FundingRound
from commissioning.services import advance_round
from panels import services
from panels.models import AgreementToProceed, Assessment, CriterionFeedback, InterestDeclaration, ShortlistOutcome
from tests.commissioning.factories import UserFactory
from tests.panels import decided as tests_decided
from tests.panels.factories import seat

Status = FundingRound.Status
Outcome = ShortlistOutcome.Outcome


@pytest.fixture
def both(panel, member, colleague):
    """Pamela and Colin sit on Panel A, whose quorum is two."""
    panel.quorum = 2
    panel.save()
    return [panel.memberships.get(user=member), panel.memberships.get(user=colleague)]


def submit(membership, application, stage=Assessment.Stage.SHORTLISTING):
    Assessment.objects.create(
        membership=membership,
        application=application,
        stage=stage,
        status=Assessment.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


def shortlist(application, panel, outcome=Outcome.INCLUDED):
    ShortlistOutcome.objects.update_or_create(application=application, defaults={"panel": panel, "outcome": outcome})


def at(funding_round, status):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=status)
    funding_round.refresh_from_db()
    return funding_round


def refused(facilitator, funding_round) -> str:
    """Try the move: it must be refused, leave the round where it was and log no move."""
    before = funding_round.status
    with pytest.raises(GatesNotMet) as error:
        advance_round(actor=facilitator, funding_round=funding_round)
    funding_round.refresh_from_db()
    assert funding_round.status == before
    assert not AuditEvent.objects.filter(verb=Verb.ROUND_ADVANCED).exists()
    return " ".join(error.value.failures)


def moved(facilitator, funding_round, to):
    advance_round(actor=facilitator, funding_round=funding_round)
    funding_round.refresh_from_db()
    assert funding_round.status == to
    event = AuditEvent.objects.get(verb=Verb.ROUND_ADVANCED)
    assert event.data["to"] == to and event.actor == facilitator


# Shortlisting → interviews ------------------------------------------------------------------


def test_shortlisting_cannot_end_before_every_member_who_can_take_part_has_scored(facilitator, application, both):
    submit(both[0], application)
    shortlist(application, both[0].panel)

    reason = refused(facilitator, application.funding_round)

    assert f"({application.reference}): 1 member of the 2 who can take part has not submitted their scores" in reason


def test_a_conflicted_members_missing_score_does_not_hold_the_round(facilitator, application, both, panel):
    third = seat(UserFactory(full_name="Third Member"), panel)
    InterestDeclaration.objects.create(
        membership=third,
        application=application,
        has_conflict=True,
        nature="My sister runs it",
        recorded_by=facilitator,
    )
    for membership in both:
        submit(membership, application)
    shortlist(application, panel)

    moved(facilitator, application.funding_round, Status.INTERVIEWS)


def test_shortlisting_cannot_end_when_recusals_leave_the_panel_below_its_quorum(facilitator, application, both):
    InterestDeclaration.objects.create(
        membership=both[1],
        application=application,
        has_conflict=True,
        nature="I volunteer there",
        recorded_by=facilitator,
    )
    submit(both[0], application)
    shortlist(application, both[0].panel)

    reason = refused(facilitator, application.funding_round)

    assert "only 1 member can take part after conflicts of interest, fewer than the panel’s quorum of 2" in reason


def test_a_tie_goes_back_to_the_panel_and_holds_the_round(facilitator, application, both):
    for membership in both:
        submit(membership, application)
    shortlist(application, both[0].panel, Outcome.TIE)

    reason = refused(facilitator, application.funding_round)

    assert "the panel’s vote is a tie. It goes back to the panel" in reason
    assert "staff do not break a tie" in reason


def test_shortlisting_cannot_end_without_a_shortlist_outcome(facilitator, application, both):
    for membership in both:
        submit(membership, application)

    assert "has no shortlist outcome yet" in refused(facilitator, application.funding_round)


def test_an_empty_round_cannot_skip_its_shortlisting(facilitator, funding_round):
    assert "No application has been given to a panel yet." in refused(facilitator, funding_round)


def test_shortlisting_ends_once_scored_and_decided(facilitator, application, both):
    for membership in both:
        submit(membership, application)
    shortlist(application, both[0].panel, Outcome.NOT_INCLUDED)

    moved(facilitator, application.funding_round, Status.INTERVIEWS)


# Interviews → decision ------------------------------------------------------------------------


@pytest.fixture
def interviewing(application, both):
    for membership in both:
        submit(membership, application)
    shortlist(application, both[0].panel)
    at(application.funding_round, Status.INTERVIEWS)
    return application


def test_the_interviews_cannot_end_before_every_interview_is_scored(facilitator, interviewing, both):
    submit(both[0], interviewing, Assessment.Stage.INTERVIEWS)

    reason = refused(facilitator, interviewing.funding_round)

    assert "1 member of the 2 who can take part has not scored the interview" in reason
    assert "the panel has not agreed to go on without" in reason


def test_the_interviews_end_once_every_interview_is_scored(facilitator, interviewing, both):
    for membership in both:
        submit(membership, interviewing, Assessment.Stage.INTERVIEWS)

    moved(facilitator, interviewing.funding_round, Status.DECISION)


def test_the_panel_may_agree_to_go_on_without_an_interview_score(facilitator, interviewing, member, panel):
    agreement = services.interviews.agree_to_proceed(
        actor=member, panel=panel, application=interviewing, reason="Colin was ill; we agreed to decide without him."
    )

    assert (agreement.recorded_by, agreement.application) == (member, interviewing)
    event = AuditEvent.objects.get(verb="panels.agreed_to_proceed")
    assert event.actor == member and event.data["reason"].startswith("Colin was ill")
    moved(facilitator, interviewing.funding_round, Status.DECISION)


def test_staff_cannot_agree_for_the_panel(facilitator, interviewing, panel):
    with pytest.raises(PermissionDenied):
        services.interviews.agree_to_proceed(actor=facilitator, panel=panel, reason="To save time.")
    assert not AgreementToProceed.objects.exists()


def test_an_agreement_needs_its_reason_and_the_interview_stage(interviewing, member, panel):
    with pytest.raises(ValidationError):
        services.interviews.agree_to_proceed(actor=member, panel=panel, reason="  ")
    at(interviewing.funding_round, Status.DECISION)
    with pytest.raises(PermissionDenied):
        services.interviews.agree_to_proceed(actor=member, panel=panel, reason="Too late.")
    assert not AgreementToProceed.objects.exists()


def test_a_member_records_the_agreement_on_the_interviews_page(interviewing, member_client, panel):
    page = member_client.get(reverse("panels:interviews_panel", args=[panel.pk]))
    assert "Record the panel’s agreement" in page.content.decode()

    response = member_client.post(
        reverse("panels:agreement_to_proceed", args=[panel.pk]), {"application": "", "reason": "We all agreed."}
    )

    assert response.status_code == 302
    assert AgreementToProceed.objects.get().application is None


# Decision → feedback, feedback → closed ------------------------------------------------------


def test_the_round_cannot_go_to_feedback_before_every_shortlisted_application_is_decided(facilitator):
    funding_round = tests_decided.decided_round(status=Status.DECISION)
    decided = tests_decided.decide(funding_round)
    shortlist(decided, decided.funding_decision.panel)
    undecided = tests_decided.decide(funding_round, title="Walks in the park")
    shortlist(undecided, undecided.funding_decision.panel)
    undecided.funding_decision.delete()

    reason = refused(facilitator, funding_round)

    assert f"({undecided.reference}) has no recorded decision yet." in reason
    assert decided.reference not in reason


def test_the_round_goes_to_feedback_once_every_shortlisted_application_is_decided(facilitator):
    funding_round = tests_decided.decided_round(status=Status.DECISION)
    decided = tests_decided.decide(funding_round)
    shortlist(decided, decided.funding_decision.panel)

    moved(facilitator, funding_round, Status.FEEDBACK)


def test_the_round_cannot_close_before_every_letter_is_ready(facilitator):
    funding_round = tests_decided.decided_round(status=Status.FEEDBACK)
    application = tests_decided.decide(funding_round)
    CriterionFeedback.objects.filter(application=application, criterion__title="Will last beyond the grant").update(
        strengths="", could_be_better=""
    )

    reason = refused(facilitator, funding_round)

    assert f"({application.reference}) is not ready" in reason
    assert "‘Will last beyond the grant’" in reason


def test_the_round_closes_once_every_letter_is_ready(facilitator):
    funding_round = tests_decided.decided_round(status=Status.FEEDBACK)
    tests_decided.decide(funding_round)

    moved(facilitator, funding_round, Status.CLOSED)


# What staff see ----------------------------------------------------------------------------------


def test_staff_see_the_checklist_and_a_refused_move_changes_nothing(client, facilitator, application, both):
    submit(both[0], application)
    client.force_login(facilitator)
    url = reverse("commissioning:round_advance", args=[application.funding_round.slug])

    page = client.get(url).content.decode()
    assert "Every member who can take part has scored" in page
    assert "1 member of the 2 who can take part has not submitted their scores" in page

    response = client.post(url, follow=True)

    assert "cannot move to ‘Interviews’ yet" in response.content.decode()
    application.funding_round.refresh_from_db()
    assert application.funding_round.status == Status.SHORTLISTING
