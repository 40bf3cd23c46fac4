"""After feedback the round is closed and read-only everywhere: staff close it (the last step of
the round), the activity log says so, and from then on every write is refused with one plain
reason, while everything stays readable."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from commissioning.audit import Verb
from commissioning.models import AuditEvent, FundingRound
from commissioning.permissions import ROUND_CLOSED_REASON, can
from commissioning.services import advance_round
from panels import services
from panels.models import CriterionFeedback, InterviewSlot, PanelQuestion
from tests.applications.factories import join_organisation
from tests.panels.report.world import decided_round

pytestmark = pytest.mark.django_db

OPEN_TO_CHANGE = FundingRound.Status.FEEDBACK


@pytest.fixture
def closed(facilitator):
    return decided_round(applications=3, members=4, panels=1, staff=facilitator, status=FundingRound.Status.CLOSED)


def reopen(decided):
    """The same round back at feedback, to show the rule depends on the closing."""
    FundingRound.objects.filter(pk=decided.funding_round.pk).update(status=OPEN_TO_CHANGE)
    decided.funding_round.refresh_from_db()
    for application in decided.applications:
        application.funding_round = decided.funding_round
    decided.panels[0].funding_round = decided.funding_round


def test_staff_close_a_round_after_feedback_and_the_log_says_so(facilitator):
    decided = decided_round(applications=1, members=2, panels=1, staff=facilitator, status=FundingRound.Status.FEEDBACK)
    # The letters are ready (the gate out of feedback): the panel's words on every scored criterion.
    for criterion in decided.funding_round.criteria.filter(kind="scored"):
        CriterionFeedback.objects.create(
            application=decided.applications[0], criterion=criterion, strengths="Well led.", written_by=facilitator
        )

    closed_round = advance_round(actor=facilitator, funding_round=decided.funding_round)

    assert closed_round.status == FundingRound.Status.CLOSED
    event = AuditEvent.objects.for_target(closed_round).get(verb=Verb.ROUND_CLOSED)
    assert event.actor == facilitator
    with pytest.raises(PermissionDenied, match="it has no next stage"):
        advance_round(actor=facilitator, funding_round=closed_round)


def test_moving_to_other_stages_is_not_a_closing(facilitator):
    decided = decided_round(applications=1, members=2, panels=1, staff=facilitator, status=FundingRound.Status.DECISION)

    advance_round(actor=facilitator, funding_round=decided.funding_round)

    assert not AuditEvent.objects.filter(verb=Verb.ROUND_CLOSED).exists()


# Every write refused with the closed reason, where the rule did not already end with an earlier stage.


def member_writes(decided):
    chair, application, panel = decided.chairs[0], decided.applications[0], decided.panels[0]
    return [
        (chair, "panels.declare_interest", application),
        (chair, "panels.discuss", application),
        (chair, "panels.ask_staff", panel),
    ]


def staff_writes(decided, staff):
    panel = decided.panels[0]
    seat = panel.memberships.first()
    session = panel.sessions.first()
    return [
        (staff, "panels.discuss", decided.applications[0]),
        (staff, "panels.answer_panel_question", panel),
        (staff, "panels.change_panels", decided.funding_round),
        (staff, "panels.change_panels", panel),
        (staff, "panels.change_panels", seat),
        (staff, "panels.change_panels", session),
    ]


def test_members_writes_are_refused_with_the_closed_reason(closed):
    for user, action, obj in member_writes(closed):
        decision = can(user, action, obj)
        assert not decision.allowed, action
        assert decision.reason == ROUND_CLOSED_REASON, action


def test_staff_writes_are_refused_with_the_closed_reason(closed, facilitator, administrator):
    for staff in (facilitator, administrator):
        for user, action, obj in staff_writes(closed, staff):
            decision = can(user, action, obj)
            assert not decision.allowed, action
            assert decision.reason == ROUND_CLOSED_REASON, action


def test_the_same_writes_were_allowed_before_the_round_closed(closed, facilitator):
    reopen(closed)

    for user, action, obj in member_writes(closed) + staff_writes(closed, facilitator):
        assert can(user, action, obj).allowed, action


def test_withdrawing_an_application_is_refused_with_the_closed_reason(closed):
    application = closed.applications[0]
    join_organisation(application.organisation.main_contact, application.organisation)

    decision = can(application.organisation.main_contact, "applications.withdraw_application", application)

    assert decision.reason == ROUND_CLOSED_REASON
    # While the panel still decides, the organisation may withdraw (once told the decision, not).
    FundingRound.objects.filter(pk=application.funding_round_id).update(status=FundingRound.Status.DECISION)
    application.funding_round.refresh_from_db()
    assert can(application.organisation.main_contact, "applications.withdraw_application", application).allowed


def test_writes_that_belong_to_earlier_stages_stay_refused(closed, facilitator):
    chair, application = closed.chairs[0], closed.applications[0]
    contact = application.organisation.main_contact
    join_organisation(contact, application.organisation)
    for user, action, obj in [
        (chair, "panels.score_application", application),
        (chair, "panels.vote", application),
        (chair, "panels.record_decision", application),
        (chair, "panels.write_feedback", application),
        (contact, "panels.book_interview", application),
        (contact, "applications.edit_application", application),
        (contact, "applications.start_application", closed.funding_round),
        (facilitator, "applications.check_eligibility", application),
        (facilitator, "commissioning.edit_timeline", closed.funding_round),
        (facilitator, "commissioning.edit_round", closed.funding_round),
    ]:
        assert not can(user, action, obj).allowed, action


def test_the_services_refuse_staff_changes_to_a_closed_round(closed, facilitator, outsider):
    panel = closed.panels[0]
    seat = panel.memberships.first()
    attempts = [
        lambda: services.membership.create_panel(actor=facilitator, funding_round=closed.funding_round, name="Panel Z"),
        lambda: services.membership.invite_member(actor=facilitator, panel=panel, user=outsider),
        lambda: services.membership.assign_application(
            actor=facilitator, panel=panel, application=closed.applications[0]
        ),
        lambda: services.membership.record_adjustment(actor=facilitator, membership=seat, kind="large_print"),
        lambda: services.talk.arrange_session(
            actor=facilitator, panel=panel, title="One more", starts_at=timezone.now(), place="The library"
        ),
        lambda: services.talk.record_attendance(actor=facilitator, session=panel.sessions.first(), memberships=[seat]),
        lambda: services.interviews.offer_interview_slot(
            actor=facilitator, panel=panel, starts_at=timezone.now(), place="Hall"
        ),
        lambda: services.talk.post_in_discussion(actor=facilitator, application=closed.applications[0], body="A note"),
        lambda: services.talk.ask_staff(actor=closed.chairs[0], panel=panel, text="Can we change our minds?"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match=ROUND_CLOSED_REASON):
            attempt()
    assert not InterviewSlot.objects.exists()
    assert not PanelQuestion.objects.exists()
    assert panel.sessions.count() == 1


def test_a_closed_round_stays_readable(closed, client, facilitator):
    client.force_login(facilitator)

    assert can(closed.chairs[0], "panels.view_panel", closed.panels[0]).allowed
    assert client.get(reverse("panels:panel_manage", args=[closed.panels[0].pk])).status_code == 200
    assert client.get(reverse("panels:report_page", args=[closed.funding_round.slug])).status_code == 200
    # The report can still be built: it changes nothing.
    assert can(facilitator, "panels.build_report", closed.funding_round).allowed


def test_an_invitation_cannot_be_answered_once_the_round_is_closed(closed, facilitator):
    from panels.exceptions import PanelError
    from panels.models import PanelMembership
    from tests.commissioning.factories import UserFactory

    late = UserFactory(full_name="Lena Late")
    invitation = PanelMembership.objects.create(panel=closed.panels[0], user=late, invited_by=facilitator)
    with pytest.raises(PanelError, match=ROUND_CLOSED_REASON):
        services.membership.answer_invitation(actor=late, membership=invitation, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == PanelMembership.Status.INVITED
