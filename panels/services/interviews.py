"""Interviews: slots offered by staff, booked by applicants, and the panel's questions."""

from django.db import transaction
from django.utils import timezone

from applications.models import Application
from commissioning.models import User
from commissioning.permissions import can, require
from commissioning.services import record_event
from panels.audit import Verb
from panels.exceptions import PanelError, SlotTaken
from panels.models import (
    AgreementToProceed,
    InterestDeclaration,
    InterviewQuestion,
    InterviewSlot,
    Panel,
    PanelMembership,
    ShortlistOutcome,
)
from panels.services.common import save_valid


@transaction.atomic
def agree_to_proceed(
    *, actor: User, panel: Panel, reason: str, application: Application | None = None
) -> AgreementToProceed:
    """A member records the panel's agreement to go on to its decisions without every interview
    score: for one shortlisted application, or (no application) for all the panel's. The reason
    is kept with who and when, and logged. A member conflicted with the application cannot."""
    require(actor, "panels.agree_to_proceed", panel)
    if application is not None:
        if not (ShortlistOutcome.is_shortlisted(application) and application.panel_assignment.panel_id == panel.pk):
            raise PanelError("Choose one of this panel’s shortlisted applications.")
        if InterestDeclaration.objects.filter(
            membership__panel=panel, membership__user=actor, application=application, has_conflict=True
        ).exists():
            raise PanelError("You declared a conflict of interest with this organisation, so you take no part.")
    agreement = AgreementToProceed(panel=panel, application=application, recorded_by=actor, reason=reason.strip())
    save_valid(agreement)
    record_event(
        actor=actor,
        verb=Verb.AGREED_TO_PROCEED,
        target=panel,
        data={"application": application.reference if application else None, "reason": agreement.reason},
    )
    return agreement


@transaction.atomic
def offer_interview_slot(*, actor: User, panel: Panel, **fields) -> InterviewSlot:
    require(actor, "panels.change_panels", panel)
    slot = InterviewSlot(panel=panel, **fields)
    save_valid(slot)
    record_event(actor=actor, verb=Verb.INTERVIEW_SLOT_OFFERED, target=panel, data={"starts_at": str(slot.starts_at)})
    return slot


@transaction.atomic
def remove_interview_slot(*, actor: User, slot: InterviewSlot) -> None:
    require(actor, "panels.change_panels", slot)
    if not slot.is_free:
        raise PanelError("This slot is booked. Move the organisation to another slot before removing it.")
    panel = slot.panel
    slot.delete()
    record_event(actor=actor, verb=Verb.INTERVIEW_SLOT_REMOVED, target=panel)


@transaction.atomic
def book_interview(*, actor: User, slot: InterviewSlot, application: Application) -> InterviewSlot:
    """The organisation chooses one of the offered slots, or staff book one for it. The slot row
    is locked: when two organisations pick the same slot at once, the second is told kindly
    (SlotTaken) and offered the others. Booking again moves the organisation to the new slot.
    Emails go to both sides: the organisation's people and the panel's members."""
    # Staff who run the panel book for a shortlisted organisation; otherwise the organisation books.
    if can(actor, "panels.manage_panels").allowed:
        require(actor, "panels.change_panels", slot)
        if not ShortlistOutcome.is_shortlisted(application):
            raise PanelError("Only shortlisted applications are invited to an interview.")
    else:
        require(actor, "panels.book_interview", application)
    slot = InterviewSlot.objects.select_for_update().select_related("panel").get(pk=slot.pk)
    if slot.panel_id != application.panel_assignment.panel_id:
        raise PanelError("This slot belongs to another panel.")
    if slot.application_id == application.pk:
        return slot
    if not slot.is_free:
        raise SlotTaken("Sorry, someone booked that time a moment ago. Please choose one of the other times.")
    InterviewSlot.objects.select_for_update().filter(application=application).update(
        application=None, booked_by=None, booked_at=None
    )
    slot.application, slot.booked_by, slot.booked_at = application, actor, timezone.now()
    save_valid(slot)
    record_event(
        actor=actor, verb=Verb.INTERVIEW_BOOKED, target=application, data={"starts_at": slot.starts_at.isoformat()}
    )
    # Stored with the booking; sent once it has committed (commissioning/emails.py).
    _email_interview_booked(slot)
    return slot


def _email_interview_booked(slot: InterviewSlot) -> None:
    from applications.models import OrganisationMember
    from commissioning.emails import send_templated_email

    application = slot.application
    organisation_people = list(
        OrganisationMember.objects.filter(organisation=application.organisation).values_list("user__email", flat=True)
    )
    members = list(
        slot.panel.memberships.filter(status=PanelMembership.Status.ACCEPTED).values_list("user__email", flat=True)
    )
    context = {"slot": slot, "application": application, "panel": slot.panel}
    if organisation_people:
        send_templated_email("panels/emails/interview_booked_applicant", to=organisation_people, context=context)
    # One message each: volunteers do not see each other's addresses.
    for member in members:
        send_templated_email("panels/emails/interview_booked_panel", to=[member], context=context)


@transaction.atomic
def add_interview_question(
    *, actor: User, panel: Panel, text: str, application: Application | None = None
) -> InterviewQuestion:
    """Members (and staff, writing down what the panel agreed) add questions for the interviews."""
    if not (can(actor, "panels.change_panels", panel).allowed or can(actor, "panels.ask_staff", panel).allowed):
        raise PanelError("Only the panel and the staff who support it add interview questions.")
    if not text.strip():
        raise PanelError("Write the question before adding it.")
    if application is not None and application.panel_assignment.panel_id != panel.pk:
        raise PanelError("This application is not with this panel.")
    position = (panel.interview_questions.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    question = InterviewQuestion(
        panel=panel, application=application, text=text.strip(), position=position, added_by=actor
    )
    save_valid(question)
    record_event(actor=actor, verb=Verb.INTERVIEW_QUESTION_ADDED, target=panel)
    return question


@transaction.atomic
def remove_interview_question(*, actor: User, question: InterviewQuestion) -> None:
    """Staff take a question off the interview list (say the panel dropped it), logged."""
    require(actor, "panels.change_panels", question.panel)
    panel = question.panel
    text = question.text
    question.delete()
    record_event(actor=actor, verb=Verb.INTERVIEW_QUESTION_REMOVED, target=panel, data={"question": text[:200]})
