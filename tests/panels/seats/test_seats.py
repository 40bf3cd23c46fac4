"""One source of truth for who sits on a panel: the membership's status. Removing a member,
leaving, declining and a role change to staff each end the seat in one service, which takes
the panel grant away with it; after that, no panel page opens and no action is taken, and the
member's votes stop counting."""

import pytest
from django.urls import reverse
from guardian.shortcuts import get_perms

from commissioning.models import AuditEvent, User
from commissioning.services import change_role
from panels import services
from panels.audit import Verb
from panels.models import REQUIRED_BEFORE_SCORING, Assessment, PanelMembership, ShortlistOutcome, Vote
from tests.commissioning.factories import UserFactory
from tests.panels.factories import seat
from tests.panels.views.conftest import criteria, declare

PANEL_PAGES = ["panel_detail", "panel_results", "panel_together", "shortlist", "interviews_panel", "decision_list"]
APPLICATION_PAGES = ["application_read", "application_score", "interest_declare", "application_discussion"]


def refused_everywhere(client, panel, application):
    """Every panel page answers 403 or 404, and scoring and voting are refused and change nothing."""
    for name in PANEL_PAGES:
        response = client.get(reverse(f"panels:{name}", args=[panel.pk]))
        assert response.status_code in (403, 404), f"GET {name}: {response.status_code}"
    for name in APPLICATION_PAGES:
        response = client.get(reverse(f"panels:{name}", args=[panel.pk, application.pk]))
        assert response.status_code in (403, 404), f"GET {name}: {response.status_code}"
    scores = {f"score_{criterion.pk}": "4" for criterion in criteria(application)}
    before = (Assessment.objects.count(), Vote.objects.count())
    response = client.post(reverse("panels:application_score", args=[panel.pk, application.pk]), scores)
    assert response.status_code in (403, 404)
    response = client.post(reverse("panels:shortlist_vote", args=[panel.pk, application.pk]), {"include": "yes"})
    assert response.status_code in (403, 404)
    assert (Assessment.objects.count(), Vote.objects.count()) == before


def test_a_member_sees_the_panel_before_removal(member_client, member, panel, application):
    # The check below is meaningful: the same pages open while the seat holds.
    declare(member, application)
    assert member_client.get(reverse("panels:panel_detail", args=[panel.pk])).status_code == 200
    assert member_client.get(reverse("panels:application_read", args=[panel.pk, application.pk])).status_code == 200


def test_a_removed_member_loses_every_panel_page_and_action(
    member_client, member, colleague, panel, application, facilitator
):
    declare(member, application)
    declare(colleague, application)
    panel.quorum = 1
    panel.save()
    services.shortlist.cast_shortlist_vote(actor=member, application=application, include=True)
    assert ShortlistOutcome.objects.get(application=application).include_votes == 1

    services.membership.remove_member(actor=facilitator, membership=member.panel_memberships.get(panel=panel))

    seat_row = member.panel_memberships.get(panel=panel)
    assert seat_row.status == PanelMembership.Status.REMOVED
    assert get_perms(member, panel) == []
    assert AuditEvent.objects.filter(verb=Verb.PANEL_MEMBER_REMOVED, data__member=member.email).exists()
    # Their vote stops counting at once.
    outcome = ShortlistOutcome.objects.get(application=application)
    assert (outcome.include_votes, outcome.outcome) == (0, ShortlistOutcome.Outcome.AWAITING)
    refused_everywhere(member_client, panel, application)


def test_a_member_who_leaves_loses_the_grant_and_it_is_logged(member, panel):
    services.membership.leave_panel(actor=member, membership=member.panel_memberships.get(panel=panel))
    assert member.panel_memberships.get(panel=panel).status == PanelMembership.Status.REMOVED
    assert get_perms(member, panel) == []
    assert AuditEvent.objects.filter(verb=Verb.PANEL_MEMBER_LEFT).exists()


def test_declining_leaves_no_grant(panel, facilitator):
    person = UserFactory()
    invitation = services.membership.invite_member(actor=facilitator, panel=panel, user=person)
    services.membership.decline(actor=person, membership=invitation)
    assert PanelMembership.objects.get(pk=invitation.pk).status == PanelMembership.Status.DECLINED
    assert get_perms(person, panel) == []


