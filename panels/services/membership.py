"""Setting up panels: panels, invitations, assigned applications, induction, known conflicts, adjustments."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from applications.models import Application
from commissioning.exceptions import SignInLinkError
from commissioning.models import FundingRound, Strand, User
from commissioning.permissions import ROUND_CLOSED_REASON, is_staff_role, require, round_is_closed
from commissioning.services import email_sign_in_link_for, record_event
from panels.audit import Verb
from panels.exceptions import PanelError
from panels.models import (
    Adjustment,
    InductionCompletion,
    InterestDeclaration,
    Panel,
    PanelAssignment,
    PanelMembership,
)
from panels.permissions import PANEL_GRANT
from panels.services import shortlist
from panels.services.common import save_valid


@transaction.atomic
def create_panel(*, actor: User, funding_round, name: str, quorum: int = 3, strand=None) -> Panel:
    """A panel for the round; in a round shared between strands it may be given one `strand`."""
    require(actor, "panels.change_panels", funding_round)
    if strand is not None and not Strand.objects.filter(funding_round=funding_round, pk=strand.pk).agreed().exists():
        raise PanelError("Choose one of this round's strands, or any strand.")
    panel = Panel(funding_round=funding_round, name=" ".join(name.split()), quorum=quorum, strand=strand)
    save_valid(panel)
    record_event(actor=actor, verb=Verb.PANEL_CREATED, target=panel)
    return panel


@transaction.atomic
def invite_member(*, actor: User, panel: Panel, user: User, is_chair: bool = False) -> PanelMembership:
    require(actor, "panels.change_panels", panel)
    if is_staff_role(user):
        raise PanelError("Staff facilitate panels; they cannot sit on them.")
    if PanelMembership.objects.filter(panel=panel, user=user).exists():
        raise PanelError(f"{user} is already invited to {panel}.")
    if is_chair and panel.memberships.filter(is_chair=True).exists():
        raise PanelError(f"{panel} already has a chair.")
    membership = PanelMembership(panel=panel, user=user, is_chair=is_chair, invited_by=actor)
    save_valid(membership)
    record_event(actor=actor, verb=Verb.PANEL_MEMBER_INVITED, target=panel, data={"member": user.email})
    return membership


def _own_invitation(actor: User, membership: PanelMembership) -> PanelMembership:
    membership = PanelMembership.objects.select_for_update().select_related("panel").get(pk=membership.pk)
    if membership.user_id != actor.pk:
        raise PanelError("Only the person invited can answer this invitation.")
    if round_is_closed(membership.panel.funding_round):
        raise PanelError(ROUND_CLOSED_REASON)
    return membership


@transaction.atomic
def answer_invitation(*, actor: User, membership: PanelMembership, accept: bool) -> PanelMembership:
    """The invited volunteer says yes or no, having seen the workload. Saying yes grants the seat."""
    if not accept:
        return decline(actor=actor, membership=membership)
    membership = _own_invitation(actor, membership)
    if membership.status == PanelMembership.Status.REMOVED:
        raise PanelError("This seat has ended. Ask the staff who support the panel if you would like it back.")
    membership.status = PanelMembership.Status.ACCEPTED
    membership.answered_at = timezone.now()
    membership.save(update_fields=["status", "answered_at"])
    assign_perm(PANEL_GRANT, actor, membership.panel)
    record_event(actor=actor, verb=Verb.PANEL_INVITATION_ANSWERED, target=membership.panel, data={"accepted": True})
    return membership


@transaction.atomic
def decline(*, actor: User, membership: PanelMembership) -> PanelMembership:
    """The invited volunteer says no: no seat, and no grant left behind."""
    membership = _own_invitation(actor, membership)
    if membership.status == PanelMembership.Status.REMOVED:
        raise PanelError("This seat has already ended.")
    _end_seat(membership, PanelMembership.Status.DECLINED)
    record_event(actor=actor, verb=Verb.PANEL_INVITATION_ANSWERED, target=membership.panel, data={"accepted": False})
    return membership


@transaction.atomic
def leave_panel(*, actor: User, membership: PanelMembership) -> PanelMembership:
    """A member steps down from their seat. Their votes and scores stop counting."""
    membership = PanelMembership.objects.select_for_update().select_related("panel").get(pk=membership.pk)
    if membership.user_id != actor.pk or membership.status != PanelMembership.Status.ACCEPTED:
        raise PanelError("Only a member of the panel can leave it.")
    _end_seat(membership, PanelMembership.Status.REMOVED)
    record_event(actor=actor, verb=Verb.PANEL_MEMBER_LEFT, target=membership.panel, data={"member": actor.email})
    return membership


@transaction.atomic
def remove_member(*, actor: User, membership: PanelMembership) -> PanelMembership:
    """Staff end someone's seat or invitation. Their votes and scores stop counting."""
    membership = PanelMembership.objects.select_for_update().select_related("panel", "user").get(pk=membership.pk)
    require(actor, "panels.change_panels", membership.panel)
    if membership.status == PanelMembership.Status.REMOVED:
        raise PanelError(f"{membership.user} is no longer on {membership.panel}.")
    _end_seat(membership, PanelMembership.Status.REMOVED)
    record_event(
        actor=actor,
        verb=Verb.PANEL_MEMBER_REMOVED,
        target=membership.panel,
        data={"member": membership.user.email},
    )
    return membership


