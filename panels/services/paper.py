"""Paper and phone: staff take down a member's signed paper sheet or phone vote for them, and it
counts once the member confirms it (the emailed link) or staff attach the signed sheet.

Staff never score or vote as themselves: every write here asks the policy's one action for it,
`panels.take_down`, which also holds the member to their own seat rules (a conflict, the
induction, the stage); the member's confirmation asks `panels.confirm_take_down`. Whether a
taken-down entry counts is said once, on the models (`counted()`), and read through
`panels.results`.
"""

import logging
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from applications.services import sniff_kind
from commissioning.models import User
from commissioning.permissions import require
from commissioning.services import record_event
from commissioning.storage import STORE_ERRORS, UNAVAILABLE, delete_quietly
from panels.audit import Verb
from panels.exceptions import IncompleteAssessment, PanelError
from panels.models import Assessment, PanelMembership, TakeDown, Vote
from panels.permissions import TakeDownFor, scoring_stage
from panels.services.decisions import checked_decision_vote
from panels.services.scoring import checked_scores, write_scores
from panels.services.shortlist import recount_shortlist

logger = logging.getLogger(__name__)

# A signed sheet is a scan or a photo: PDF, PNG or JPEG, up to 10 MB.
SHEET_KINDS = {"pdf", "png", "jpg"}
SHEET_MAX_BYTES = 10 * 1024 * 1024


def _taken_down(entry, *, actor: User, membership: PanelMembership, application: Application, source: str):
    """The TakeDown row for `entry` (an Assessment or a Vote), new, or the unconfirmed one it
    had, now written down again by `actor` (so the old confirmation link no longer works)."""
    take_down = entry.take_down
    if take_down is None:
        take_down = TakeDown(membership=membership, application=application)
    take_down.source, take_down.taken_down_by, take_down.taken_down_at = source, actor, timezone.now()
    take_down.full_clean()
    take_down.save()
    return take_down


def _ask_member_to_confirm(take_down: TakeDown, what: str) -> None:
    from commissioning.emails import send_templated_email

    path = reverse("panels:take_down_confirm", args=[take_down.pk, take_down.confirmation_token()])
    send_templated_email(
        "panels/emails/take_down_confirm",
        to=[take_down.membership.user.email],
        context={"take_down": take_down, "what": what, "path": path, "days": TakeDown.LINK_DAYS},
    )


def _log(verb: str, *, actor: User, take_down: TakeDown, what: str, **data) -> None:
    record_event(
        actor=actor,
        verb=verb,
        target=take_down.application,
        data={
            "take_down": take_down.pk,
            "member": take_down.membership.user.full_name,
            "source": take_down.source,
            "what": what,
            **data,
        },
    )


@transaction.atomic
def take_down_scores(
    *,
    actor: User,
    membership: PanelMembership,
    application: Application,
    source: str,
    scores: dict[int, tuple[int | None, str]],
    overall_comment: str = "",
) -> Assessment:
    """Write down a member's scores and comments from their signed paper sheet (or a call). A
    sheet is complete: every scored criterion needs its score (IncompleteAssessment lists what
    is missing, and nothing is saved). The assessment is submitted but does not count until the
    member confirms it; the member is emailed a link to confirm."""
    require(actor, "panels.take_down", TakeDownFor(membership, application, "scores", source))
    criteria = checked_scores(application, scores)
    missing = [criterion.title for pk, criterion in criteria.items() if scores.get(pk, (None, ""))[0] is None]
    if missing:
        raise IncompleteAssessment(missing)
    assessment, _ = Assessment.objects.select_for_update().get_or_create(
        membership=membership, application=application, stage=scoring_stage(application)
    )
    assessment.take_down = _taken_down(
        assessment, actor=actor, membership=membership, application=application, source=source
    )
    write_scores(assessment, scores)
    now = timezone.now()
    assessment.overall_comment, assessment.updated_at = overall_comment.strip(), now
    assessment.status, assessment.submitted_at = Assessment.Status.SUBMITTED, now
    assessment.save(update_fields=["take_down", "overall_comment", "updated_at", "status", "submitted_at"])
    _log(Verb.TAKEN_DOWN, actor=actor, take_down=assessment.take_down, what="scores", stage=assessment.stage)
    _ask_member_to_confirm(assessment.take_down, "scores")
    return assessment


def _vote_stage(application: Application) -> str:
    if application.funding_round.is_at(application.funding_round.Status.DECISION):
        return Vote.Stage.DECISION
    return Vote.Stage.SHORTLISTING


