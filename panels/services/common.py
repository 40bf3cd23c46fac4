"""What the panel services share: saving a row only once it is valid, and the actor's seat."""

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
