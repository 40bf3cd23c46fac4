"""Talking together: the discussion of each application, questions to staff, together sessions.

Hiding or refusing, as on the other panel screens: the panel is loaded through
`visible(user, "panels.view_panel")`, so someone outside it gets 404, and so does an application
not given to it. Inside, the policy answers 403 with its reason: a conflicted member neither
reads nor writes the discussion of that application (`panels.discuss`), only members ask staff
(`panels.ask_staff`), and only staff answer, arrange sessions and record who came.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from applications.models import Application
from commissioning.http import AuthenticatedHttpRequest
from commissioning.permissions import can, can_each, require
from panels import calendar, services
from panels.calendar import calendar_response
from panels.facts import PanelFacts
from panels.forms.common import attempt
from panels.forms.talk import AnswerForm, AttendanceForm, DiscussionPostForm, QuestionForm, SessionForm
from panels.lookups import application_or_404, panel_or_404, seat_of, staff_panel_or_404
from panels.models import DiscussionPost, Panel, PanelMembership, PanelQuestion, TogetherSession


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_discussion(request: AuthenticatedHttpRequest, pk: int, application_pk: int):
    """The panel's thread on one application, oldest first; staff posts are facilitation notes."""
    panel = panel_or_404(request.user, pk)
    application = application_or_404(panel, application_pk)
    require(request.user, "panels.discuss", application)
    form = DiscussionPostForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done, post = attempt(
            form,
            lambda: services.talk.post_in_discussion(
                actor=request.user, application=application, body=form.cleaned_data["body"]
            ),
            field="body",
        )
        if done:
            messages.success(request, "Your message is added to the discussion.")
            return redirect(
                reverse("panels:application_discussion", args=[panel.pk, application.pk]) + f"#post-{post.pk}"
            )
    posts = DiscussionPost.objects.filter(panel=panel, application=application).select_related("author")
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "membership": seat_of(request.user, panel),
        "application": application,
        "posts": posts.order_by("posted_at", "pk"),
        "form": form,
    }
    return render(request, "panels/talk/application_discussion.html", context)


def _applications_to_ask_about(user, facts: PanelFacts) -> list[tuple[int, str]]:
    """The panel's applications this member may open, as the policy answers
    (`panels.view_application`) from the panel's facts read once; none for staff."""
    if facts.membership is None:
        return []
    applications = list(
        Application.objects.filter(panel_assignment__panel=facts.panel)
        .select_related("organisation", "panel_assignment")
        .order_by("organisation__name", "pk")
    )
    for application in applications:
        application.funding_round = facts.panel.funding_round
    answers = can_each(user, "panels.view_application", applications, facts=facts)
    return [
        (application.pk, application.organisation.name)
        for application in applications
        if answers[application.pk].allowed
    ]


def _questions_for(panel: Panel, membership: PanelMembership | None, open_ids: list[int]):
    """Newest first. Staff see every question; a question about one application stays with the
    members who may open it, so a conflicted member reads nothing about it."""
    questions = panel.questions.select_related("asked_by", "answered_by", "application__organisation")
    if membership is not None:
        questions = questions.filter(Q(application__isnull=True) | Q(application_id__in=open_ids))
    return questions.order_by("-asked_at", "-pk")


def _session_lists(panel: Panel):
    """(upcoming, past): upcoming soonest first, past most recent first, each with its end time."""
    sessions = list(
        panel.sessions.select_related("arranged_by")
        .prefetch_related(
            Prefetch("attendees", PanelMembership.objects.select_related("user").order_by("user__full_name", "pk"))
        )
        .order_by("starts_at", "pk")
    )
    now = timezone.now()
    for session in sessions:
        session.ends_at = session.starts_at + timedelta(minutes=session.duration_minutes)
    upcoming = [session for session in sessions if session.ends_at > now]
    past = [session for session in reversed(sessions) if session.ends_at <= now]
    return upcoming, past


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def panel_together(request: AuthenticatedHttpRequest, pk: int):
    """Questions to staff with their answers, for the whole panel, and the panel's together sessions."""
    panel = panel_or_404(request.user, pk)
    require(request.user, "panels.view_panel", panel)
    facts = PanelFacts(request.user, panel)
    membership = facts.membership
    may_ask = can(request.user, "panels.ask_staff", panel)
    applications = _applications_to_ask_about(request.user, facts)
    form = QuestionForm(request.POST if request.method == "POST" else None, applications=applications)
    if request.method == "POST":
        require(request.user, "panels.ask_staff", panel)
        if form.is_valid() and _ask(request, panel, form):
            return redirect(reverse("panels:panel_together", args=[panel.pk]) + "#questions")
    upcoming, past = _session_lists(panel)
    context = {
        "panel": panel,
        "funding_round": panel.funding_round,
        "membership": membership,
        "form": form,
        "may_ask": may_ask,
        "may_answer": can(request.user, "panels.answer_panel_question", panel),
        "may_arrange": can(request.user, "panels.manage_panels", panel),
        "questions": _questions_for(panel, membership, [application_pk for application_pk, _ in applications]),
        "upcoming": upcoming,
        "past": past,
    }
    return render(request, "panels/talk/panel_together.html", context)