@transaction.atomic
def take_down_vote(
    *,
    actor: User,
    membership: PanelMembership,
    application: Application,
    source: str,
    choice: str,
    amount: Decimal | None = None,
    conditions: str = "",
) -> Vote:
    """Write down a member's vote from a phone call (or their paper sheet): include or not
    while the panel shortlists, fund, fund with conditions or decline while it decides, held to
    the same checks as a vote the member casts. It counts once the member confirms it."""
    require(actor, "panels.take_down", TakeDownFor(membership, application, "vote", source))
    stage = _vote_stage(application)
    if stage == Vote.Stage.SHORTLISTING:
        if choice not in Vote.SHORTLIST_CHOICES:
            raise PanelError("Choose include on the shortlist or do not include.")
        amount, conditions = None, ""
    else:
        amount, conditions = checked_decision_vote(application, choice, amount, conditions)
    vote = Vote.objects.select_for_update().filter(membership=membership, application=application, stage=stage).first()
    vote = vote or Vote(membership=membership, application=application, stage=stage)
    vote.take_down = _taken_down(vote, actor=actor, membership=membership, application=application, source=source)
    vote.choice, vote.amount, vote.conditions, vote.cast_at = choice, amount, conditions, timezone.now()
    vote.save()
    _log(Verb.TAKEN_DOWN, actor=actor, take_down=vote.take_down, what="vote", stage=stage, choice=choice)
    if stage == Vote.Stage.SHORTLISTING:
        recount_shortlist(application)
    _ask_member_to_confirm(vote.take_down, "vote")
    return vote


def _counted_from_now(take_down: TakeDown) -> None:
    """A shortlist vote that now counts changes where the shortlist stands."""
    vote = getattr(take_down, "vote", None)
    if vote is not None and vote.stage == Vote.Stage.SHORTLISTING:
        recount_shortlist(take_down.application)


def _locked(take_down: TakeDown) -> TakeDown:
    return (
        TakeDown.objects.select_for_update(of=("self",))
        .select_related("membership__user", "membership__panel", "application__funding_round", "assessment", "vote")
        .get(pk=take_down.pk)
    )


@transaction.atomic
def confirm_take_down(*, actor: User, take_down: TakeDown, token: str) -> TakeDown:
    """The member says, through the emailed link (`token`), that what staff took down is what
    they said. From then on it counts, and it can no longer be changed. The link is checked
    again once the row is locked: if staff wrote the entry down again a moment before, the old
    link confirms nothing."""
    take_down = _locked(take_down)
    require(actor, "panels.confirm_take_down", take_down)
    if not take_down.token_is_valid(token):
        raise PanelError("This link no longer works: staff have changed what they wrote down. Use the newest email.")
    take_down.confirmed_at, take_down.confirmed_how = timezone.now(), TakeDown.Confirmation.EMAILED_LINK
    take_down.save(update_fields=["confirmed_at", "confirmed_how"])
    _log(Verb.TAKE_DOWN_CONFIRMED, actor=actor, take_down=take_down, what=take_down.entry, how="emailed link")
    _counted_from_now(take_down)
    return take_down


def attach_signed_sheet(*, actor: User, take_down: TakeDown, uploaded) -> TakeDown:
    """Staff attach the member's signed sheet (a scan or a photo): that confirms the entry. A
    store that is down refuses it with a plain message and changes nothing."""
    with transaction.atomic():
        take_down = _locked(take_down)
        require(actor, "panels.take_down", take_down)
        if uploaded.size == 0:
            raise PanelError("The file is empty. Choose the scan or photo of the signed sheet again.")
        if uploaded.size > SHEET_MAX_BYTES:
            raise PanelError("The file is bigger than 10 MB. Scan the sheet again at a lower resolution.")
        kind = sniff_kind(uploaded)
        if kind not in SHEET_KINDS:
            raise PanelError(
                "The signed sheet must be a PDF, PNG or JPEG file. "
                "This file is not one of those, whatever its name says."
            )
        try:
            take_down.signed_sheet.save(f"signed-sheet.{kind}", uploaded, save=False)
        except STORE_ERRORS as error:
            logger.warning("The file store refused a signed sheet for take-down %s: %s", take_down.pk, error)
            raise PanelError(f"{UNAVAILABLE} The sheet was not attached; nothing else has changed.") from error
        stored = take_down.signed_sheet.name
        try:
            take_down.confirmed_at, take_down.confirmed_how = timezone.now(), TakeDown.Confirmation.SIGNED_SHEET
            take_down.full_clean()
            take_down.save(update_fields=["signed_sheet", "confirmed_at", "confirmed_how"])
            _log(Verb.TAKE_DOWN_CONFIRMED, actor=actor, take_down=take_down, what=take_down.entry, how="signed sheet")
            _counted_from_now(take_down)
        except Exception:
            # The record was refused, so the stored copy would belong to nothing.
            delete_quietly(take_down.signed_sheet.storage, stored)
            raise
    return take_down
