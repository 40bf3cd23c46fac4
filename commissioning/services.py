"""Writes that need the audit trail: the core app's services.

Every service takes the acting user first, as a keyword, and writes an AuditEvent.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import AuditEvent, User


def record_event(*, actor: User | None, verb: str, target=None, data: dict | None = None) -> AuditEvent:
    """Append one line to the activity log. `actor=None` means the system acted."""
    event = AuditEvent(
        actor=actor,
        actor_label=(str(actor) if actor else ""),
        verb=verb,
        data=data or {},
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
        event.target_label = str(target)[:200]
    event.full_clean()
    event.save()
    return event


def record_sign_in(sender, request, user, **kwargs) -> None:
    record_event(actor=user, verb=AuditEvent.Verb.SIGNED_IN, target=user)


def record_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_event(actor=user, verb=AuditEvent.Verb.SIGNED_OUT, target=user)


@transaction.atomic
def change_role(*, actor: User | None, user: User, role: str) -> User:
    """Give `user` a role: person, staff facilitator or administrator.

    Only administrators hold Django's admin and superuser flags; a facilitator is a
    role of its own and never a superuser. Every change is logged.
    """
    old_role = user.role
    if old_role == role:
        return user
    user.role = role
    is_admin = role == User.Role.ADMINISTRATOR
    user.is_staff = is_admin
    user.is_superuser = is_admin
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    record_event(
        actor=actor,
        verb=AuditEvent.Verb.ROLE_CHANGED,
        target=user,
        data={"from": old_role, "to": role},
    )
    return user


@transaction.atomic
def update_account(*, actor: User, full_name: str, prefers_larger_text: bool, prefers_high_contrast: bool) -> User:
    """A person changes their own name and display preferences."""
    changed = {
        field: value
        for field, value in {
            "full_name": full_name,
            "prefers_larger_text": prefers_larger_text,
            "prefers_high_contrast": prefers_high_contrast,
        }.items()
        if getattr(actor, field) != value
    }
    if not changed:
        return actor
    for field, value in changed.items():
        setattr(actor, field, value)
    actor.full_clean(exclude=["password"])
    actor.save(update_fields=list(changed))
    record_event(actor=actor, verb=AuditEvent.Verb.ACCOUNT_UPDATED, target=actor, data={"changed": sorted(changed)})
    return actor


def record_password_change(*, actor: User, by_reset: bool) -> None:
    verb = AuditEvent.Verb.PASSWORD_RESET if by_reset else AuditEvent.Verb.PASSWORD_CHANGED
    record_event(actor=actor, verb=verb, target=actor)
