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
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q, QuerySet
from guardian.models import GroupObjectPermission, UserObjectPermission

from commissioning.models import User


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    # For a refusal the person can do something about, a short name for it ("declare",
    # "induction"), so that a list page can offer the way forward without working out the rule
    # again. Empty when there is nothing they can do.
    next_step: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def allow(reason: str = "") -> Decision:
    return Decision(True, reason)


def deny(reason: str, *, next_step: str = "") -> Decision:
    return Decision(False, reason, next_step)


Rule = Callable[..., Decision]
Scope = Callable[[Any, QuerySet], QuerySet]
# Reads, once, what a rule needs to answer for many objects: facts(user, objects) -> anything the
# rule accepts as its `facts=` keyword. Registered with the rule; `can_each()` calls it.
FactsReader = Callable[[Any, list], Any]


@dataclass(frozen=True)
class _Registered:
    rule: Rule
    scope: Scope | None
    allows_visitors: bool
    facts: FactsReader | None = None


_rules: dict[str, _Registered] = {}

# The decisions that belong to older people. Staff facilitate; they never take these.
VOLUNTEER_ONLY_ACTIONS = frozenset(
    {
        "commissioning.agree_criterion",
        "panels.score_application",
        "panels.vote",
        "panels.record_decision",
        "panels.write_feedback",
        "panels.agree_to_proceed",
        # Strands (issue 15): moving money between them is the panel's decision, and a portfolio
        # tried out before voting is the panel's (or one member's) own draft.
        "panels.move_strand_money",
        "panels.try_portfolio",
    }
)
STAFF_VETO_REASON = (
    "Staff and administrators facilitate: they cannot agree criteria, score or vote. "
    "These decisions belong to the volunteers."
)
SIGN_IN_REASON = "Please sign in to do this."


def register(
    action: str,
    rule: Rule,
    *,
    scope: Scope | None = None,
    allows_visitors: bool = False,
    facts: FactsReader | None = None,
) -> None:
    """Register the rule for `action` ("app_label.verb_noun").

    `scope(user, queryset)` narrows a queryset to the objects the rule would allow;
    `visible()` needs it. `allows_visitors` lets the rule see signed-out people.
    `facts(user, objects)` reads what the rule needs for many objects at once; the rule
    then takes it as `rule(user, obj, facts=…)` and `can_each()` answers a list in a fixed
    number of queries.
    """
    if action in _rules and _rules[action].rule is not rule:
        raise ImproperlyConfigured(f"Two rules were registered for {action!r}.")
    _rules[action] = _Registered(rule, scope, allows_visitors, facts)


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
    if action in VOLUNTEER_ONLY_ACTIONS and is_staff_role(user):
        return deny(STAFF_VETO_REASON, next_step="staff")
    return None


def _refused_first(user, action: str, registered: _Registered) -> Decision | None:
    """Steps 1 and 2 of the order above, before the action's own rule."""
    if not getattr(user, "is_authenticated", False):
        if not registered.allows_visitors:
            return deny(SIGN_IN_REASON)
    elif not user.is_active:
        return deny("This account has been switched off.")
    return _veto(user, action)


def can(user, action: str, obj: Any = None, *, facts: Any = None) -> Decision:
    """Answer whether `user` may do `action` to `obj`, with a reason. `facts`, when given, is
    what the rule's registered reader returned (see `can_each`)."""
    registered = _registered(action)
    refused = _refused_first(user, action, registered)
    if refused is not None:
        return refused
    if facts is not None:
        return registered.rule(user, obj, facts=facts)
    return registered.rule(user, obj)


def can_each(user, action: str, objects, *, facts: Any = None) -> dict[Any, Decision]:
    """`can()` for every object of a list page at once: {pk: Decision}, the same answers one
    by one. A rule registered with a facts reader reads what it needs for all of them once (or
    takes the `facts` the page already read), so the page's queries do not grow with the list."""
    objects = list(objects)
    registered = _registered(action)
    refused = _refused_first(user, action, registered)
    if refused is not None:
        return {obj.pk: refused for obj in objects}
    if registered.facts is None:
        return {obj.pk: registered.rule(user, obj) for obj in objects}
    if facts is None and objects:
        facts = registered.facts(user, objects)
    return {obj.pk: registered.rule(user, obj, facts=facts) for obj in objects}


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


