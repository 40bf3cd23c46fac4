"""When conflicts of interest leave fewer members who can take part than the panel's quorum on
an application, the panel is told (its page and its results) and so are staff (panel_manage).
Counted for every application in one query, as `PanelMembership.objects.taking_part_in` counts."""

from django.urls import reverse

from panels import services
from panels.lookups import with_members_who_can_take_part
from panels.models import Panel, PanelMembership
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_max_queries
from tests.panels.factories import seat

from .conftest import add_application, declare

WARNING = "fewer members than the quorum of 2"


def conflicted_panel(panel, member, colleague, application, facilitator):
    """Quorum 2, two members: the colleague's conflict leaves one on `application`."""
    Panel.objects.filter(pk=panel.pk).update(quorum=2)
    panel.refresh_from_db()
    declare(colleague, application, conflict=True)
    fine = add_application(panel, facilitator)
    declare(colleague, fine)
    return fine


def test_the_panel_is_told_on_its_page_and_its_results(
    member_client, member, colleague, panel, application, facilitator
):
    fine = conflicted_panel(panel, member, colleague, application, facilitator)
    for name in ("panels:panel_detail", "panels:panel_results"):
        page = member_client.get(reverse(name, args=[panel.pk])).content.decode()
        warning = page.split('id="below-quorum"')[1].split("</div>")[0]
        assert WARNING in warning, name
        assert f"{application.organisation.name} (1 can take part)" in warning
        assert fine.organisation.name not in warning


def test_staff_are_told_on_the_panel_page(client, facilitator, member, colleague, panel, application):
    conflicted_panel(panel, member, colleague, application, facilitator)
    client.force_login(facilitator)
    page = client.get(reverse("panels:panel_manage", args=[panel.pk])).content.decode()
    assert "Conflicts of interest leave fewer members than the quorum of 2" in page
    row = page.split(f'<td class="govuk-table__cell">{application.reference}</td>')[1].split("</tr>")[0]
    assert "1" in row and "Below quorum" in row


def test_no_notice_while_enough_members_can_take_part(member_client, member, colleague, panel, application):
    Panel.objects.filter(pk=panel.pk).update(quorum=2)
    declare(colleague, application)
    response = member_client.get(reverse("panels:panel_detail", args=[panel.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The applications given to Panel A" in page
    assert application.organisation.name in page
    assert 'id="below-quorum"' not in page
    assert "fewer members than the quorum" not in page


def test_a_conflict_staff_record_counts_too(member_client, member, colleague, panel, application, facilitator):
    Panel.objects.filter(pk=panel.pk).update(quorum=2)
    colleague_seat = PanelMembership.objects.get(user=colleague, panel=panel)
    services.membership.record_known_conflict(
        actor=facilitator, membership=colleague_seat, application=application, nature="Trustee"
    )
    assert WARNING in member_client.get(reverse("panels:panel_detail", args=[panel.pk])).content.decode()


def test_the_count_for_every_application_agrees_with_the_service_in_one_query(panel, member, colleague, facilitator):
    applications = [add_application(panel, facilitator) for _ in range(4)]
    declare(member, applications[0], conflict=True)
    declare(colleague, applications[0], conflict=True)
    declare(colleague, applications[1], conflict=True)
    declare(member, applications[2])
    PanelMembership.objects.create(panel=panel, user=UserFactory())  # invited: does not count
    declined = PanelMembership.objects.create(panel=panel, user=UserFactory(), status="declined")
    declined.declarations.create(application=applications[3], has_conflict=True, nature="x", recorded_by=facilitator)
    with assert_max_queries(1):
        counted = {
            a.application_id: a.members_who_can_take_part
            for a in with_members_who_can_take_part(panel.assignments.all())
        }
    assert counted == {a.pk: PanelMembership.objects.taking_part_in(a).count() for a in applications}
    assert [counted[a.pk] for a in applications] == [0, 1, 2, 2]


def test_a_panel_with_nobody_accepted_yet_counts_zero(panel, facilitator):
    application = add_application(panel, facilitator)
    seat(UserFactory(), Panel.objects.create(funding_round=panel.funding_round, name="Panel B"))
    (row,) = with_members_who_can_take_part(panel.assignments.all())
    assert row.members_who_can_take_part == 0 == PanelMembership.objects.taking_part_in(application).count()