def test_a_role_switched_facilitator_loses_the_seat_and_every_panel_action(
    client, panel, application, facilitator, administrator
):
    # An administrator makes a facilitator a "person"; they are seated, declare and save a draft...
    switched = UserFactory(email="switched@example.org", role=User.Role.FACILITATOR)
    change_role(actor=administrator, user=switched, role=User.Role.PERSON)
    invitation = services.membership.invite_member(actor=facilitator, panel=panel, user=switched)
    membership = services.membership.answer_invitation(actor=switched, membership=invitation, accept=True)
    for module in REQUIRED_BEFORE_SCORING:
        services.membership.complete_induction(actor=switched, membership=membership, module=module)
    declare(switched, application)
    services.scoring.save_assessment(
        actor=switched,
        application=application,
        scores={criterion.pk: (3, "") for criterion in criteria(application)},
        overall_comment="",
        submit=False,
    )
    client.force_login(switched)
    assert client.get(reverse("panels:application_score", args=[panel.pk, application.pk])).status_code == 200

    # ...then to a person and back: the seat ends with the role change, logged.
    change_role(actor=administrator, user=switched, role=User.Role.PERSON)
    change_role(actor=administrator, user=switched, role=User.Role.FACILITATOR)

    assert PanelMembership.objects.get(pk=membership.pk).status == PanelMembership.Status.REMOVED
    assert get_perms(switched, panel) == []
    assert AuditEvent.objects.filter(verb=Verb.PANEL_SEAT_ENDED, data__member=switched.email).count() == 1
    # Back to "person" once more, they are still not on the panel: the seat does not come back.
    change_role(actor=administrator, user=switched, role=User.Role.PERSON)
    refused_everywhere(client, panel, application)


def test_a_role_change_to_staff_ends_criteria_group_places(criteria_member, administrator):
    from commissioning.permissions import CRITERIA_GRANT
    from tests.commissioning.factories import FundingRoundFactory, join_criteria_group

    place = join_criteria_group(criteria_member, FundingRoundFactory(criteria=True))
    assert CRITERIA_GRANT.split(".")[1] in get_perms(criteria_member, place.funding_round)
    change_role(actor=administrator, user=criteria_member, role=User.Role.FACILITATOR)
    assert not criteria_member.criteria_groups.exists()
    assert CRITERIA_GRANT.split(".")[1] not in get_perms(criteria_member, place.funding_round)
    assert AuditEvent.objects.filter(verb="commissioning.criteria_place_ended").exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("visitor", 302),
        ("applicant", 403),
        ("criteria_member", 403),
        ("panel_member", 403),
        ("facilitator", 302),
        ("administrator", 302),
    ],
)
def test_only_staff_can_remove_a_member(client, request, persona, expected, colleague, panel):
    user = request.getfixturevalue(persona)
    if persona == "panel_member":
        seat(user, panel)
    if user is not None:
        client.force_login(user)
    membership = colleague.panel_memberships.get(panel=panel)
    response = client.post(reverse("panels:member_remove", args=[panel.pk, membership.pk]))
    assert response.status_code == expected
    removed = PanelMembership.objects.get(pk=membership.pk).status == PanelMembership.Status.REMOVED
    assert removed == (persona in ("facilitator", "administrator"))


def test_staff_are_asked_before_a_member_is_removed(client, facilitator, colleague, panel):
    membership = colleague.panel_memberships.get(panel=panel)
    url = reverse("panels:member_remove", args=[panel.pk, membership.pk])
    client.force_login(facilitator)

    manage = client.get(reverse("panels:panel_manage", args=[panel.pk])).content.decode()
    assert f'href="{url}"' in manage
    page = client.get(url).content.decode()

    assert f"Remove {colleague.full_name} from the panel?" in page
    assert "their votes and scores will stop counting" in page
    # Asking changes nothing.
    assert (
        PanelMembership.objects.get(pk=membership.pk).status == PanelMembership.Status.ACCEPTED
    )  # asking changes nothing
    client.post(url)
    assert PanelMembership.objects.get(pk=membership.pk).status == PanelMembership.Status.REMOVED
    # Asked again for a seat that has ended: back to the panel, told so.
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("panels:panel_manage", args=[panel.pk])
    assert "is no longer on" in response.content.decode()
    assert f'href="{url}"' not in response.content.decode()