# What was read for the rules in this request: each person's grants, and the facts the apps'
# rules read (a panel member's seat and declarations, say). A page asks the same questions
# several times (the page's own check, the rules', the service's) and the answers stay the same
# until something they rest on is written, which empties this (`forget_reads`, connected to
# those models' post_save and post_delete). None outside a request, so services, tasks and
# tests always read afresh.
_read_in_request: ContextVar[dict | None] = ContextVar("read_in_request", default=None)


@contextmanager
def grants_read_once():
    """Within this block each person's grants and rule facts are read once (one request)."""
    token = _read_in_request.set({})
    try:
        yield
    finally:
        _read_in_request.reset(token)


def forget_reads(**kwargs) -> None:
    """Something the rules read was written: read everything afresh from now on."""
    read = _read_in_request.get()
    if read is not None:
        read.clear()


def read_once(key: tuple, read: Callable[[], Any]) -> Any:
    """`read()`, once per request for `key` (what is read, and for whom)."""
    store = _read_in_request.get()
    if store is None:
        return read()
    if key not in store:
        store[key] = read()
    return store[key]


Grants = dict[tuple[int, str], frozenset[str]]


def _grants_of(user) -> Grants:
    """Every object grant `user` holds, given to them or to one of their groups, in one query:
    {(content type id, codename): the objects' primary keys as text, as guardian keeps them}.

    Read from guardian's grant tables directly: a person holds a handful of grants (their
    organisations, criteria groups and panels), and guardian's own helpers build several
    querysets in Python on every call, which cost most of a signed-in page's time. Superusers get
    nothing for free: a grant is what was granted (`tests/commissioning/test_granted.py`)."""
    return read_once(("grants", user.pk), lambda: _read_grants(user))


def _read_grants(user) -> Grants:
    columns = ("content_type_id", "permission__codename", "object_pk")
    by_user = UserObjectPermission.objects.filter(user=user).values_list(*columns)
    by_group = GroupObjectPermission.objects.filter(group__user=user).values_list(*columns)
    collected: dict[tuple[int, str], set[str]] = {}
    for content_type_id, codename, object_pk in by_user.union(by_group):
        collected.setdefault((content_type_id, codename), set()).add(object_pk)
    return {key: frozenset(pks) for key, pks in collected.items()}


def _grant_key(perm: str, model) -> tuple[int, str]:
    app_label, codename = perm.split(".", 1)
    content_type = ContentType.objects.get_for_model(model)
    if content_type.app_label != app_label:
        raise ImproperlyConfigured(f"{perm!r} is not a grant on {model._meta.label}.")
    return content_type.pk, codename


def has_grant(user, perm: str, obj: Any) -> bool:
    """Whether `user` holds the object grant `perm` ("app_label.codename") on `obj`."""
    if not getattr(user, "is_authenticated", False):
        return False
    return str(obj.pk) in _grants_of(user).get(_grant_key(perm, type(obj)), ())


def granted_pks(user, perm: str, model) -> frozenset:
    """The primary keys of the `model` objects on which `user` holds `perm`."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    pk_field = model._meta.pk
    return frozenset(pk_field.to_python(pk) for pk in _grants_of(user).get(_grant_key(perm, model), ()))


def granted(user, perm: str, queryset: QuerySet) -> QuerySet:
    """The objects in `queryset` on which `user` holds the object grant `perm` ("app.codename").
    Nobody pays for a list of what they hold no grant on: it is empty without a query."""
    pks = granted_pks(user, perm, queryset.model)
    return queryset.filter(pk__in=pks) if pks else queryset.none()


# The core app's own rules.

CRITERIA_GRANT = "commissioning.sit_on_criteria_group"
STAFF_ROLES = (User.Role.FACILITATOR, User.Role.ADMINISTRATOR)


def is_staff_role(user) -> bool:
    """Staff facilitators and administrators: the people who run rounds for the volunteers and
    never score, vote or agree criteria. Every rule, service and page asks this one function (or
    `staff_q()` for a query), so "who counts as staff" has one answer. The user table lets only
    an administrator use Django admin or be a superuser; the flags count too, so the veto does
    not rest on that constraint alone."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.role in STAFF_ROLES or user.is_superuser or user.is_staff


