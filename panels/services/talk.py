"""Talking together: discussions, questions to staff and together sessions, with their emails."""

from django.db import transaction
from django.utils import timezone

from applications.models import Application
from commissioning.models import User
from commissioning.permissions import can, require
from commissioning.services import record_event
from panels.audit import Verb
from panels.exceptions import PanelError
from panels.models import (
    DiscussionPost,
    Panel,
    PanelMembership,
    PanelQuestion,
    TogetherSession,
)
from panels.services.common import save_valid


@transaction.atomic
def post_in_discussion(*, actor: User, application: Application, body: str) -> DiscussionPost:
    """A member's message, or a staff member's facilitation note, on one application."""
    require(actor, "panels.discuss", application)
    if not body.strip():
        raise PanelError("Write your message before sending it.")
    # Those who facilitate panels write facilitation notes; members write messages.
    note = can(actor, "panels.manage_panels").allowed
    post = DiscussionPost(
        application=application,
        panel=application.panel_assignment.panel,
        author=actor,
        body=body.strip(),
        is_facilitation_note=note,
    )
    save_valid(post)
    record_event(
        actor=actor, verb=Verb.FACILITATION_NOTE_POSTED if note else Verb.DISCUSSION_POSTED, target=application
    )
    return post


@transaction.atomic
def ask_staff(*, actor: User, panel: Panel, text: str, application: Application | None = None) -> PanelQuestion:
    require(actor, "panels.ask_staff", panel)
    if not text.strip():
        raise PanelError("Write your question before sending it.")
    if application is not None:
        require(actor, "panels.view_application", application)
    question = PanelQuestion(panel=panel, application=application, asked_by=actor, text=text.strip())
    save_valid(question)
    record_event(actor=actor, verb=Verb.PANEL_QUESTION_ASKED, target=panel)
    return question


@transaction.atomic
def answer_panel_question(*, actor: User, question: PanelQuestion, answer: str) -> PanelQuestion:
    """Staff answer; the whole panel sees the answer (a second answer replaces the first, logged)."""
    require(actor, "panels.answer_panel_question", question.panel)
    if not answer.strip():
        raise PanelError("Write the answer before sending it.")
    question.answer, question.answered_by, question.answered_at = answer.strip(), actor, timezone.now()
    save_valid(question)
    record_event(actor=actor, verb=Verb.PANEL_QUESTION_ANSWERED, target=question.panel)
    _email_answer(question)  # stored with the answer, sent after the commit
    return question


@transaction.atomic
def arrange_session(*, actor: User, panel: Panel, session: TogetherSession | None = None, **fields) -> TogetherSession:
    """Create a together session, or change one (pass `session`)."""
    require(actor, "panels.change_panels", panel)
    created = session is None
    session = session or TogetherSession(panel=panel, arranged_by=actor)
    for name, value in fields.items():
        setattr(session, name, value)
    save_valid(session)
    record_event(actor=actor, verb=Verb.SESSION_ARRANGED if created else Verb.SESSION_UPDATED, target=panel)
    _email_session(session, changed=not created)  # stored with the session, sent after the commit
    return session


@transaction.atomic
def record_attendance(*, actor: User, session: TogetherSession, memberships) -> TogetherSession:
    require(actor, "panels.change_panels", session)
    memberships = list(memberships)
    if any(membership.panel_id != session.panel_id for membership in memberships):
        raise PanelError("Only the panel's own members can be marked as attending.")
    session.attendees.set(memberships)
    record_event(actor=actor, verb=Verb.ATTENDANCE_RECORDED, target=session.panel, data={"attended": len(memberships)})
    return session


def members_to_tell(panel: Panel, application: Application | None = None):
    """The panel's accepted members; for something about one application, only those who may
    open it (declared no conflict with it), so a conflicted member hears nothing about it."""
    members = panel.memberships.filter(status=PanelMembership.Status.ACCEPTED)
    if application is not None:
        members = members.filter(declarations__application=application, declarations__has_conflict=False)
    return members.order_by("pk")


def _emails_of_members(panel: Panel, application: Application | None = None) -> list[str]:
    return list(members_to_tell(panel, application).values_list("user__email", flat=True))


def _email_answer(question: PanelQuestion) -> None:
    from commissioning.emails import send_templated_email

    # One email each: volunteers do not see each other's addresses.
    for email in _emails_of_members(question.panel, question.application):
        send_templated_email(
            "panels/emails/talk_answer", to=[email], context={"question": question, "panel": question.panel}
        )


def _email_session(session: TogetherSession, *, changed: bool) -> None:
    from commissioning.emails import send_templated_email

    context = {"session": session, "panel": session.panel, "changed": changed}
    for email in _emails_of_members(session.panel):
        send_templated_email("panels/emails/talk_session", to=[email], context=context)
