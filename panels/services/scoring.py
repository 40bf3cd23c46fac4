"""Declaring interests and scoring: each member's assessment of an application at a stage."""

from django.db import transaction
from django.utils import timezone

from applications.models import Application
from commissioning.models import Criterion, User
from commissioning.permissions import require
from commissioning.services import record_event
from panels.audit import Verb
from panels.exceptions import IncompleteAssessment, PanelError
from panels.facts import PanelFacts
from panels.models import (
    Assessment,
    InterestDeclaration,
    PanelMembership,
    Score,
)
from panels.permissions import scoring_stage
from panels.services.common import make_own, save_valid, seat_of


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
    save_valid(declaration)
    record_event(actor=actor, verb=Verb.INTEREST_DECLARED, target=application, data={"conflict": has_conflict})
    return declaration


def _scored_criteria(application: Application) -> dict[int, Criterion]:
    """The criteria the application is scored on: every agreed scored criterion, except those
    for another strand than its own."""
    return {
        criterion.pk: criterion
        for criterion in application.funding_round.criteria.filter(
            kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED
        )
        if criterion.is_scored_in(application.strand_id)
    }


def checked_scores(application: Application, scores: dict[int, tuple[int | None, str]]) -> dict[int, Criterion]:
    """The round's scored criteria, once `scores` are only for them and each is from 0 to 4
    (PanelError otherwise). Read by a member's own scoring and by a sheet staff take down."""
    criteria = _scored_criteria(application)
    strangers = set(scores) - set(criteria)
    if strangers:
        raise PanelError("A score was sent for a criterion that is not part of this round.")
    if any(value is not None and not 0 <= value <= 4 for value, _ in scores.values()):
        raise PanelError("Each score must be a whole number from 0 to 4.")
    return criteria


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
    criteria = checked_scores(application, scores)
    panel = application.panel_assignment.panel
    # The seat the policy has just answered from (read once in a request).
    membership = PanelFacts(actor, panel).membership
    assessment, _ = Assessment.objects.select_for_update().get_or_create(
        membership=membership, application=application, stage=scoring_stage(application)
    )
    if assessment.status == Assessment.Status.SUBMITTED:
        raise PanelError("You have submitted this assessment. Reopen it to change your scores.")
    scored = write_scores(assessment, scores)
    assessment.overall_comment = overall_comment.strip()
    assessment.updated_at = timezone.now()
    missing = []
    if submit:
        missing = [criterion.title for pk, criterion in criteria.items() if pk not in scored]
        if not missing:
            assessment.status, assessment.submitted_at = Assessment.Status.SUBMITTED, timezone.now()
    # The policy and the checks above stand for the row's rules; the database holds its constraints.
    assessment.clean_fields(exclude=["membership", "application"])
    assessment.save(update_fields=["overall_comment", "updated_at", "status", "submitted_at"])
    submitted = assessment.status == Assessment.Status.SUBMITTED
    record_event(
        actor=actor,
        verb=Verb.ASSESSMENT_SUBMITTED if submitted else Verb.ASSESSMENT_SAVED,
        target=application,
        data={"panel": panel.name, "stage": assessment.stage},
    )
    return assessment, missing


def write_scores(assessment: Assessment, scores: dict[int, tuple[int | None, str]]) -> set[int]:
    """Store the scores sent (a blank one removes what was there) in at most four statements,
    however many criteria: read what is stored, then add, change and remove in one go each.
    Returns the criteria scored now."""
    stored = {score.criterion_id: score for score in Score.objects.filter(assessment=assessment)}
    added, changed, cleared = [], [], []
    for criterion_id, (value, comment) in scores.items():
        score = stored.get(criterion_id)
        if value is None:
            if score is not None:
                cleared.append(criterion_id)
        elif score is None:
            added.append(Score(assessment=assessment, criterion_id=criterion_id, value=value, comment=comment.strip()))
        elif (score.value, score.comment) != (value, comment.strip()):
            score.value, score.comment = value, comment.strip()
            changed.append(score)
    if cleared:
        Score.objects.filter(assessment=assessment, criterion_id__in=cleared).delete()
    if added:
        Score.objects.bulk_create(added)
    if changed:
        Score.objects.bulk_update(changed, ["value", "comment"])
    return (set(stored) - set(cleared)) | {score.criterion_id for score in added}


@transaction.atomic
def reopen_assessment(*, actor: User, application: Application) -> Assessment:
    """A member takes back their submitted assessment to change it, while the stage is open."""
    require(actor, "panels.score_application", application)
    assessment = (
        Assessment.objects.select_for_update()
        .filter(membership=seat_of(actor, application), application=application, stage=scoring_stage(application))
        .first()
    )
    if assessment is None or assessment.status != Assessment.Status.SUBMITTED:
        raise PanelError("Only a submitted assessment can be reopened.")
    # Reopened by the member on screen, a sheet staff took down becomes the member's own.
    replaces_taken_down = make_own(assessment)
    assessment.status, assessment.submitted_at, assessment.updated_at = Assessment.Status.DRAFT, None, timezone.now()
    assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    record_event(
        actor=actor,
        verb=Verb.ASSESSMENT_REOPENED,
        target=application,
        data={"stage": assessment.stage, "replaces_taken_down": replaces_taken_down},
    )
    return assessment
