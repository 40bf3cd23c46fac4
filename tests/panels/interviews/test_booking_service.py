"""Booking an interview: one organisation per slot; a slot someone took a moment earlier is
refused kindly and nothing is lost; booking again moves the organisation; both sides are emailed."""

import pytest
from django.core import mail
from django.urls import reverse

from commissioning.models import AuditEvent
from panels import services
from panels.audit import Verb
from panels.exceptions import SlotTaken
from panels.models import InterviewSlot
from tests.applications.factories import join_organisation
from tests.commissioning.factories import UserFactory
from tests.panels.views.conftest import add_application

from .conftest import shortlist


@pytest.fixture
def rival(panel, facilitator, shortlisted):
    """A second shortlisted organisation with its own contact."""
    other = shortlist(add_application(panel, facilitator))
    person = UserFactory(email="rival@example.org")
    join_organisation(person, other.organisation)
    return other, person


def test_the_second_booking_of_one_slot_is_told_kindly_and_loses_nothing(shortlisted, applicant, rival, slots):
    other, person = rival
    first, second, _ = slots
    services.interviews.book_interview(actor=person, slot=second, application=other)
    # Both pages showed the 10 am slot free; the applicant books it first.
    stale = InterviewSlot.objects.get(pk=first.pk)
    services.interviews.book_interview(actor=applicant, slot=first, application=shortlisted)
    with pytest.raises(SlotTaken, match="someone booked that time a moment ago"):
        services.interviews.book_interview(actor=person, slot=stale, application=other)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.application == shortlisted and first.booked_by == applicant
    assert second.application == other  # the rival keeps the time it had
    assert AuditEvent.objects.filter(verb=Verb.INTERVIEW_BOOKED).count() == 2


def test_booking_again_moves_the_organisation(shortlisted, applicant, slots):
    first, second, _ = slots
    services.interviews.book_interview(actor=applicant, slot=first, application=shortlisted)
    services.interviews.book_interview(actor=applicant, slot=second, application=shortlisted)
    assert list(InterviewSlot.objects.filter(application=shortlisted)) == [second]
    first.refresh_from_db()
    assert first.is_free and first.booked_at is None


def test_both_sides_are_emailed(shortlisted, applicant, member, colleague, slots, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.interviews.book_interview(actor=applicant, slot=slots[0], application=shortlisted)
    to_organisation = next(m for m in mail.outbox if applicant.email in m.to)
    to_panel = next(m for m in mail.outbox if member.email in m.to)
    # Each member gets their own message: nobody sees the others' addresses.
    assert to_panel.to == [member.email]
    assert any(m.to == [colleague.email] for m in mail.outbox)
    assert "Tuesday 6 March 2018 at 10:00 am" in to_organisation.body
    assert "Leeds Civic Hall" in to_organisation.body
    assert shortlisted.organisation.name in to_panel.subject
    assert "10:00 am" in to_panel.subject
    assert reverse("panels:interview_book", args=[shortlisted.pk]) in to_organisation.body
    assert reverse("panels:interviews_panel", args=[shortlisted.panel_assignment.panel_id]) in to_panel.body
    assert "Add it to your calendar: http" in to_panel.body
    assert reverse("panels:interview_calendar", args=[slots[0].pk]) in to_panel.body


def test_staff_book_for_an_organisation(shortlisted, facilitator, slots):
    slot = services.interviews.book_interview(actor=facilitator, slot=slots[1], application=shortlisted)
    assert slot.application == shortlisted and slot.booked_by == facilitator


def test_staff_cannot_book_an_organisation_the_panel_did_not_shortlist(panel, facilitator, shortlisted, slots):
    from panels.exceptions import PanelError

    not_shortlisted = add_application(panel, facilitator)
    with pytest.raises(PanelError, match="Only shortlisted applications"):
        services.interviews.book_interview(actor=facilitator, slot=slots[0], application=not_shortlisted)
    assert InterviewSlot.objects.get(pk=slots[0].pk).is_free


def test_a_booked_slot_cannot_be_removed_but_a_free_one_can(shortlisted, applicant, facilitator, slots):
    from panels.exceptions import PanelError

    services.interviews.book_interview(actor=applicant, slot=slots[0], application=shortlisted)
    with pytest.raises(PanelError, match="Move the organisation"):
        services.interviews.remove_interview_slot(actor=facilitator, slot=InterviewSlot.objects.get(pk=slots[0].pk))
    services.interviews.remove_interview_slot(actor=facilitator, slot=slots[1])
    assert InterviewSlot.objects.count() == 2


def test_staff_remove_an_interview_question_and_it_is_logged(panel, facilitator, member):
    question = services.interviews.add_interview_question(
        actor=member, panel=panel, text="What happens after the grant ends?"
    )
    services.interviews.remove_interview_question(actor=facilitator, question=question)
    assert not panel.interview_questions.exists()
    assert AuditEvent.objects.filter(verb=Verb.INTERVIEW_QUESTION_REMOVED).exists()


def test_a_member_cannot_remove_questions(panel, member):
    from django.core.exceptions import PermissionDenied

    question = services.interviews.add_interview_question(
        actor=member, panel=panel, text="What happens after the grant ends?"
    )
    with pytest.raises(PermissionDenied):
        services.interviews.remove_interview_question(actor=member, question=question)
