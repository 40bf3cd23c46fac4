"""Reasonable adjustments (a paper pack, large print, extra time, a named person to call):
staff arrange and remove them per member; panel_manage lists them; the member sees their own on
the panel page ("Support arranged for you"); other members never see them."""

import pytest
from django.urls import reverse

from commissioning.models import AuditEvent
from panels.audit import Verb
from panels.models import Adjustment, Panel, PanelMembership
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.factories import seat

ADD = "panels:adjustment_add"


def add_url(panel):
    return reverse(ADD, args=[panel.pk])


def remove_url(adjustment):
    return reverse("panels:adjustment_remove", args=[adjustment.membership.panel_id, adjustment.pk])


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


def seat_of(user, panel):
    return PanelMembership.objects.get(user=user, panel=panel)


def arrange(user, panel, facilitator, kind="large_print", details="14 point at least"):
    return Adjustment.objects.create(
        membership=seat_of(user, panel), kind=kind, details=details, recorded_by=facilitator
    )


def test_staff_arrange_support_and_see_it_listed(staff_client, facilitator, member, panel):
    data = {"membership": seat_of(member, panel).pk, "kind": "named_contact", "details": "Fiona, 0161 496 0000"}
    response = staff_client.post(add_url(panel), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("panels:panel_manage", args=[panel.pk])
    page = response.content.decode()
    assert f"A named person to call is arranged for {member.full_name}." in page
    support = page.split(">Support for members</h2>")[1]
    assert member.full_name in support and "Fiona, 0161 496 0000" in support
    adjustment = Adjustment.objects.get()
    assert adjustment.kind == "named_contact" and adjustment.recorded_by == facilitator
    assert AuditEvent.objects.filter(verb=Verb.ADJUSTMENT_RECORDED, actor=facilitator).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"membership": ""}, "Choose the member the support is for"),
        ({"kind": ""}, "Choose the support arranged"),
        ({"kind": "a_limousine"}, "Choose one of the kinds of support listed"),
        ({"kind": "named_contact", "details": ""}, "Give the name and phone number of the person to call"),
        ({"kind": "other", "details": "  "}, "Say what support is arranged"),
        ({"details": "x" * 1001}, "Keep the details to 1,000 characters or fewer"),
        ({"membership": "999999"}, "Choose a member of this panel"),
    ],
)
def test_wrong_input_is_refused_plainly(staff_client, member, panel, change, message):
    data = {"membership": seat_of(member, panel).pk, "kind": "large_print", "details": "Posted a week early"} | change
    response = staff_client.post(add_url(panel), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    if "details" not in change:
        assert "Posted a week early" in page
    assert not Adjustment.objects.exists()


def test_a_member_of_another_panel_is_a_wrong_choice(staff_client, panel, funding_round):
    stranger = seat(UserFactory(), Panel.objects.create(funding_round=funding_round, name="Panel B"))
    response = staff_client.post(add_url(panel), {"membership": stranger.pk, "kind": "extra_time"})
    assert "Choose a member of this panel" in response.content.decode()
    assert not Adjustment.objects.exists()


def test_removing_asks_first_then_removes_and_logs(staff_client, facilitator, member, panel):
    adjustment = arrange(member, panel, facilitator)
    page = staff_client.get(remove_url(adjustment)).content.decode()
    assert "Remove this support?" in page and "14 point at least" in page
    assert Adjustment.objects.exists()
    response = staff_client.post(remove_url(adjustment), follow=True)
    assert f"Large print for {member.full_name} is removed." in response.content.decode()
    assert not Adjustment.objects.exists()
    assert AuditEvent.objects.filter(verb=Verb.ADJUSTMENT_REMOVED, actor=facilitator).exists()


def test_support_of_another_panel_is_not_found_here(staff_client, facilitator, panel, funding_round):
    other = Panel.objects.create(funding_round=funding_round, name="Panel B")
    stranger = UserFactory()
    seat(stranger, other)
    adjustment = arrange(stranger, other, facilitator)
    url = reverse("panels:adjustment_remove", args=[panel.pk, adjustment.pk])
    assert staff_client.post(url).status_code == 404
    assert Adjustment.objects.exists()


def test_the_member_sees_their_own_support_and_nobody_else_does(client, facilitator, member, colleague, panel):
    arrange(member, panel, facilitator, kind="paper_pack", details="Posted to her home address")
    client.force_login(member)
    page = client.get(reverse("panels:panel_detail", args=[panel.pk])).content.decode()
    assert "Support arranged for you" in page
    assert "A paper pack: Posted to her home address" in page
    client.force_login(colleague)
    for name in ("panels:panel_detail", "panels:panel_results", "panels:panel_list"):
        args = [panel.pk] if name != "panels:panel_list" else []
        page = client.get(reverse(name, args=args)).content.decode()
        assert "Posted to her home address" not in page and "Support arranged" not in page, name


@pytest.mark.parametrize("persona_client", ["applicant", "panel_member", "outsider"], indirect=True)
def test_only_staff_arrange_or_remove_support(persona_client, facilitator, member, panel):
    adjustment = arrange(member, panel, facilitator)
    assert persona_client.get(add_url(panel)).status_code == 403
    assert (
        persona_client.post(add_url(panel), {"membership": adjustment.membership_id, "kind": "extra_time"}).status_code
        == 403
    )
    assert persona_client.post(remove_url(adjustment)).status_code == 403
    assert Adjustment.objects.count() == 1


def test_a_member_cannot_remove_their_own_support_here(member_client, facilitator, member, panel):
    adjustment = arrange(member, panel, facilitator)
    assert member_client.post(remove_url(adjustment)).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client, facilitator, member, panel):
    adjustment = arrange(member, panel, facilitator)
    for url in (add_url(panel), remove_url(adjustment)):
        response = client.get(url)
        assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url


def test_unknown_panel_or_support_is_not_found(staff_client, panel):
    assert staff_client.get(reverse(ADD, args=[999999])).status_code == 404
    assert staff_client.get(reverse("panels:adjustment_remove", args=[panel.pk, 999999])).status_code == 404


def test_the_pages_cost_the_same_queries_as_support_grows(staff_client, facilitator, member, panel):
    adjustment = arrange(member, panel, facilitator)

    def more():
        for _ in range(3):
            arrange(seat(UserFactory(), panel).user, panel, facilitator, kind="extra_time")

    assert_page_queries(staff_client, add_url(panel), at_most=6, add_data=more)
    assert_page_queries(staff_client, remove_url(adjustment), at_most=6)
    assert_page_queries(staff_client, reverse("panels:panel_manage", args=[panel.pk]), at_most=7, add_data=more)
