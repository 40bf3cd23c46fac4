"""Writes across panels, members, declarations and assessments: each checks the policy,
validates, and logs."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from guardian.shortcuts import assign_perm

from applications.models import Application
from commissioning.models import AuditEvent, Criterion, FundingRound, User
from commissioning.permissions import ROUND_CLOSED_REASON, can, require, round_is_closed
from commissioning.services import record_event

from . import voting
from .exceptions import BudgetExceeded, IncompleteAssessment, PanelError, SlotTaken
from .models import (
    Adjustment,
    Assessment,
    DiscussionPost,
    FundingDecision,
    InductionCompletion,
    InterestDeclaration,
    InterviewQuestion,
    InterviewSlot,
    Panel,
    PanelAssignment,
    PanelMembership,
    PanelQuestion,
    Score,
    ShortlistOutcome,
    TogetherSession,
    Vote,
)
from .permissions import PANEL_GRANT, scoring_stage

Verb = AuditEvent.Verb


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


@transaction.atomic
def create_panel(*, actor: User, funding_round, name: str, quorum: int = 3) -> Panel:
    require(actor, "panels.change_panels", funding_round)
    panel = Panel(funding_round=funding_round, name=" ".join(name.split()), quorum=quorum)
    _save(panel)
    record_event(actor=actor, verb=Verb.PANEL_CREATED, target=panel)
    return panel


@transaction.atomic
def invite_member(*, actor: User, panel: Panel, user: User, is_chair: bool = False) -> PanelMembership:
    require(actor, "panels.change_panels", panel)
    if user.is_paid_or_technical_staff:
        raise PanelError("Staff facilitate panels; they cannot sit on them.")
    if PanelMembership.objects.filter(panel=panel, user=user).exists():
        raise PanelError(f"{user} is already invited to {panel}.")
    if is_chair and panel.memberships.filter(is_chair=True).exists():
        raise PanelError(f"{panel} already has a chair.")
    membership = PanelMembership(panel=panel, user=user, is_chair=is_chair, invited_by=actor)
    _save(membership)
    record_event(actor=actor, verb=Verb.PANEL_MEMBER_INVITED, target=panel, data={"member": user.email})
    return membership


@transaction.atomic
def answer_invitation(*, actor: User, membership: PanelMembership, accept: bool) -> PanelMembership:
    """The invited volunteer says yes or no, having seen the workload. Saying yes grants the seat."""
    membership = PanelMembership.objects.select_for_update().select_related("panel").get(pk=membership.pk)
    if membership.user_id != actor.pk:
        raise PanelError("Only the person invited can answer this invitation.")
    if round_is_closed(membership.panel.funding_round):
        raise PanelError(ROUND_CLOSED_REASON)
    membership.status = PanelMembership.Status.ACCEPTED if accept else PanelMembership.Status.DECLINED
    membership.answered_at = timezone.now()
    membership.save(update_fields=["status", "answered_at"])
    if accept:
        assign_perm(PANEL_GRANT, actor, membership.panel)
    record_event(actor=actor, verb=Verb.PANEL_INVITATION_ANSWERED, target=membership.panel, data={"accepted": accept})
    return membership


@transaction.atomic
def assign_application(*, actor: User, panel: Panel, application: Application) -> PanelAssignment:
    require(actor, "panels.change_panels", panel)
    if application.funding_round_id != panel.funding_round_id:
        raise PanelError("This application was made to another funding round.")
    if application.status != Application.Status.ELIGIBLE:
        raise PanelError("Only applications found eligible go to a panel.")
    if PanelAssignment.objects.filter(application=application).exists():
        raise PanelError(f"{application} is already with a panel.")
    assignment = PanelAssignment(panel=panel, application=application, assigned_by=actor)
    _save(assignment)
    record_event(actor=actor, verb=Verb.APPLICATION_ASSIGNED, target=application, data={"panel": panel.name})
    return assignment


@transaction.atomic
def complete_induction(*, actor: User, membership: PanelMembership, module: str) -> InductionCompletion:
    """The member marks a module done, or staff record it after a group session."""
    if membership.user_id != actor.pk:
        require(actor, "panels.change_panels", membership)
    completion, _ = InductionCompletion.objects.get_or_create(
        membership=membership, module=module, defaults={"recorded_by": actor}
    )
    record_event(
        actor=actor,
        verb=Verb.INDUCTION_COMPLETED,
        target=membership.panel,
        data={"member": membership.user.email, "module": module},
    )
    return completion


@transaction.atomic
def declare_interest(
    *, actor: User, application: Application, has_conflict: bool, nature: str = ""
) -> InterestDeclaration:
    """Before opening an application, a member says whether they have a conflict with the organisation."""
    require(actor, "panels.declare_interest", application)
    membership = PanelMembership.objects.get(
        panel=application.panel_assignment.panel, user=actor, status=PanelMembership.Status.ACCEPTED
    )
    if InterestDeclaration.objects.filter(membership=membership, application=application).exists():
        raise PanelError("You have already declared your interests for this application. Tell staff if it has changed.")
    if has_conflict and not nature.strip():
        raise PanelError("Say what the conflict is, for example “I volunteer there” or “my sister runs it”.")
    declaration = InterestDeclaration(
        membership=membership,
        application=application,
        has_conflict=has_conflict,
        nature=nature.strip(),
        recorded_by=actor,
    )
    _save(declaration)
    record_event(actor=actor, verb=Verb.INTEREST_DECLARED, target=application, data={"conflict": has_conflict})
    return declaration


def _scored_criteria(application: Application) -> dict[int, Criterion]:
    return {
        criterion.pk: criterion
        for criterion in application.funding_round.criteria.filter(
            kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED
        )
    }


def save_assessment(
    *,
    actor: User,
    application: Application,
    scores: dict[int, tuple[int | None, str]],
    overall_comment: str = "",
    submit: bool = False,
) -> Assessment:
    """Save a member's scores (criterion → (0 to 4 or None, comment)) as a draft, or submit them.
    Submitting needs every scored criterion: when some are blank, the scores given are still
    saved as a draft (nothing typed is lost) and IncompleteAssessment lists what is missing."""
    with transaction.atomic():
        assessment, missing = _save_assessment(
            actor=actor, application=application, scores=scores, overall_comment=overall_comment, submit=submit
        )
    if missing:
        raise IncompleteAssessment(missing)
    return assessment


def _save_assessment(*, actor, application, scores, overall_comment, submit):
    require(actor, "panels.score_application", application)
    criteria = _scored_criteria(application)
    strangers = set(scores) - set(criteria)
    if strangers:
        raise PanelError("A score was sent for a criterion that is not part of this round.")
    if any(value is not None and not 0 <= value <= 4 for value, _ in scores.values()):
        raise PanelError("Each score must be a whole number from 0 to 4.")
    membership = PanelMembership.objects.get(
        panel=application.panel_assignment.panel, user=actor, status=PanelMembership.Status.ACCEPTED
    )
    assessment, _ = Assessment.objects.select_for_update().get_or_create(
        membership=membership, application=application, stage=scoring_stage(application)
    )
    if assessment.status == Assessment.Status.SUBMITTED:
        raise PanelError("You have submitted this assessment. Reopen it to change your scores.")
    for criterion_id, (value, comment) in scores.items():
        if value is None:
            Score.objects.filter(assessment=assessment, criterion_id=criterion_id).delete()
        else:
            Score.objects.update_or_create(
                assessment=assessment, criterion_id=criterion_id, defaults={"value": value, "comment": comment.strip()}
            )
    assessment.overall_comment = overall_comment.strip()
    assessment.updated_at = timezone.now()
    missing = []
    if submit:
        scored = set(assessment.scores.values_list("criterion_id", flat=True))
        missing = [criterion.title for pk, criterion in criteria.items() if pk not in scored]
        if not missing:
            assessment.status, assessment.submitted_at = Assessment.Status.SUBMITTED, timezone.now()
    _save(assessment)
    submitted = assessment.status == Assessment.Status.SUBMITTED
    record_event(
        actor=actor,
        verb=Verb.ASSESSMENT_SUBMITTED if submitted else Verb.ASSESSMENT_SAVED,
        target=application,
        data={"panel": membership.panel.name, "stage": assessment.stage},
    )
    return assessment, missing


def _seat(actor: User, application: Application) -> PanelMembership:
    return PanelMembership.objects.select_related("panel").get(
        panel=application.panel_assignment.panel, user=actor, status=PanelMembership.Status.ACCEPTED
    )


@transaction.atomic
def reopen_assessment(*, actor: User, application: Application) -> Assessment:
    """A member takes back their submitted assessment to change it, while the stage is open."""
    require(actor, "panels.score_application", application)
    assessment = (
        Assessment.objects.select_for_update()
        .filter(membership=_seat(actor, application), application=application, stage=scoring_stage(application))
        .first()
    )
    if assessment is None or assessment.status != Assessment.Status.SUBMITTED:
        raise PanelError("Only a submitted assessment can be reopened.")
    assessment.status, assessment.submitted_at, assessment.updated_at = Assessment.Status.DRAFT, None, timezone.now()
    assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    record_event(actor=actor, verb=Verb.ASSESSMENT_REOPENED, target=application, data={"stage": assessment.stage})
    return assessment


@transaction.atomic
def record_known_conflict(
    *, actor: User, membership: PanelMembership, application: Application, nature: str
) -> InterestDeclaration:
    """Staff record a conflict they know of (the member told them, or it came to light). It
    replaces a "no conflict" declaration; from then on the member takes no part, and the
    member's shortlist vote no longer counts."""
    require(actor, "panels.change_panels", membership)
    if not nature.strip():
        raise PanelError("Say what the conflict is, for example “a trustee of the organisation”.")
    if getattr(application, "panel_assignment", None) is None or application.panel_assignment.panel_id != (
        membership.panel_id
    ):
        raise PanelError("This application is not with this member's panel.")
    declaration, _ = InterestDeclaration.objects.update_or_create(
        membership=membership,
        application=application,
        defaults={"has_conflict": True, "nature": nature.strip(), "recorded_by": actor, "declared_at": timezone.now()},
    )
    record_event(actor=actor, verb=Verb.CONFLICT_RECORDED, target=application, data={"member": membership.user.email})
    # The member's shortlist vote stops counting; once the shortlist stage is over, it stands as it was.
    if application.funding_round.status == FundingRound.Status.SHORTLISTING:
        recount_shortlist(application)
    return declaration


