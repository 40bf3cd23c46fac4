"""`granted()` reads guardian's grant tables itself (guardian's `get_objects_for_user` costs most of
a signed-in home page). It must answer exactly as guardian does: grants given to the person and
to their groups, on this kind of object only, this grant only, and nothing for free to a
superuser. Within one request each grant is read once, until a grant is given or taken away."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from applications.models import Organisation
from commissioning.models import FundingRound
from commissioning.permissions import CRITERIA_GRANT, granted, granted_pks, grants_read_once
from tests.applications.factories import OrganisationFactory
from tests.commissioning.factories import FundingRoundFactory, UserFactory

pytestmark = pytest.mark.django_db

ORGANISATION_GRANT = "applications.act_for_organisation"


def guardian_says(user, perm, queryset):
    return set(get_objects_for_user(user, perm, klass=queryset, with_superuser=False, accept_global_perms=False))


@pytest.fixture
def rounds():
    return [FundingRoundFactory(title=f"Round {number}", slug=f"round-{number}") for number in range(4)]


def test_grants_to_the_person_and_to_their_groups_and_nothing_else(rounds):
    person, other = UserFactory(), UserFactory()
    group = Group.objects.create(name="Criteria helpers")
    person.groups.add(group)
    assign_perm(CRITERIA_GRANT, person, rounds[0])
    assign_perm(CRITERIA_GRANT, group, rounds[1])
    assign_perm(CRITERIA_GRANT, other, rounds[2])
    organisation = OrganisationFactory(pk=rounds[3].pk)  # the same number on another kind of object
    assign_perm(ORGANISATION_GRANT, person, organisation)

    everything = FundingRound.objects.all()
    assert set(granted(person, CRITERIA_GRANT, everything)) == {rounds[0], rounds[1]}
    assert set(granted(person, CRITERIA_GRANT, everything)) == guardian_says(person, CRITERIA_GRANT, everything)
    assert set(granted(other, CRITERIA_GRANT, everything)) == guardian_says(other, CRITERIA_GRANT, everything)
    assert set(granted(person, ORGANISATION_GRANT, Organisation.objects.all())) == {organisation}
    # The queryset's own filter still holds.
    assert set(granted(person, CRITERIA_GRANT, everything.exclude(pk=rounds[1].pk))) == {rounds[0]}


def test_a_superuser_gets_only_what_was_granted(rounds):
    superuser = UserFactory(administrator=True)
    assign_perm(CRITERIA_GRANT, superuser, rounds[0])

    assert set(granted(superuser, CRITERIA_GRANT, FundingRound.objects.all())) == {rounds[0]}


def test_visitors_hold_no_grants(rounds):
    from django.contrib.auth.models import AnonymousUser

    assert not granted(AnonymousUser(), CRITERIA_GRANT, FundingRound.objects.all()).exists()


def test_no_grants_cost_no_query_for_the_list(rounds):
    person = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        assert list(granted(person, CRITERIA_GRANT, FundingRound.objects.all())) == []
    assert len(queries) == 1  # the grant read, and no list query


def test_within_a_request_a_grant_is_read_once_until_one_is_given(rounds):
    person = UserFactory()
    with grants_read_once():
        assert granted_pks(person, CRITERIA_GRANT, FundingRound) == frozenset()
        with CaptureQueriesContext(connection) as queries:
            granted_pks(person, CRITERIA_GRANT, FundingRound)
        assert len(queries) == 0
        assign_perm(CRITERIA_GRANT, person, rounds[0])
        assert granted_pks(person, CRITERIA_GRANT, FundingRound) == {rounds[0].pk}
        remove_perm(CRITERIA_GRANT, person, rounds[0])
        assert granted_pks(person, CRITERIA_GRANT, FundingRound) == frozenset()


def test_a_grant_on_another_kind_of_object_is_a_mistake():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        granted(UserFactory(), CRITERIA_GRANT, Organisation.objects.all())
