"""The policy: one question, `can()`, and the vetoes that keep decisions with volunteers."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from guardian.shortcuts import assign_perm

from commissioning import permissions
from commissioning.models import User
from commissioning.permissions import Decision, allow, can, deny, has_grant, require, visible

from .factories import UserFactory

VOLUNTEER_ONLY = sorted(permissions.VOLUNTEER_ONLY_ACTIONS)


@pytest.fixture
def grant_rules():
    """Register, for this test only, rules that allow whoever holds a guardian grant.

    The real criteria and panel rules arrive with their issues; these stand in for them
    so the vetoes can be shown to win over grants. `commissioning.view_user` on a user
    row is the grant, because it exists already.
    """

    def rule(user, obj):
        return allow() if has_grant(user, "commissioning.view_user", obj) else deny("You hold no grant for this.")

    def scope(user, queryset):
        return permissions.granted(user, "commissioning.view_user", queryset)

    saved = dict(permissions._rules)
    for action in VOLUNTEER_ONLY:
        permissions._rules.pop(action, None)
        permissions.register(action, rule, scope=scope)
    yield
    permissions._rules.clear()
    permissions._rules.update(saved)


@pytest.fixture
def target(db):
    return UserFactory(email="target@example.org")


@pytest.mark.parametrize("action", VOLUNTEER_ONLY)
def test_a_volunteer_holding_the_grant_is_allowed(grant_rules, panel_member, target, action):
    assign_perm("commissioning.view_user", panel_member, target)
    assert can(panel_member, action, target) == Decision(True, "")


@pytest.mark.parametrize("action", VOLUNTEER_ONLY)
def test_a_volunteer_without_the_grant_is_refused(grant_rules, panel_member, target, action):
    decision = can(panel_member, action, target)
    assert not decision.allowed
    assert decision.reason == "You hold no grant for this."


@pytest.mark.parametrize("action", VOLUNTEER_ONLY)
def test_facilitator_holding_grants_still_cannot_agree_score_or_vote(grant_rules, facilitator, target, action):
    assign_perm("commissioning.view_user", facilitator, target)
    decision = can(facilitator, action, target)
    assert not decision.allowed
    assert "Staff and administrators facilitate" in decision.reason


@pytest.mark.parametrize("action", VOLUNTEER_ONLY)
def test_superuser_holding_grants_still_cannot_agree_score_or_vote(grant_rules, administrator, target, action):
    assign_perm("commissioning.view_user", administrator, target)
    assert administrator.has_perm("commissioning.view_user", target)  # Django says yes to a superuser...
    assert not can(administrator, action, target).allowed  # ...the policy does not.


def test_superuser_flag_alone_is_vetoed_even_with_an_ordinary_role(grant_rules, target, db):
    # The database refuses this combination; the veto does not rely on that alone.
    user = UserFactory.build(email="sneaky@example.org", role=User.Role.PERSON, is_superuser=True)
    assert not can(user, "panels.vote", target).allowed


@pytest.mark.parametrize("action", VOLUNTEER_ONLY)
def test_require_raises_with_the_reason(grant_rules, facilitator, target, action):
    with pytest.raises(PermissionDenied, match="cannot agree criteria, score or vote"):
        require(facilitator, action, target)


def test_visible_lists_only_granted_objects_and_nothing_for_staff(grant_rules, panel_member, facilitator, db):
    mine, not_mine = UserFactory(email="a@example.org"), UserFactory(email="b@example.org")
    assign_perm("commissioning.view_user", panel_member, mine)
    assign_perm("commissioning.view_user", facilitator, mine)
    everyone = User.objects.all()
    assert list(visible(panel_member, "panels.score_application", everyone)) == [mine]
    assert list(visible(facilitator, "panels.score_application", everyone)) == []
    assert not_mine not in visible(panel_member, "panels.score_application", everyone)


def test_visitors_are_asked_to_sign_in(grant_rules, target):
    decision = can(None, "panels.vote", target)
    assert decision == Decision(False, permissions.SIGN_IN_REASON)


def test_switched_off_accounts_are_refused(grant_rules, panel_member, target):
    assign_perm("commissioning.view_user", panel_member, target)
    panel_member.is_active = False
    assert not can(panel_member, "panels.vote", target).allowed


def test_an_unknown_action_is_a_programming_error(panel_member):
    with pytest.raises(ImproperlyConfigured, match="No permission rule"):
        can(panel_member, "panels.no_such_action")


def test_registering_two_rules_for_one_action_is_refused():
    with pytest.raises(ImproperlyConfigured, match="Two rules"):
        permissions.register("commissioning.view_activity", lambda user, obj: allow())


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("applicant", False),
        ("panel_member", False),
        ("outsider", False),
        ("facilitator", True),
        ("administrator", True),
    ],
)
def test_only_staff_read_the_activity_log(request, persona, allowed):
    assert can(request.getfixturevalue(persona), "commissioning.view_activity").allowed is allowed


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("applicant", False), ("panel_member", False), ("facilitator", False), ("administrator", True)],
)
def test_only_administrators_use_django_admin(request, persona, allowed):
    assert can(request.getfixturevalue(persona), "commissioning.use_admin").allowed is allowed


def test_template_tag_asks_the_policy(rf, facilitator, panel_member):
    from django.template import Context, Template

    template = Template('{% can "commissioning.view_activity" as ok %}{{ ok.allowed }}|{{ ok.reason }}')
    request = rf.get("/")
    request.user = facilitator
    assert template.render(Context({"request": request})) == "True|"
    request.user = panel_member
    assert template.render(Context({"request": request})) == "False|Only staff facilitators can see this page."


def test_staff_q_finds_exactly_the_users_is_staff_role_names(facilitator, panel_member, db):
    from commissioning.permissions import is_staff_role, staff_q

    admin = UserFactory(email="admin@example.org", role=User.Role.ADMINISTRATOR)
    people = [facilitator, panel_member, admin]
    assert {user.pk for user in people if is_staff_role(user)} == {facilitator.pk, admin.pk}
    assert set(User.objects.filter(staff_q(), pk__in=[u.pk for u in people]).values_list("pk", flat=True)) == {
        facilitator.pk,
        admin.pk,
    }


def test_within_a_request_a_grant_is_read_once_and_afresh_when_it_changes(
    panel_member, target, django_assert_num_queries
):
    """A page asks about the same grant several times (its own check, the rules' facts): one
    read per request; but a grant taken away or given in the middle is seen at once."""
    from guardian.shortcuts import remove_perm

    assign_perm("commissioning.view_user", panel_member, target)
    with permissions.grants_read_once():
        assert has_grant(panel_member, "commissioning.view_user", target)
        with django_assert_num_queries(0):
            assert has_grant(panel_member, "commissioning.view_user", target)
        remove_perm("commissioning.view_user", panel_member, target)
        assert not has_grant(panel_member, "commissioning.view_user", target)
        assign_perm("commissioning.view_user", panel_member, target)
        assert has_grant(panel_member, "commissioning.view_user", target)
    remove_perm("commissioning.view_user", panel_member, target)
    assert not has_grant(panel_member, "commissioning.view_user", target)  # outside a request: always read
