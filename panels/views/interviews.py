"""Interviews: staff offer slots, book one for an organisation and keep the question list; the
panel sees the timetable and adds questions; a shortlisted organisation chooses its time.

Staff pages ask `panels.manage_panels`; the panel's page loads the panel through
`visible(user, "panels.view_panel")` (outsiders get 404); the organisation's page shows only
applications the person may see (others get 404) and asks `panels.book_interview`. Booking goes
through `services.interviews.book_interview`, which locks the slot: a time someone took a moment earlier
is refused kindly (SlotTaken) and the other free times are offered again.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.models import Application
from commissioning.http import AuthenticatedHttpRequest
from commissioning.permissions import can_each, require, visible
from panels import calendar, services
from panels.calendar import calendar_response
from panels.facts import PanelFacts
from panels.forms.common import attempt, attempt_or_tell
from panels.forms.interviews import (
    AgreementToProceedForm,
    BookingForm,
    InterviewQuestionForm,
    SlotForm,
    StaffBookingForm,
    describe_slot,
    when,
)
from panels.lookups import panel_or_404, staff_panel_or_404
from panels.models import InterviewQuestion, InterviewSlot, Panel


def _timetable(panel: Panel):
    slots = list(
        panel.interview_slots.select_related("application__organisation", "application__panel_assignment").order_by(
            "starts_at", "pk"
        )
    )
    for slot in slots:
        slot.description = describe_slot(slot)
    return slots


def _questions(panel: Panel):
    return panel.interview_questions.select_related("application__organisation").order_by("position", "pk")


# Staff -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def interviews_manage(request: AuthenticatedHttpRequest, pk: int):
    """Offer slots, book one for an organisation, keep the questions; the timetable."""
    panel = staff_panel_or_404(request.user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    data = request.POST if request.method == "POST" else None
    slot_form = SlotForm(data if action == "offer" else None, panel=panel, prefix="slot")
    booking_form = StaffBookingForm(data if action == "book" else None, panel=panel, prefix="booking")
    question_form = InterviewQuestionForm(data if action == "question" else None, panel=panel, prefix="question")
    bound = {"offer": slot_form, "book": booking_form, "question": question_form}.get(action)
    if bound is not None and bound.is_valid():
        # A booking refused (the time was taken a moment ago) is said on the time; others at the top.
        field = "slot" if bound is booking_form else None
        done, message = attempt(bound, partial(_staff_action, request.user, panel, action, bound), field=field)
        if done:
            messages.success(request, message)
            return redirect("panels:interviews_manage", panel.pk)
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "slots": _timetable(panel),
        "questions": _questions(panel),
        "slot_form": slot_form,
        "booking_form": booking_form,
        "question_form": question_form,
        "error_form": bound if bound is not None and bound.errors else None,
    }
    return render(request, "panels/interviews/interviews_manage.html", context)


def _staff_action(actor, panel: Panel, action: str, form) -> str:
    data = form.cleaned_data
    if action == "offer":
        slot = services.interviews.offer_interview_slot(actor=actor, panel=panel, **form.slot_fields())
        return f"The slot at {when(slot.starts_at)} is offered."
    if action == "book":
        application = data["application"]
        slot = services.interviews.book_interview(actor=actor, slot=data["slot"], application=application)
        return f"{application.organisation.name} is booked for {describe_slot(slot)}. Both sides have been emailed."
    services.interviews.add_interview_question(
        actor=actor, panel=panel, text=data["text"], application=data["application"]
    )
    return "The question is added."


@login_required
@require_POST
def interview_slot_remove(request: AuthenticatedHttpRequest, pk: int, slot_pk: int):
    panel = staff_panel_or_404(request.user, pk)
    slot = get_object_or_404(InterviewSlot, pk=slot_pk, panel=panel)
    done, _ = attempt_or_tell(
        request, partial(services.interviews.remove_interview_slot, actor=request.user, slot=slot)
    )
    if done:
        messages.success(request, f"The slot at {when(slot.starts_at)} is removed.")
    return redirect("panels:interviews_manage", panel.pk)


@login_required
@require_POST
def interview_question_remove(request: AuthenticatedHttpRequest, pk: int, question_pk: int):
    panel = staff_panel_or_404(request.user, pk)
    question = get_object_or_404(InterviewQuestion, pk=question_pk, panel=panel)
    services.interviews.remove_interview_question(actor=request.user, question=question)
    messages.success(request, "The question is removed.")
    return redirect("panels:interviews_manage", panel.pk)


# The panel -------------------------------------------------------------------------------


def _member_timetable(user, facts: PanelFacts):
    """The timetable, each slot marked with whether this person may score that interview, as
    the policy answers for the whole list from one read of the panel's facts."""
    panel = facts.panel
    slots = _timetable(panel)
    booked = [slot.application for slot in slots if slot.application_id]
    for application in booked:
        application.panel_assignment.panel = panel
    may_score = can_each(user, "panels.score_application", booked, facts=facts)
    for slot in slots:
        answer = may_score.get(slot.application_id)
        slot.conflicted = answer is not None and answer.next_step == "conflict"
        slot.may_score = answer is not None and answer.allowed
    return slots


