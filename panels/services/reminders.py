"""Reminders: before together sessions and interviews, and when scoring is due.

`send_due_reminders` (run by `manage.py send_reminders`, from cron or a scheduler, as often as
you like) finds what is due and stores one email per person in the outbox. `ReminderSent` keeps
what was sent, one row per person and event under a unique constraint, so a reminder never goes
twice however often it runs, even in two processes at once. Each person's email choice is
honoured by the outbox (reminders "need" the person: "Nothing but essentials" gets none).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commissioning.emails import send_templated_email
from commissioning.models import FundingRound, User
from commissioning.services import record_event
from panels import results
from panels.audit import Verb
from panels.lookups import with_progress
from panels.models import InterviewSlot, Panel, PanelMembership, ReminderSent, TogetherSession
from panels.services.talk import members_to_tell

# How long before a session or an interview the reminder goes; how many days before the last
# day of a scoring stage members who have not finished are reminded.
BEFORE_A_MEETING = timedelta(days=2)
BEFORE_SCORING_ENDS = timedelta(days=3)


def send_due_reminders(*, now=None) -> dict[str, int]:
    """Store every reminder that is due and not sent yet. Returns how many of each kind."""
    now = now or timezone.now()
    counts = {
        ReminderSent.Kind.SESSION: _remind_sessions(now),
        ReminderSent.Kind.INTERVIEW: _remind_interviews(now),
        ReminderSent.Kind.SCORING: _remind_scoring(now),
    }
    if any(counts.values()):
        record_event(actor=None, verb=Verb.REMINDERS_SENT, data={str(kind): n for kind, n in counts.items()})
    return {str(kind): n for kind, n in counts.items()}


def _not_closed(queryset):
    """Events of panels whose round is not closed (a closed round is read-only)."""
    return queryset.filter(panel__funding_round__in=FundingRound.objects.that_are_before(FundingRound.Status.CLOSED))


def _remind_sessions(now) -> int:
    sessions = _not_closed(
        TogetherSession.objects.filter(starts_at__gt=now, starts_at__lte=now + BEFORE_A_MEETING)
    ).select_related("panel")
    return sum(
        _remind_members(
            members_to_tell(session.panel),
            ReminderSent.Kind.SESSION,
            f"session:{session.pk}",
            {"session": session, "panel": session.panel, "calendar_url": _calendar_url("session", session)},
        )
        for session in sessions
    )


def _remind_interviews(now) -> int:
    slots = _not_closed(
        InterviewSlot.objects.filter(
            application__isnull=False, starts_at__gt=now, starts_at__lte=now + BEFORE_A_MEETING
        )
    ).select_related("panel", "application__organisation")
    # A member with a conflict takes no part in the interview, and hears nothing of it.
    return sum(
        _remind_members(
            members_to_tell(slot.panel, slot.application),
            ReminderSent.Kind.INTERVIEW,
            f"interview:{slot.pk}",
            {
                "slot": slot,
                "panel": slot.panel,
                "application": slot.application,
                "calendar_url": _calendar_url("interview", slot),
            },
        )
        for slot in slots
    )


def _calendar_url(what: str, event) -> str:
    return settings.SITE_URL + reverse(f"panels:{what}_calendar", args=[event.pk])


def _remind_members(memberships, kind: str, event: str, context: dict) -> int:
    return sum(_remind(membership.user, kind, event, context) for membership in memberships.select_related("user"))


def _remind_scoring(now) -> int:
    """Members with applications still to score at their round's scoring stage, when its last day
    is near. What is left to score is counted as the staff page counts it (`with_progress`): an
    application a member has a conflict with is not theirs to score."""
    today = timezone.localdate(now)
    rounds = FundingRound.objects.that_are_between(
        FundingRound.Status.SHORTLISTING, FundingRound.Status.INTERVIEWS
    ).prefetch_related("stages")
    sent = 0
    for funding_round in rounds:
        stage = results.stage_of(funding_round)
        timeline = funding_round.stage(stage)
        if timeline is None or not today <= timeline.ends_on <= today + BEFORE_SCORING_ENDS:
            continue
        for panel in Panel.objects.filter(funding_round=funding_round):
            sent += _remind_panel_to_score(panel, stage, timeline.ends_on)
    return sent


def _remind_panel_to_score(panel: Panel, stage: str, ends_on) -> int:
    assignments = panel.assignments.select_related("application__shortlist_outcome")
    in_this_stage = [assignment for assignment in assignments if results.is_assessed_at(assignment.application, stage)]
    memberships = with_progress(
        panel.memberships.filter(status=PanelMembership.Status.ACCEPTED).select_related("user"), stage, in_this_stage
    )
    sent = 0
    for membership in memberships:
        left = membership.taking_part_count - membership.submitted_count
        if left <= 0:
            continue
        context = {"panel": panel, "stage": stage, "ends_on": ends_on, "left": left, "of": membership.taking_part_count}
        event = f"scoring:{panel.pk}:{stage}:{ends_on.isoformat()}"
        sent += _remind(membership.user, ReminderSent.Kind.SCORING, event, context)
    return sent


def _remind(user: User, kind: str, event: str, context: dict) -> int:
    """Store the reminder (the email `panels/emails/reminder_<kind>`) unless it was stored before:
    1 when an email is stored now, else 0. The row is written first, under its unique
    constraint, so a second run (or process) stops there."""
    if not user.is_active:
        return 0
    with transaction.atomic():
        reminder, created = ReminderSent.objects.get_or_create(user=user, kind=kind, event=event)
        if not created:
            return 0
        reminder.email = send_templated_email(
            f"panels/emails/reminder_{kind}", to=[user.email], context={"user": user, **context}
        )
        reminder.save(update_fields=["email"])
    return 1 if reminder.email is not None else 0
