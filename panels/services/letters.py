"""Telling applicants what the panel decided: the feedback letter (a PDF, in large print for
those who ask) and the emails sent when a round reaches its feedback stage.

The emails go when staff move a round from deciding to feedback. The core app cannot import
this one, so it sends the `commissioning.signals.round_advanced` signal once the move has
committed, and `send_decisions_on_feedback` (connected in PanelsConfig.ready) answers it.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, OrganisationMember
from commissioning.emails import send_templated_email
from commissioning.models import Criterion, FundingRound, User
from commissioning.pdf import render_pdf
from commissioning.services import record_event
from panels import results
from panels.audit import Verb
from panels.models import CriterionFeedback, FundingDecision, PanelMembership

logger = logging.getLogger(__name__)


def letter_applications():
    """Applications with everything the letter, its link and its emails read, in one query."""
    return Application.objects.select_related(
        "organisation",
        "funding_round__programme",
        "funding_decision__panel",
        "panel_assignment__assigned_by",
        "strand__proposal",
    )


@dataclass
class CriterionLetterPart:
    criterion: Criterion
    strengths: str = ""
    could_be_better: str = ""


@dataclass
class FeedbackLetter:
    """What the letter says about one decided application (see `feedback_letter`)."""

    application: Application
    decision: FundingDecision
    criteria: list[CriterionLetterPart] = field(default_factory=list)
    members: int = 0
    voters: int = 0
    chair: User | None = None
    contact: User | None = None
    written_on: object = None

    @property
    def title(self) -> str:
        return f"Feedback on your application {self.application.reference}"

    @property
    def filename(self) -> str:
        return f"feedback-letter-{self.application.reference}.pdf"

    @property
    def is_reduced(self) -> bool:
        """The panel gave less than the organisation asked for."""
        awarded, asked = self.decision.amount_awarded, self.application.amount_requested
        return bool(awarded and asked and awarded < asked)


def feedback_letter(application: Application) -> FeedbackLetter:
    """Gather the letter's facts: the decision, the panel's words on each agreed criterion, who
    decided (the panel's members and how many voted) and who to contact. `application` should
    come from `letter_applications()` and have a recorded decision."""
    decision = application.funding_decision
    feedback = {row.criterion_id: row for row in CriterionFeedback.objects.filter(application=application)}
    criteria = [
        CriterionLetterPart(
            criterion,
            strengths=getattr(feedback.get(criterion.pk), "strengths", ""),
            could_be_better=getattr(feedback.get(criterion.pk), "could_be_better", ""),
        )
        for criterion in application.funding_round.criteria.filter(status=Criterion.Status.AGREED).order_by(
            "position", "pk"
        )
        if criterion.is_scored_in(application.strand_id) or criterion.pk in feedback
    ]
    seats = list(
        PanelMembership.objects.filter(panel_id=decision.panel_id, status=PanelMembership.Status.ACCEPTED)
        .select_related("user")
        .order_by("pk")
    )
    voters = results.decision_votes(application=application).count()
    assignment = getattr(application, "panel_assignment", None)
    return FeedbackLetter(
        application=application,
        decision=decision,
        criteria=criteria,
        members=len(seats),
        voters=voters,
        chair=next((seat.user for seat in seats if seat.is_chair), None),
        contact=assignment.assigned_by if assignment else None,
        written_on=timezone.localdate(),
    )


def print_feedback_letter(*, application: Application, large_print: bool = False) -> tuple[FeedbackLetter, bytes]:
    """The letter as a tagged PDF (PDF/UA-1), in 18pt large print when asked for."""
    letter = feedback_letter(application)
    context = {
        "letter": letter,
        "application": application,
        "decision": letter.decision,
        "organisation": application.organisation,
        "funding_round": application.funding_round,
        "programme": application.funding_round.programme,
    }
    return letter, render_pdf(
        "panels/letters/feedback_letter.html", context, title=letter.title, large_print=large_print
    )


# Emailing the decisions --------------------------------------------------------------------


@dataclass
class DecisionsSent:
    applications: int
    emails: int
    failed: list[str]


def send_decision_emails(*, actor: User | None, funding_round: FundingRound) -> DecisionsSent:
    """Email every member of each organisation the panel decided on: the decision in a sentence
    and a link to the feedback letter, through the outbox (which tries again while the mail server
    is down). Logged as FEEDBACK_SENT, with how many went and any that could not be put in the
    outbox (the rest still go)."""
    applications = list(
        letter_applications()
        .filter(funding_round=funding_round, funding_decision__isnull=False)
        .order_by("reference", "pk")
    )
    members: dict[int, list[User]] = {}
    for membership in OrganisationMember.objects.filter(
        organisation__in=[application.organisation_id for application in applications], user__is_active=True
    ).select_related("user"):
        members.setdefault(membership.organisation_id, []).append(membership.user)
    sent, failed = 0, []
    for application in applications:
        decision = application.funding_decision
        template = "panels/emails/decision_funded" if decision.is_funded else "panels/emails/decision_declined"
        for person in members.get(application.organisation_id, []):
            context = {
                "person": person,
                "application": application,
                "decision": decision,
                "funding_round": funding_round,
                "letter_path": reverse("panels:feedback_letter", args=[application.pk]),
            }
            try:
                send_templated_email(template, to=[person.email], context=context)
            except Exception:  # One email that cannot be stored must not stop the others.
                logger.exception("The decision email to %s could not be sent.", person.email)
                failed.append(person.email)
            else:
                sent += 1
    with transaction.atomic():
        record_event(
            actor=actor,
            verb=Verb.FEEDBACK_SENT,
            target=funding_round,
            data={"applications": len(applications), "emails": sent, "failed": failed},
        )
    return DecisionsSent(applications=len(applications), emails=sent, failed=failed)


def send_decisions_on_feedback(sender, *, funding_round, actor, from_status, to_status, **kwargs) -> None:
    """Receiver of `commissioning.signals.round_advanced`: the decisions go out when a round moves
    from deciding to feedback (after the move has committed), and at no other move."""
    if from_status == FundingRound.Status.DECISION and to_status == FundingRound.Status.FEEDBACK:
        send_decision_emails(actor=actor, funding_round=funding_round)