def staff_q(prefix: str = "") -> Q:
    """`is_staff_role` as a query over users; `prefix` reaches them through a relation
    (`staff_q("actor__")` for audit events by staff)."""
    return (
        Q(**{f"{prefix}role__in": STAFF_ROLES})
        | Q(**{f"{prefix}is_superuser": True})
        | Q(**{f"{prefix}is_staff": True})
    )


def _staff_rule(user, obj) -> Decision:
    if is_staff_role(user):
        return allow()
    return deny("Only staff facilitators can see this page.")


def _use_admin(user, obj) -> Decision:
    if user.is_administrator and user.is_staff:
        return allow()
    return deny("Django admin is for administrators only.")


def _in_criteria_group(user, funding_round) -> bool:
    return has_grant(user, CRITERIA_GRANT, funding_round)


def _has_criteria_groups(user, obj) -> Decision:
    """For the menu: someone in any round's criteria group gets a "Criteria" item. No query of
    its own: the person's grants are read once per request."""
    from commissioning.models import FundingRound

    if not is_staff_role(user) and granted_pks(user, CRITERIA_GRANT, FundingRound):
        return allow()
    return deny("You are not in a criteria group.")


def _in_criteria_stage(funding_round) -> bool:
    from commissioning.models import FundingRound

    return funding_round.status == FundingRound.Status.CRITERIA


CRITERIA_CLOSED_REASON = "The criteria for this round are settled: they can no longer change."
# After feedback a round is closed and read-only everywhere: every write rule gives this reason.
ROUND_CLOSED_REASON = "This round is closed: everything is kept as it was decided."


def round_is_closed(funding_round) -> bool:
    from commissioning.models import FundingRound

    return funding_round.status == FundingRound.Status.CLOSED


def _view_round(user, funding_round) -> Decision:
    from commissioning.models import FundingRound

    if funding_round.has_reached(FundingRound.Status.OPEN):
        return allow()
    if getattr(user, "is_authenticated", False) and (is_staff_role(user) or _in_criteria_group(user, funding_round)):
        return allow()
    return deny("This funding round has not been published yet.")


def _view_round_scope(user, queryset):
    from commissioning.models import FundingRound

    if not getattr(user, "is_authenticated", False):
        return queryset.published()
    if is_staff_role(user):
        return queryset
    mine = granted(user, CRITERIA_GRANT, FundingRound.objects.all()).values("pk")
    return queryset.filter(Q(pk__in=mine) | Q(status__in=FundingRound.Status.OPEN.and_later()))


def _view_criteria(user, funding_round) -> Decision:
    if is_staff_role(user) or _in_criteria_group(user, funding_round):
        return allow()
    return deny("Only the criteria group and the staff who support it can see this page.")


def _view_criteria_scope(user, queryset):
    return queryset if is_staff_role(user) else granted(user, CRITERIA_GRANT, queryset)


def _propose_criterion(user, funding_round) -> Decision:
    if not _in_criteria_group(user, funding_round):
        return deny("Criteria are proposed by the older people in the criteria group. Staff can suggest wording.")
    if not _in_criteria_stage(funding_round):
        return deny(CRITERIA_CLOSED_REASON)
    return allow()


def _propose_strand(user, funding_round) -> Decision:
    """A strand (a share of the money for one kind of project) is proposed by the criteria
    group or by staff, and then agreed by the group alone, like a criterion
    (`commissioning.agree_criterion`)."""
    from commissioning.models import FundingRound

    if is_staff_role(user):
        if funding_round.is_before(FundingRound.Status.OPEN):
            return allow()
        return deny(CRITERIA_CLOSED_REASON)
    return _propose_criterion(user, funding_round)


def _agree_criterion(user, criterion) -> Decision:
    from commissioning.models import Criterion

    if not _in_criteria_group(user, criterion.funding_round):
        return deny("Only members of this round's criteria group can respond to its criteria.")
    if not _in_criteria_stage(criterion.funding_round):
        return deny(CRITERIA_CLOSED_REASON)
    if criterion.status == Criterion.Status.WITHDRAWN:
        return deny("This criterion was withdrawn, so there is nothing to respond to.")
    return allow()


