"""The one permission policy: "may this user do this action to this object?"

Every view, service, template and list asks here, through `can()`, `require()`,
`visible()` or the `{% can %}` tag. Each app registers the rules for its own actions
in its `AppConfig.ready()` (see `panels/permissions.py` and friends); a rule is a small
function returning a `Decision` whose reason a person can read.

The order never changes:
1. nobody who is signed out may do anything beyond what a rule allows visitors;
2. hard vetoes: paid staff and administrators never agree criteria, score or vote,
   whatever grants they hold (Django and guardian say "yes" to a superuser for
   everything, so this cannot rest on `has_perm`);
3. the action's own rule, which may read grants stored by django-guardian.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import QuerySet
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def allow(reason: str = "") -> Decision:
    return Decision(True, reason)


def deny(reason: str) -> Decision:
    return Decision(False, reason)


Rule = Callable[[Any, Any], Decision]
Scope = Callable[[Any, QuerySet], QuerySet]


@dataclass(frozen=True)
class _Registered:
    rule: Rule
    scope: Scope | None
    allows_visitors: bool


_rules: dict[str, _Registered] = {}

# The decisions that belong to older people. Staff facilitate; they never take these.
VOLUNTEER_ONLY_ACTIONS = frozenset({"commissioning.agree_criterion", "panels.score_application", "panels.vote"})
STAFF_VETO_REASON = (
    "Staff and administrators facilitate: they cannot agree criteria, score or vote. "
    "These decisions belong to the volunteers."
)
SIGN_IN_REASON = "Please sign in to do this."


def register(action: str, rule: Rule, *, scope: Scope | None = None, allows_visitors: bool = False) -> None:
    """Register the rule for `action` ("app_label.verb_noun").

    `scope(user, queryset)` narrows a queryset to the objects the rule would allow;
    `visible()` needs it. `allows_visitors` lets the rule see signed-out people.
    """
    if action in _rules and _rules[action].rule is not rule:
        raise ImproperlyConfigured(f"Two rules were registered for {action!r}.")
    _rules[action] = _Registered(rule, scope, allows_visitors)


def registered_actions() -> list[str]:
    return sorted(_rules)


def _registered(action: str) -> _Registered:
    try:
        return _rules[action]
    except KeyError:
        raise ImproperlyConfigured(f"No permission rule is registered for {action!r}.") from None


def _veto(user, action: str) -> Decision | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if action in VOLUNTEER_ONLY_ACTIONS and user.is_paid_or_technical_staff:
        return deny(STAFF_VETO_REASON)
    return None


def can(user, action: str, obj: Any = None) -> Decision:
    """Answer whether `user` may do `action` to `obj`, with a reason."""
    registered = _registered(action)
    if not getattr(user, "is_authenticated", False):
        if not registered.allows_visitors:
            return deny(SIGN_IN_REASON)
    elif not user.is_active:
        return deny("This account has been switched off.")
    veto = _veto(user, action)
    if veto is not None:
        return veto
    return registered.rule(user, obj)


def require(user, action: str, obj: Any = None) -> Decision:
    """Like `can()`, but raises `PermissionDenied(reason)` when the answer is no."""
    decision = can(user, action, obj)
    if not decision.allowed:
        raise PermissionDenied(decision.reason)
    return decision


def visible(user, action: str, queryset: QuerySet) -> QuerySet:
    """The objects in `queryset` that `user` may do `action` to, in one query."""
    registered = _registered(action)
    if registered.scope is None:
        raise ImproperlyConfigured(f"The rule for {action!r} has no list scope.")
    signed_in = getattr(user, "is_authenticated", False)
    if (not signed_in and not registered.allows_visitors) or (signed_in and not user.is_active):
        return queryset.none()
    if _veto(user, action) is not None:
        return queryset.none()
    return registered.scope(user, queryset)


# Grants: stored facts kept by django-guardian. Rules read them through these two helpers,
# never through user.has_perm(), which says yes to any superuser.


def has_grant(user, perm: str, obj: Any, checker: ObjectPermissionChecker | None = None) -> bool:
    """Whether `user` holds the object grant `perm` ("app_label.codename") on `obj`.

    Pass a checker made with `ObjectPermissionChecker(user).prefetch_perms(objects)` on
    list pages, so many objects cost one query.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    codename = perm.split(".", 1)[-1]
    if user.is_superuser:
        # guardian's checker says yes to a superuser for everything; a grant is about
        # what was granted, so read the grant rows themselves.
        rows = ObjectPermissionChecker(user)
        return codename in {*rows.get_user_perms(obj), *rows.get_group_perms(obj)}
    checker = checker or ObjectPermissionChecker(user)
    return codename in checker.get_perms(obj)


def granted(user, perm: str, queryset: QuerySet) -> QuerySet:
    """The objects in `queryset` on which `user` holds the object grant `perm`."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return get_objects_for_user(user, perm, klass=queryset, with_superuser=False, accept_global_perms=False)


# The core app's own rules.


def _staff_rule(user, obj) -> Decision:
    if user.is_facilitator or user.is_administrator:
        return allow()
    return deny("Only staff facilitators can see this page.")


def _use_admin(user, obj) -> Decision:
    if user.is_administrator and user.is_staff:
        return allow()
    return deny("Django admin is for administrators only.")


def register_core_rules() -> None:
    register("commissioning.view_activity", _staff_rule)
    register("commissioning.use_admin", _use_admin)