@transaction.atomic
def record_adjustment(*, actor: User, membership: PanelMembership, kind: str, details: str = "") -> Adjustment:
    require(actor, "panels.change_panels", membership)
    adjustment = Adjustment(membership=membership, kind=kind, details=details.strip(), recorded_by=actor)
    _save(adjustment)
    record_event(
        actor=actor, verb=Verb.ADJUSTMENT_RECORDED, target=membership.panel, data={"member": membership.user.email}
    )
    return adjustment


@transaction.atomic
def remove_adjustment(*, actor: User, adjustment: Adjustment) -> None:
    require(actor, "panels.change_panels", adjustment.membership)
    membership = adjustment.membership
    adjustment.delete()
    record_event(
        actor=actor, verb=Verb.ADJUSTMENT_REMOVED, target=membership.panel, data={"member": membership.user.email}
    )


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
    _save(post)
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
    _save(question)
    record_event(actor=actor, verb=Verb.PANEL_QUESTION_ASKED, target=panel)
    return question


@transaction.atomic
def answer_panel_question(*, actor: User, question: PanelQuestion, answer: str) -> PanelQuestion:
    """Staff answer; the whole panel sees the answer (a second answer replaces the first, logged)."""
    require(actor, "panels.answer_panel_question", question.panel)
    if not answer.strip():
        raise PanelError("Write the answer before sending it.")
    question.answer, question.answered_by, question.answered_at = answer.strip(), actor, timezone.now()
    _save(question)
    record_event(actor=actor, verb=Verb.PANEL_QUESTION_ANSWERED, target=question.panel)
    transaction.on_commit(lambda: _email_answer(question))
    return question


