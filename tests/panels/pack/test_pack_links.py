"""Where people find the pack: a member on their panel's page; staff on the panel's staff page,
one link per member who has accepted their seat."""

from django.urls import reverse

from panels.models import PanelMembership
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.factories import seat


def test_a_member_finds_their_pack_on_the_panel_page(member_client, panel):
    page = member_client.get(reverse("panels:panel_detail", args=[panel.pk])).content.decode()

    assert "Get your panel pack (PDF, for printing)" in page
    assert f'href="{reverse("panels:member_pack", args=[panel.pk])}"' in page


def test_staff_on_the_members_page_see_no_pack_of_their_own(client, facilitator, panel, member):
    client.force_login(facilitator)

    response = client.get(reverse("panels:panel_detail", args=[panel.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "The applications given to Panel A" in page
    assert "Get your panel pack" not in page
    assert reverse("panels:member_pack", args=[panel.pk]) not in page


def test_staff_print_a_pack_for_each_member_who_accepted(client, facilitator, panel, member):
    PanelMembership.objects.create(panel=panel, user=UserFactory(full_name="Ivy Invited"))
    client.force_login(facilitator)

    page = client.get(reverse("panels:panel_manage", args=[panel.pk])).content.decode()

    membership = PanelMembership.objects.get(panel=panel, user=member)
    assert "Print a pack for Pamela Panel" in page
    assert f'href="{reverse("panels:staff_member_pack", args=[panel.pk, membership.pk])}"' in page
    # An invitation not yet accepted gives no seat, so no pack.
    assert "Print a pack for Ivy Invited" not in page


def test_the_pack_links_cost_no_queries_per_member(client, facilitator, panel, member):
    client.force_login(facilitator)

    def more_members():
        for number in range(4):
            seat(UserFactory(full_name=f"Member {number}"), panel)
            PanelMembership.objects.create(panel=panel, user=UserFactory(full_name=f"Invited {number}"))

    assert_page_queries(client, reverse("panels:panel_manage", args=[panel.pk]), at_most=7, add_data=more_members)
