"""Writes for the deciding screens that services.py does not already hold: the panel's feedback
to an applicant, and staff recording the decision meeting. Each checks the policy, validates
and logs, as every service does."""

from django.db import transaction
from django.utils import timezone

from applications.models import Application
from commissioning.models import AuditEvent, Criterion, User
from commissioning.permissions import require
from commissioning.services import record_event

from .exceptions import PanelError
from .models import CriterionFeedback, Panel, PanelMembership, TogetherSession

Verb = AuditEvent.Verb

# The longest a feedback box may be: a few paragraphs, which is what an applicant reads well.
FEEDBACK_MAX = 2000
DECLARATIONS_MAX = 5000


@transaction.atomic
def write_feedback(
    *, actor: User, application: Application, feedback: dict[int, tuple[str, str]]
) -> list[CriterionFeedback]:
    """The panel's feedback for one application: criterion → (strengths, what could be better).
    Written by a non-conflicted member while the panel decides (`panels.write_feedback`); one
    row per criterion, so writing again changes it. A criterion left with both boxes empty
    keeps no row. At least one box must have words in it."""
    require(actor, "panels.write_feedback", application)
    criteria = set(
        application.funding_round.criteria.filter(
            kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED
        ).values_list("pk", flat=True)
    )
    if set(feedback) - criteria:
        raise PanelError("Feedback was sent for a criterion that is not part of this round.")
    cleaned = {pk: (strengths.strip(), better.strip()) for pk, (strengths, better) in feedback.items()}
    if not any(strengths or better for strengths, better in cleaned.values()):
        raise PanelError("Write some feedback before saving: at least one box needs words in it.")
    if any(len(text) > FEEDBACK_MAX for pair in cleaned.values() for text in pair):
        raise PanelError(f"Each box can hold up to {FEEDBACK_MAX:,} characters.")
    saved = []
    for criterion_id, (strengths, better) in cleaned.items():
        if not (strengths or better):
            CriterionFeedback.objects.filter(application=application, criterion_id=criterion_id).delete()
            continue
        row, _ = CriterionFeedback.objects.update_or_create(
            application=application,
            criterion_id=criterion_id,
            defaults={
                "strengths": strengths,
                "could_be_better": better,
                "written_by": actor,
                "updated_at": timezone.now(),
            },
        )
        saved.append(row)
    record_event(
        actor=actor,
        verb=Verb.FEEDBACK_WRITTEN,
        target=application,
        data={"criteria": sorted(row.criterion_id for row in saved)},
    )
    return saved


@transaction.atomic
def record_meeting(
    *,
    actor: User,
    panel: Panel,
    session: TogetherSession | None = None,
    attendees,
    declarations: str = "",
    **new_session,
) -> TogetherSession:
    """Staff write down the decision meeting: which meeting (an arranged one, or a new one from
    `new_session`'s fields), who attended and the declarations made there. It goes into the
    facilitation statement of the decision report. Staff record; they never vote."""
    require(actor, "panels.change_panels", panel)
    declarations = declarations.strip()
    if len(declarations) > DECLARATIONS_MAX:
        raise PanelError(f"The declarations can be up to {DECLARATIONS_MAX:,} characters.")
    attendees = list(attendees)
    if any(membership.panel_id != panel.pk for membership in attendees):
        raise PanelError("Only the panel's own members can be marked as attending.")
    if any(membership.status != PanelMembership.Status.ACCEPTED for membership in attendees):
        raise PanelError("Only members who accepted their seat can be marked as attending.")
    if session is None:
        if not new_session:
            raise PanelError("Choose the meeting, or give the details of a new one.")
        session = TogetherSession(panel=panel, arranged_by=actor, **new_session)
    elif session.panel_id != panel.pk:
        raise PanelError("That meeting belongs to another panel.")
    session.declarations = declarations
    session.full_clean()
    session.save()
    session.attendees.set(attendees)
    record_event(
        actor=actor,
        verb=Verb.MEETING_RECORDED,
        target=panel,
        data={
            "session": session.pk,
            "title": session.title,
            "attended": [membership.user.email for membership in attendees],
            "declarations": bool(declarations),
        },
    )
    return session