@transaction.atomic
def arrange_session(*, actor: User, panel: Panel, session: TogetherSession | None = None, **fields) -> TogetherSession:
    """Create a together session, or change one (pass `session`)."""
    require(actor, "panels.change_panels", panel)
    created = session is None
    session = session or TogetherSession(panel=panel, arranged_by=actor)
    for name, value in fields.items():
        setattr(session, name, value)
    _save(session)
    record_event(actor=actor, verb=Verb.SESSION_ARRANGED if created else Verb.SESSION_UPDATED, target=panel)
    transaction.on_commit(lambda: _email_session(session, changed=not created))
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


def _emails_of_members(panel: Panel, application: Application | None = None) -> list[str]:
    """The panel's accepted members; for something about one application, only those who may
    open it (declared no conflict with it), so a conflicted member hears nothing about it."""
    members = panel.memberships.filter(status=PanelMembership.Status.ACCEPTED)
    if application is not None:
        members = members.filter(declarations__application=application, declarations__has_conflict=False)
    return list(members.order_by("pk").values_list("user__email", flat=True))


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


def members_who_can_take_part(application: Application) -> int:
    """Accepted members of the application's panel who have not declared (or been recorded with)
    a conflict on it."""
    panel_id = application.panel_assignment.panel_id
    # A subquery, not exclude(declarations__application=…, declarations__has_conflict=True): across
    # a multi-valued relation that excludes a member with a conflict on ANY application who merely
    # declared something on this one.
    conflicted = InterestDeclaration.objects.filter(application=application, has_conflict=True).values("membership_id")
    return (
        PanelMembership.objects.filter(panel_id=panel_id, status=PanelMembership.Status.ACCEPTED)
        .exclude(pk__in=conflicted)
        .count()
    )


