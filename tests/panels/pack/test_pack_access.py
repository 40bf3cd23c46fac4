"""Who may print a pack: the member it was made for, and staff printing it for them. Outsiders
do not learn the panel exists (404); another member is refused with the reason (403). Each
request costs the same number of queries however many applications the panel has."""

import time

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from commissioning.models import AuditEvent
from panels.audit import Verb
from panels.models import Panel, PanelMembership
from panels.services.pack import print_pack
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.factories import seat
from tests.pdfs import pdf_info, pdf_text

from .conftest import declare, make_application


def staff_url(panel, membership):
    return reverse("panels:staff_member_pack", args=[panel.pk, membership.pk])


def seat_of(user, panel):
    return PanelMembership.objects.get(user=user, panel=panel)


def test_signed_out_people_are_asked_to_sign_in(client, panel, member):
    response = client.get(reverse("panels:member_pack", args=[panel.pk]))

    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_staff_print_a_members_pack_with_the_members_view(client, facilitator, panel, member, applications):
    client.force_login(facilitator)

    response = client.get(staff_url(panel, seat_of(member, panel)))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="panel-a-pack-pamela-panel.pdf"'
    text = pdf_text(response.content)
    assert "For Pamela Panel." in text
    assert "Our tea dances bring forty people together" in text
    # Printing for the member shows what the member may read: never the conflicted one.
    assert "Armley Lunch Club" not in text
    event = AuditEvent.objects.get(verb=Verb.PANEL_PACK_DOWNLOADED)
    assert event.actor == facilitator
    assert event.data["member"] == member.email


def test_a_member_cannot_print_a_colleagues_pack(member_client, panel, colleague, applications):
    response = member_client.get(staff_url(panel, seat_of(colleague, panel)))

    assert response.status_code == 403
    assert "A panel pack is for the member it was made for." in response.content.decode()
    assert not AuditEvent.objects.filter(verb=Verb.PANEL_PACK_DOWNLOADED).exists()


def test_a_colleague_gets_their_own_pack_not_the_members(client, panel, member, colleague, applications):
    client.force_login(colleague)

    text = pdf_text(client.get(reverse("panels:member_pack", args=[panel.pk])).content)

    assert "For Colin Colleague." in text
    # The colleague has declared nothing yet: three declaration sheets, no answers.
    assert "Our tea dances" not in text
    assert "Declaration of interests Leeds Tea Dance Club" in text
    assert "Declaration of interests Armley Lunch Club" in text


@pytest.mark.parametrize("persona", ["applicant", "outsider"])
def test_people_outside_the_panel_are_told_it_does_not_exist(client, request, panel, member, applications, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("panels:member_pack", args=[panel.pk])).status_code == 404
    assert client.get(staff_url(panel, seat_of(member, panel))).status_code == 404


def test_staff_have_no_pack_of_their_own(client, facilitator, panel):
    client.force_login(facilitator)

    response = client.get(reverse("panels:member_pack", args=[panel.pk]))

    assert response.status_code == 403
    assert "Staff print one for a member from the panel" in response.content.decode()


def test_a_seat_on_another_panel_or_an_unanswered_invitation_is_not_found(client, facilitator, panel, funding_round):
    other_panel = Panel.objects.create(funding_round=funding_round, name="Panel B")
    elsewhere = seat(UserFactory(full_name="Edna Elsewhere"), other_panel)
    invited = PanelMembership.objects.create(panel=panel, user=UserFactory(full_name="Ivy Invited"))
    client.force_login(facilitator)

    assert client.get(staff_url(panel, elsewhere)).status_code == 404
    assert client.get(staff_url(panel, invited)).status_code == 404


def test_a_pack_costs_the_same_queries_however_many_applications(member_client, panel, member, facilitator):
    declare(member, make_application(panel, facilitator, "Leeds Tea Dance Club", "Tea dances", "Tea dance answer."))

    def more_applications():
        for number in range(3):
            readable = make_application(panel, facilitator, f"Reader {number}", "Project", "Readable answer.")
            declare(member, readable)
            conflicted = make_application(panel, facilitator, f"Conflict {number}", "Project", "Hidden answer.")
            declare(member, conflicted, conflict=True)
            make_application(panel, facilitator, f"Undeclared {number}", "Project", "Not yet.")

    assert_page_queries(
        member_client, reverse("panels:member_pack", args=[panel.pk]), at_most=14, add_data=more_applications
    )


def test_a_nineteen_application_pack_is_printed_in_reasonable_time(member_client, panel, member, facilitator):
    """The largest panel in the Time to Shine programme had 19 applications. The time is
    printed (run with -s to see it); the bound is generous, for busy test machines."""
    for number in range(19):
        application = make_application(
            panel, facilitator, f"Organisation {number:02d}", f"Project {number}", "A paragraph of answer. " * 40
        )
        declare(member, application)
    url = reverse("panels:member_pack", args=[panel.pk])

    started = time.perf_counter()
    response = member_client.get(url)
    seconds = time.perf_counter() - started

    pages = int(pdf_info(response.content)["Pages"])
    print(f"\nA 19-application panel pack: {pages} pages in {seconds:.1f} seconds")
    assert "Your scores for Organisation 18" in pdf_text(response.content)
    assert seconds < 60


def test_the_pack_service_itself_refuses_a_colleague(panel, member, colleague):
    with pytest.raises(PermissionDenied, match="A panel pack is for the member it was made for."):
        print_pack(actor=colleague, membership=seat_of(member, panel))
