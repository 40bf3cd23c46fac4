"""The panel's steps on an applicant's status page ("Where your application is"): with the
panel, shortlisted, interview, decision. Registered with `applications.progress`."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import dateformat, timezone

from applications.progress import Step
from commissioning.models import FundingRound
from panels.models import FundingDecision, ShortlistOutcome

NOT_REACHED = {"status": "Not reached yet", "tag": "grey"}
WITH_THE_PANEL = "With the panel"
SHORTLISTED = "Shortlisted"
SHORTLISTED_HINT = "The panel chooses which projects to meet"
INTERVIEW = "Interview"
INTERVIEW_HINT = "You meet the panel and tell them about your project"


def panel_steps(application) -> Iterable[Step]:
    funding_round = application.funding_round
    if application.is_eligible and funding_round.has_reached(FundingRound.Status.INTERVIEWS):
        yield Step(WITH_THE_PANEL, "Done")
        yield from _shortlist_and_interview(application)
    else:
        with_panel = {"status": "Happening now", "tag": "light-blue"} if application.is_eligible else NOT_REACHED
        yield Step(WITH_THE_PANEL, hint="Older volunteers read and score it", **with_panel)
        yield Step(SHORTLISTED, hint=SHORTLISTED_HINT, **NOT_REACHED)
        yield Step(INTERVIEW, hint=INTERVIEW_HINT, **NOT_REACHED)
    yield _decision(application)


def _shortlist_and_interview(application) -> Iterable[Step]:
    shortlisted = ShortlistOutcome.is_shortlisted(application)
    status = "Done: shortlisted" if shortlisted else "Not shortlisted"
    yield Step(SHORTLISTED, status, hint=SHORTLISTED_HINT, status_id="shortlist-status")
    if not shortlisted:
        yield Step(INTERVIEW, "Not invited", hint=INTERVIEW_HINT, tag="grey", status_id="interview-status")
        return
    slot = getattr(application, "interview_slot", None)
    booking = application.funding_round.status == FundingRound.Status.INTERVIEWS
    title = f"{INTERVIEW}: {'change the time' if slot else 'choose a time'}" if booking else INTERVIEW
    url = reverse("panels:interview_book", args=[application.pk]) if booking else ""
    if slot:
        starts_at = timezone.localtime(slot.starts_at)
        status, tag = f"Interview booked for {_on(starts_at)}", ""
    else:
        status, tag = ("Choose a time", "blue") if booking else ("Done", "")
    yield Step(title, status, hint=INTERVIEW_HINT, tag=tag, url=url, status_id="interview-status")


def _on(moment) -> str:
    """ "Tuesday 6 March 2018 at 10:00 am", as the rest of the page writes times."""
    return f"{dateformat.format(moment, 'l j F Y')} at {dateformat.format(moment, 'g:i A').lower()}"


def _decision(application) -> Step:
    hint = "The panel decides who gets the money, and tells you why"
    funding_round = application.funding_round
    if funding_round.decisions_are_told:
        try:
            decision = application.funding_decision
        except FundingDecision.DoesNotExist:
            return Step("Decision", "Done", hint=hint, status_id="decision-status")
        status = "Done: funded" if decision.is_funded else "Done: not funded"
        return Step("Decision", status, hint=hint, status_url="#decision", status_id="decision-status")
    if funding_round.status == FundingRound.Status.DECISION and application.is_eligible:
        return Step("Decision", "Happening now", hint=hint, tag="light-blue", status_id="decision-status")
    return Step("Decision", hint=hint, status_id="decision-status", **NOT_REACHED)
