"""Setting up panels: panels, invitations, assigned applications, induction, known conflicts, adjustments."""

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from applications.models import Application
from commissioning.models import FundingRound, User
from commissioning.permissions import ROUND_CLOSED_REASON, is_staff_role, require, round_is_closed
from commissioning.services import record_event
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
def create_panel(*, actor: User, funding_round, name: str, quorum: int = 3) -> Panel:
    require(actor, "panels.change_panels", funding_round)
    panel = Panel(funding_round=funding_round, name=" ".join(name.split()), quorum=quorum)
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
    save_valid(assignment)
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