@login_required
@require_http_methods(["GET", "POST"])
def interviews_panel(request: AuthenticatedHttpRequest, pk: int):
    """The panel's interview timetable and questions; members add questions and score."""
    panels = visible(request.user, "panels.view_panel", Panel.objects.select_related("funding_round"))
    panel = get_object_or_404(panels, pk=pk)
    require(request.user, "panels.view_panel", panel)
    facts = PanelFacts(request.user, panel)
    membership = facts.membership
    form = InterviewQuestionForm(request.POST if request.method == "POST" else None, panel=panel)
    if request.method == "POST" and form.is_valid() and _add_question(request, panel, form):
        return redirect("panels:interviews_panel", panel.pk)
    slots = _member_timetable(request.user, facts)
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "membership": membership,
        "slots": [slot for slot in slots if slot.application_id],
        "free_count": sum(1 for slot in slots if slot.application_id is None),
        "questions": _questions(panel),
        "form": form,
        "agreement_form": AgreementToProceedForm(panel=panel),
    }
    return render(request, "panels/interviews/interviews_panel.html", context)


def _add_question(request, panel: Panel, form: InterviewQuestionForm) -> bool:
    """The service says who may add questions: the panel's members and the staff who support it."""
    done, _ = attempt(
        form,
        lambda: services.interviews.add_interview_question(
            actor=request.user,
            panel=panel,
            text=form.cleaned_data["text"],
            application=form.cleaned_data["application"],
        ),
    )
    if not done:
        return False
    messages.success(request, "Your question is added for the interviews.")
    return True


@login_required
@require_POST
def agreement_to_proceed(request: AuthenticatedHttpRequest, pk: int):
    """A member records the panel's agreement to go on to its decisions without every interview score."""
    panels = visible(request.user, "panels.view_panel", Panel.objects.select_related("funding_round"))
    panel = get_object_or_404(panels, pk=pk)
    require(request.user, "panels.agree_to_proceed", panel)
    form = AgreementToProceedForm(request.POST, panel=panel)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("panels:interviews_panel", panel.pk)
    done, _ = attempt_or_tell(
        request, partial(services.interviews.agree_to_proceed, actor=request.user, panel=panel, **form.cleaned_data)
    )
    if done:
        messages.success(request, "The panel’s agreement to go on is recorded, with its reason.")
    return redirect("panels:interviews_panel", panel.pk)


# The organisation ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def interview_book(request: AuthenticatedHttpRequest, application_pk: int):
    """A shortlisted organisation chooses one of the free times; choosing again moves it."""
    applications = visible(
        request.user,
        "applications.view_application",
        Application.objects.select_related("organisation", "funding_round", "shortlist_outcome", "panel_assignment"),
    )
    application = get_object_or_404(applications, pk=application_pk, panel_assignment__isnull=False)
    require(request.user, "panels.book_interview", application)
    panel = application.panel_assignment.panel
    booked = InterviewSlot.objects.filter(application=application).first()
    free = InterviewSlot.objects.filter(panel=panel, application__isnull=True).order_by("starts_at", "pk")
    form = BookingForm(request.POST if request.method == "POST" else None, slots=free)
    if request.method == "POST" and form.is_valid() and _book(request, application, form):
        return redirect(application)
    context = {
        "application": application,
        "funding_round": application.funding_round,
        "panel": panel,
        "booked": booked,
        "booked_description": describe_slot(booked) if booked else "",
        "form": form,
        "has_free": free.exists(),
    }
    return render(request, "panels/interviews/interview_book.html", context)


def _book(request, application, form: BookingForm) -> bool:
    """Book the chosen time; False shows the form with why not."""
    # Taken a moment ago (SlotTaken), or no longer this panel's: the message says so, and
    # the radios, read again as the page renders, offer the times still free.
    done, slot = attempt(
        form,
        lambda: services.interviews.book_interview(
            actor=request.user, slot=form.cleaned_data["slot"], application=application
        ),
        field="slot",
    )
    if not done:
        return False
    messages.success(request, f"Your interview is booked for {describe_slot(slot)}. We have emailed you and the panel.")
    return True


@login_required
@require_GET
def interview_calendar(request: AuthenticatedHttpRequest, pk: int):
    """A booked interview as a calendar file, for the panel's members and the staff who support it."""
    slot = get_object_or_404(InterviewSlot.objects.select_related("application__organisation"), pk=pk)
    panel = panel_or_404(request.user, slot.panel_id)
    require(request.user, "panels.view_panel", panel)
    if slot.application_id is None:
        raise Http404("Nobody has booked this interview time yet.")
    slot.panel = panel
    return calendar_response(calendar.interview_file(slot), f"interview-{slot.pk}.ics")
