"""The deciding screens' links in the shared pages: the member's panel page (from the decision
stage on) and the staff panel page."""

from django.urls import reverse

from commissioning.models import FundingRound


def test_the_panel_page_links_to_deciding_from_the_decision_stage_on(member_client, panel, funding_round):
    link = reverse("panels:decision_list", args=[panel.pk])
    assert link in member_client.get(panel.get_absolute_url()).content.decode()
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.INTERVIEWS)
    assert link not in member_client.get(panel.get_absolute_url()).content.decode()
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.CLOSED)
    page = member_client.get(panel.get_absolute_url()).content.decode()
    assert link in page and "See the panel’s decisions" in page


def test_the_staff_panel_page_links_to_the_decisions(client, facilitator, panel):
    client.force_login(facilitator)
    page = client.get(reverse("panels:panel_manage", args=[panel.pk])).content.decode()
    assert reverse("panels:panel_decisions", args=[panel.pk]) in page
