"""Panel members find their work on the home page: an invitation to answer, or progress in words."""

from django.urls import reverse

from panels.models import Assessment, Panel, PanelMembership

from .factories import assign, eligible_application, seat, shortlisting_round


def test_members_see_their_invitation_and_their_progress_on_the_home_page(client, panel_member, facilitator, db):
    funding_round = shortlisting_round()
    panel_a = Panel.objects.create(funding_round=funding_round, name="Panel A")
    panel_b = Panel.objects.create(funding_round=funding_round, name="Panel B")
    membership = seat(panel_member, panel_a)
    for _ in range(3):
        assign(panel_a, eligible_application(funding_round), facilitator)
    first = panel_a.assignments.first().application
    Assessment.objects.create(
        membership=membership, application=first, status="submitted", submitted_at=first.submitted_at
    )
    PanelMembership.objects.create(panel=panel_b, user=panel_member)

    client.force_login(panel_member)
    page = client.get(reverse("commissioning:home")).content.decode()
    assert "Your work on Panel A (New projects 2018)" in page
    assert "1 of 3 applications scored." in page
    assert f'href="{reverse("panels:invitation_answer", args=[panel_b.pk])}"' in page
    assert "Answer your invitation to Panel B" in page
    assert "Nothing needs your attention just now." not in page


def test_declined_invitations_leave_the_list(client, panel_member, db):
    panel = Panel.objects.create(funding_round=shortlisting_round(), name="Panel C")
    PanelMembership.objects.create(panel=panel, user=panel_member, status="declined")
    client.force_login(panel_member)
    assert "Panel C" not in client.get(reverse("commissioning:home")).content.decode()