def _ask(request, panel: Panel, form: QuestionForm) -> bool:
    """Send the question to staff; False shows the form with why it was not sent."""
    about = form.cleaned_data["application"]
    application = application_or_404(panel, about) if about else None
    done, _ = attempt(
        form,
        lambda: services.talk.ask_staff(
            actor=request.user, panel=panel, text=form.cleaned_data["text"], application=application
        ),
        field="text",
    )
    if not done:
        return False
    messages.success(request, "Your question is sent. Staff will answer it here for the whole panel.")
    return True


# Staff: answering, arranging sessions, recording who came.


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_answer(request: AuthenticatedHttpRequest, pk: int):
    question = get_object_or_404(
        PanelQuestion.objects.select_related("panel__funding_round", "asked_by", "application__organisation"), pk=pk
    )
    panel = question.panel
    require(request.user, "panels.answer_panel_question", panel)
    form = AnswerForm(request.POST if request.method == "POST" else None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        done, _ = attempt(
            form,
            lambda: services.talk.answer_panel_question(
                actor=request.user, question=question, answer=form.cleaned_data["answer"]
            ),
            field="answer",
        )
        if done:
            messages.success(request, "Your answer is on the panel’s page, and the members are emailed to say so.")
            return redirect(reverse("panels:panel_together", args=[panel.pk]) + f"#question-{question.pk}")
    context = {"panel": panel, "funding_round": panel.funding_round, "question": question, "form": form}
    return render(request, "panels/talk/question_answer.html", context)


def _arrange(request, panel: Panel, session: TogetherSession | None):
    """The form to arrange a session, or to change one."""
    form = SessionForm(request.POST if request.method == "POST" else None, session=session)
    if request.method == "POST" and form.is_valid():
        done, arranged = attempt(
            form,
            lambda: services.talk.arrange_session(
                actor=request.user, panel=panel, session=session, **form.session_fields()
            ),
        )
        if done:
            session = arranged
            messages.success(request, f"‘{session.title}’ is arranged, and the members are emailed about it.")
            return redirect(reverse("panels:panel_together", args=[panel.pk]) + f"#session-{session.pk}")
    context = {"panel": panel, "funding_round": panel.funding_round, "session": session, "form": form}
    return render(request, "panels/talk/session_form.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_arrange(request: AuthenticatedHttpRequest, pk: int):
    panel = staff_panel_or_404(request.user, pk)
    return _arrange(request, panel, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request: AuthenticatedHttpRequest, pk: int):
    session = get_object_or_404(TogetherSession.objects.select_related("panel__funding_round"), pk=pk)
    require(request.user, "panels.manage_panels", session.panel)
    return _arrange(request, session.panel, session)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_attendance(request: AuthenticatedHttpRequest, pk: int):
    session = get_object_or_404(TogetherSession.objects.select_related("panel__funding_round"), pk=pk)
    panel = session.panel
    require(request.user, "panels.manage_panels", panel)
    members = (
        panel.memberships.filter(status=PanelMembership.Status.ACCEPTED)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    initial = {"attendees": [membership.pk for membership in session.attendees.all()]}
    form = AttendanceForm(request.POST if request.method == "POST" else None, memberships=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        done, _ = attempt(
            form,
            lambda: services.talk.record_attendance(
                actor=request.user, session=session, memberships=form.cleaned_data["attendees"]
            ),
            field="attendees",
        )
        if done:
            count = len(form.cleaned_data["attendees"])
            messages.success(request, f"{count} member{'' if count == 1 else 's'} recorded as coming to ‘{session}’.")
            return redirect(reverse("panels:panel_together", args=[panel.pk]) + f"#session-{session.pk}")
    context = {"panel": panel, "funding_round": panel.funding_round, "session": session, "form": form}
    return render(request, "panels/talk/session_attendance.html", context)


@login_required
@require_GET
def session_calendar(request: AuthenticatedHttpRequest, pk: int):
    """The together session as a calendar file, for the panel's members and the staff who support it."""
    session = get_object_or_404(TogetherSession, pk=pk)
    panel = panel_or_404(request.user, session.panel_id)
    require(request.user, "panels.view_panel", panel)
    session.panel = panel
    return calendar_response(calendar.session_file(session), f"together-session-{session.pk}.ics")
