"""Writes across panels, members, declarations and assessments: each checks the policy,
validates, and logs."""

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from applications.models import Application
from commissioning.models import AuditEvent, Criterion, User
from commissioning.permissions import require
from commissioning.services import record_event

from .exceptions import IncompleteAssessment, PanelError
from .models import Assessment, InductionCompletion, InterestDeclaration, Panel, PanelAssignment, PanelMembership, Score
from .permissions import PANEL_GRANT

Verb = AuditEvent.Verb


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


@transaction.atomic
def create_panel(*, actor: User, funding_round, name: str, quorum: int = 3) -> Panel:
    require(actor, "panels.manage_panels")
    panel = Panel(funding_round=funding_round, name=" ".join(name.split()), quorum=quorum)
    _save(panel)
    record_event(actor=actor, verb=Verb.PANEL_CREATED, target=panel)
    return panel


@transaction.atomic
def invite_member(*, actor: User, panel: Panel, user: User, is_chair: bool = False) -> PanelMembership:
    require(actor, "panels.manage_panels")
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
    membership.status = PanelMembership.Status.ACCEPTED if accept else PanelMembership.Status.DECLINED
    membership.answered_at = timezone.now()
    membership.save(update_fields=["status", "answered_at"])
    if accept:
        assign_perm(PANEL_GRANT, actor, membership.panel)
    record_event(actor=actor, verb=Verb.PANEL_INVITATION_ANSWERED, target=membership.panel, data={"accepted": accept})
    return membership


@transaction.atomic
def assign_application(*, actor: User, panel: Panel, application: Application) -> PanelAssignment:
    require(actor, "panels.manage_panels")
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
        require(actor, "panels.manage_panels")
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
        membership=membership, application=application, stage=Assessment.Stage.SHORTLISTING
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
        data={"panel": membership.panel.name},
    )
    return assessment, missing