def _discuss_criterion(user, criterion) -> Decision:
    if not (is_staff_role(user) or _in_criteria_group(user, criterion.funding_round)):
        return deny("Only the criteria group and the staff who support it can join this discussion.")
    if not _in_criteria_stage(criterion.funding_round):
        return deny("The discussion closed when the criteria were settled.")
    return allow()


def _suggest_wording(user, criterion) -> Decision:
    from commissioning.models import Criterion

    if not is_staff_role(user):
        return deny("Staff suggest wording; members of the group can comment in the discussion instead.")
    if not _in_criteria_stage(criterion.funding_round):
        return deny(CRITERIA_CLOSED_REASON)
    if criterion.status == Criterion.Status.WITHDRAWN:
        return deny("This criterion was withdrawn.")
    return allow()


def _decide_wording(user, suggestion) -> Decision:
    from commissioning.models import WordingSuggestion

    if user.pk != suggestion.criterion.proposer_id:
        return deny("Only the person who proposed this criterion can accept or decline new wording.")
    if not _in_criteria_stage(suggestion.criterion.funding_round):
        return deny(CRITERIA_CLOSED_REASON)
    if suggestion.status != WordingSuggestion.Status.PENDING:
        return deny("This suggestion has already been answered.")
    return allow()


def _withdraw_criterion(user, criterion) -> Decision:
    from commissioning.models import Criterion

    if user.pk != criterion.proposer_id:
        return deny("Only the person who proposed this criterion can withdraw it.")
    if not _in_criteria_stage(criterion.funding_round):
        return deny(CRITERIA_CLOSED_REASON)
    if criterion.status == Criterion.Status.WITHDRAWN:
        return deny("This criterion was already withdrawn.")
    return allow()


def _edit_round(user, funding_round) -> Decision:
    if not is_staff_role(user):
        return deny("Only staff facilitators can set up funding rounds.")
    if funding_round.is_locked:
        return deny("This round is open for applications, so its details, criteria and questions cannot change.")
    return allow()


def _edit_timeline(user, funding_round) -> Decision:
    from commissioning.models import FundingRound

    if not is_staff_role(user):
        return deny("Only staff facilitators can set up funding rounds.")
    if funding_round.status == FundingRound.Status.CLOSED:
        return deny("This round is closed.")
    return allow()


def _manage_criteria_group(user, funding_round) -> Decision:
    from commissioning.models import FundingRound

    if not is_staff_role(user):
        return deny("Only staff facilitators can invite people to the criteria group.")
    if funding_round.has_reached(FundingRound.Status.OPEN):
        return deny(CRITERIA_CLOSED_REASON)
    return allow()


def _advance_round(user, funding_round) -> Decision:
    if not is_staff_role(user):
        return deny("Only staff facilitators can move a round to its next stage.")
    if funding_round.next_status is None:
        return deny("This round is closed: it has no next stage.")
    return allow()


def register_core_rules() -> None:
    register("commissioning.view_activity", _staff_rule)
    register("commissioning.use_admin", _use_admin)
    register("commissioning.manage_rounds", _staff_rule)
    register("commissioning.edit_jargon", _staff_rule)
    # The outbox: staff see the emails still waiting or given up on, and send one again.
    register("commissioning.view_outbox", _staff_rule)
    register("commissioning.send_email_again", _staff_rule)
    register("commissioning.view_round", _view_round, scope=_view_round_scope, allows_visitors=True)
    register("commissioning.view_criteria", _view_criteria, scope=_view_criteria_scope)
    register("commissioning.list_criteria_groups", _has_criteria_groups)
    register("commissioning.propose_criterion", _propose_criterion)
    register("commissioning.propose_strand", _propose_strand)
    register("commissioning.agree_criterion", _agree_criterion)
    register("commissioning.discuss_criterion", _discuss_criterion)
    register("commissioning.suggest_wording", _suggest_wording)
    register("commissioning.decide_wording", _decide_wording)
    register("commissioning.withdraw_criterion", _withdraw_criterion)
    register("commissioning.edit_round", _edit_round)
    register("commissioning.edit_timeline", _edit_timeline)
    register("commissioning.manage_criteria_group", _manage_criteria_group)
    register("commissioning.advance_round", _advance_round)