@transaction.atomic
def send_sign_in_link(*, actor: User, membership: PanelMembership) -> None:
    """Staff email a panel member a link that signs them in once, within 15 minutes, without a
    password (policy: panels.send_sign_in_link). Logged, with the panel it was sent for."""
    require(actor, "panels.send_sign_in_link", membership)
    try:
        email_sign_in_link_for(actor=actor, user=membership.user, why={"panel": membership.panel.name})
    except SignInLinkError as error:
        raise PanelError(str(error)) from error


def end_seats_of_new_staff(*, user: User, actor: User | None, **_) -> None:
    """`commissioning.signals.role_changed` receiver: someone who becomes staff facilitates
    panels and never sits on one, so every seat or invitation they hold ends, each logged."""
    if not is_staff_role(user):
        return
    ending = PanelMembership.objects.select_for_update().select_related("panel").filter(user=user)
    for membership in ending.exclude(status__in=[PanelMembership.Status.REMOVED, PanelMembership.Status.DECLINED]):
        _end_seat(membership, PanelMembership.Status.REMOVED)
        record_event(actor=actor, verb=Verb.PANEL_SEAT_ENDED, target=membership.panel, data={"member": user.email})


def _end_seat(membership: PanelMembership, status: str) -> None:
    """The one place a seat ends: the status says so, the grant goes with it, and while the
    panel shortlists, the member's votes stop counting at once."""
    membership.status = status
    membership.answered_at = membership.answered_at or timezone.now()
    membership.save(update_fields=["status", "answered_at"])
    remove_perm(PANEL_GRANT, membership.user, membership.panel)
    if membership.panel.funding_round.status == FundingRound.Status.SHORTLISTING:
        for application in Application.objects.filter(panel_assignment__panel=membership.panel):
            shortlist.recount_shortlist(application)


@transaction.atomic
def assign_application(*, actor: User, panel: Panel, application: Application) -> PanelAssignment:
    require(actor, "panels.change_panels", panel)
    if application.funding_round_id != panel.funding_round_id:
        raise PanelError("This application was made to another funding round.")
    if application.status != Application.Status.ELIGIBLE:
        raise PanelError("Only applications found eligible go to a panel.")
    if PanelAssignment.objects.filter(application=application).exists():
        raise PanelError(f"{application} is already with a panel.")
    if panel.strand_id is not None and application.strand_id != panel.strand_id:
        raise PanelError(f"{panel} decides on one strand only, and this application is in another.")
    assignment = PanelAssignment(panel=panel, application=application, assigned_by=actor)
    save_valid(assignment)
    record_event(actor=actor, verb=Verb.APPLICATION_ASSIGNED, target=application, data={"panel": panel.name})
    return assignment


@transaction.atomic
def assign_applications(*, actor: User, panel: Panel, applications) -> list[str]:
    """Give every application to the panel, or none of them: the refusals, in plain words."""
    errors = []
    for application in applications:
        try:
            with transaction.atomic():
                assign_application(actor=actor, panel=panel, application=application)
        except (PanelError, PermissionDenied, ValidationError) as error:
            said = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            errors.append(f"{application.organisation} ({application}): {said}")
    if errors:
        transaction.set_rollback(True)
    return errors


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
        shortlist.recount_shortlist(application)
    return declaration


@transaction.atomic
def record_adjustment(*, actor: User, membership: PanelMembership, kind: str, details: str = "") -> Adjustment:
    require(actor, "panels.change_panels", membership)
    adjustment = Adjustment(membership=membership, kind=kind, details=details.strip(), recorded_by=actor)
    save_valid(adjustment)
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