def recount_shortlist(application: Application) -> ShortlistOutcome:
    """Count the shortlist votes of members who can take part; store where the vote stands."""
    panel = application.panel_assignment.panel
    conflicted = InterestDeclaration.objects.filter(application=application, has_conflict=True).values("membership_id")
    votes = Vote.objects.filter(application=application, stage=Vote.Stage.SHORTLIST).exclude(
        membership_id__in=conflicted
    )
    include = votes.filter(choice=Vote.Choice.INCLUDE).count()
    exclude = votes.filter(choice=Vote.Choice.EXCLUDE).count()
    counted = voting.count_shortlist(include, exclude, panel.quorum)
    outcome, _ = ShortlistOutcome.objects.update_or_create(
        application=application,
        defaults={
            "panel": panel,
            "outcome": counted.outcome,
            "include_votes": include,
            "exclude_votes": exclude,
            "updated_at": timezone.now(),
        },
    )
    return outcome


@transaction.atomic
def cast_shortlist_vote(*, actor: User, application: Application, include: bool) -> Vote:
    """Include on the shortlist or not. Voting again changes the vote (never a second one)."""
    require(actor, "panels.vote", application)
    if application.funding_round.status != application.funding_round.Status.SHORTLISTING:
        raise PanelError("Shortlist votes are cast during the shortlisting stage.")
    choice = Vote.Choice.INCLUDE if include else Vote.Choice.EXCLUDE
    vote, created = Vote.objects.select_for_update().get_or_create(
        membership=_seat(actor, application),
        application=application,
        stage=Vote.Stage.SHORTLIST,
        defaults={"choice": choice},
    )
    changed_from = None if created else vote.choice
    if not created:
        vote.choice, vote.cast_at = choice, timezone.now()
        vote.save(update_fields=["choice", "cast_at"])
    record_event(
        actor=actor,
        verb=Verb.VOTE_CAST,
        target=application,
        data={"stage": Vote.Stage.SHORTLIST, "choice": choice, "changed_from": changed_from},
    )
    recount_shortlist(application)
    return vote


@transaction.atomic
def offer_interview_slot(*, actor: User, panel: Panel, **fields) -> InterviewSlot:
    require(actor, "panels.change_panels", panel)
    slot = InterviewSlot(panel=panel, **fields)
    _save(slot)
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
    _save(slot)
    record_event(
        actor=actor, verb=Verb.INTERVIEW_BOOKED, target=application, data={"starts_at": slot.starts_at.isoformat()}
    )
    transaction.on_commit(lambda: _email_interview_booked(slot))
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
    _save(question)
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


def _pounds(amount) -> str:
    from commissioning.templatetags.money import money

    return money(amount)


def _awarded_elsewhere(funding_round, application) -> Decimal:
    """What the round has already awarded, leaving out this application's own decision."""
    total = (
        FundingDecision.objects.filter(application__funding_round=funding_round)
        .exclude(outcome=FundingDecision.Outcome.DECLINE)
        .exclude(application=application)
        .aggregate(total=Sum("amount_awarded"))["total"]
    )
    return total or Decimal(0)


