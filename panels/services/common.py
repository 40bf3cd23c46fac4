"""What the panel services share: saving a row only once it is valid, and the actor's seat."""

from django.db import transaction

from applications.models import Application
from commissioning.models import User
from panels.models import PanelMembership


def save_valid(obj) -> None:
    """Check the row's fields and constraints (so the person gets our words), then save it."""
    obj.full_clean()
    obj.save()


def seat_of(actor: User, application: Application) -> PanelMembership:
    """The actor's accepted seat on the panel the application was given to (the policy has checked it)."""
    return PanelMembership.objects.select_related("panel").get(
        panel=application.panel_assignment.panel, user=actor, status=PanelMembership.Status.ACCEPTED
    )


def make_own(entry) -> bool:
    """The member has now given `entry` (an Assessment or a Vote) themselves, on screen: it is
    no longer one staff took down for them, so its TakeDown (and any signed sheet) goes; the
    activity log keeps what happened. True when there was one."""
    take_down = entry.take_down
    if take_down is None:
        return False
    entry.take_down = None
    entry.save(update_fields=["take_down"])
    storage, stored = take_down.signed_sheet.storage, take_down.signed_sheet.name
    take_down.delete()
    if stored:
        from commissioning.storage import delete_quietly

        transaction.on_commit(lambda: delete_quietly(storage, stored))
    return True