@transaction.atomic
def cast_decision_vote(
    *, actor: User, application: Application, choice: str, amount: Decimal | None = None, conditions: str = ""
) -> Vote:
    """Fund, fund with conditions or decline, with the amount (no more than asked for, no less
    than the round's smallest grant) and the conditions. Voting again changes the vote."""
    require(actor, "panels.vote", application)
    funding_round = application.funding_round
    if funding_round.status != funding_round.Status.DECISION:
        raise PanelError("Decision votes are cast during the decision stage.")
    if not ShortlistOutcome.is_shortlisted(application):
        raise PanelError("Only shortlisted applications are decided on.")
    if choice not in Vote.DECISION_CHOICES:
        raise PanelError("Choose fund, fund with conditions or decline.")
    conditions = conditions.strip()
    if choice == Vote.Choice.DECLINE:
        amount, conditions = None, ""
    else:
        if amount is None:
            raise PanelError("Say how much the panel should award, in whole pounds.")
        if amount != amount.to_integral_value():
            raise PanelError("Give the amount in whole pounds, without pence.")
        if amount > application.amount_requested:
            asked = _pounds(application.amount_requested)
            raise PanelError(f"The amount cannot be more than the {asked} the organisation asked for.")
        if amount < funding_round.minimum_grant:
            smallest = _pounds(funding_round.minimum_grant)
            raise PanelError(f"The amount cannot be less than this round's smallest grant, {smallest}.")
        left = funding_round.budget - _awarded_elsewhere(funding_round, application)
        if amount > left:
            raise BudgetExceeded(f"That would take the round over its budget: {_pounds(left)} is left.")
        if choice == Vote.Choice.FUND_WITH_CONDITIONS and not conditions:
            raise PanelError("Say what the conditions are.")
    vote, created = Vote.objects.select_for_update().get_or_create(
        membership=_seat(actor, application),
        application=application,
        stage=Vote.Stage.DECISION,
        defaults={"choice": choice, "amount": amount, "conditions": conditions},
    )
    changed_from = None if created else vote.choice
    if not created:
        vote.choice, vote.amount, vote.conditions, vote.cast_at = choice, amount, conditions, timezone.now()
        vote.save(update_fields=["choice", "amount", "conditions", "cast_at"])
    record_event(
        actor=actor,
        verb=Verb.VOTE_CAST,
        target=application,
        data={
            "stage": Vote.Stage.DECISION,
            "choice": choice,
            "amount": str(amount or ""),
            "changed_from": changed_from,
        },
    )
    return vote


def count_decision_votes(application: Application) -> voting.DecisionCount:
    """Where the decision vote stands, counting members who can take part."""
    conflicted = InterestDeclaration.objects.filter(application=application, has_conflict=True).values("membership_id")
    votes = Vote.objects.filter(application=application, stage=Vote.Stage.DECISION).exclude(
        membership_id__in=conflicted
    )
    return voting.count_decision(
        [(vote.choice, vote.amount) for vote in votes], application.panel_assignment.panel.quorum
    )


def record_funding_decision(*, actor: User, application: Application, rationale: str) -> FundingDecision:
    """Write down the decision the votes reached, with the panel's reasons. The round's row is
    locked first, so two panels recording at the same moment are taken one after the other and
    the funded total can never pass the budget."""
    with transaction.atomic():
        require(actor, "panels.record_decision", application)
        funding_round = FundingRound.objects.select_for_update().get(pk=application.funding_round_id)
        if not rationale.strip():
            raise PanelError("Write the panel's reasons for this decision: every decision needs them.")
        count = count_decision_votes(application)
        if count.outcome == "awaiting":
            raise PanelError(
                f"Not enough votes yet: {sum(count.counts.values())} of the quorum of "
                f"{application.panel_assignment.panel.quorum}."
            )
        if count.outcome == "tie":
            raise PanelError(
                "The votes are tied. Talk it through together and vote again: nobody outside the panel breaks a tie."
            )
        amount = None if count.outcome == FundingDecision.Outcome.DECLINE else count.amount
        if amount is not None:
            left = funding_round.budget - _awarded_elsewhere(funding_round, application)
            if amount > left:
                raise BudgetExceeded(
                    f"Funding {_pounds(amount)} would take the round over its budget: {_pounds(left)} is left."
                )
        conditions = ""
        if count.outcome == FundingDecision.Outcome.FUND_WITH_CONDITIONS:
            # Each distinct condition the members gave, in the order they gave them.
            # A conflicted member's vote does not count, nor do its conditions.
            conflicted = InterestDeclaration.objects.filter(application=application, has_conflict=True)
            given = (
                Vote.objects.filter(
                    application=application, stage=Vote.Stage.DECISION, choice=Vote.Choice.FUND_WITH_CONDITIONS
                )
                .exclude(membership_id__in=conflicted.values("membership_id"))
                .order_by("cast_at", "pk")
            )
            conditions = "\n".join(dict.fromkeys(vote.conditions for vote in given if vote.conditions))
        decision, created = FundingDecision.objects.update_or_create(
            application=application,
            defaults={
                "panel": application.panel_assignment.panel,
                "outcome": count.outcome,
                "amount_awarded": amount,
                "conditions": conditions,
                "rationale": rationale.strip(),
                "recorded_by": actor,
                "decided_at": timezone.now(),
            },
        )
        decision.full_clean()
        record_event(
            actor=actor,
            verb=Verb.DECISION_RECORDED,
            target=application,
            data={"outcome": count.outcome, "amount": str(amount or ""), "changed": not created},
        )
    return decision
