"""Your panels: each with the honest time it asks, the shortlisting dates and your progress in words."""

from django.urls import reverse

from panels.models import PanelMembership
from tests.helpers import assert_page_queries
from tests.panels.factories import seat

from .conftest import add_application, declare, submit_scores

URL = reverse("panels:panel_list")


def test_a_member_sees_their_panel_with_time_dates_and_progress(member_client, member, panel, application, facilitator):
    for _ in range(18):
        add_application(panel, facilitator)
    panel.funding_round.minutes_per_application = 90
    panel.funding_round.save(update_fields=["minutes_per_application"])
    declare(member, application)
    submit_scores(member, application)
    response = member_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Panel A" in page and panel.funding_round.title in page
    assert "about 28 hours (19 applications × 90 minutes)" in page
    assert "1 of 19 applications scored" in page
    shortlisting = panel.funding_round.stages.get(kind="shortlisting")
    assert f"{shortlisting.starts_on:%-d %B %Y}" in page


def test_at_the_interviews_the_dates_shown_are_the_interviews(member_client, panel):
    from commissioning.models import FundingRound

    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.INTERVIEWS)
    page = member_client.get(URL).content.decode()
    interviews = panel.funding_round.stages.get(kind="interviews")
    assert '<dt class="govuk-summary-list__key">Interviews</dt>' in page
    assert f"From {interviews.starts_on:%A %-d %B %Y}" in page


def test_an_invitation_shows_with_a_link_to_answer_it(client, outsider, panel, application):
    PanelMembership.objects.create(panel=panel, user=outsider)
    client.force_login(outsider)
    page = client.get(URL).content.decode()
    assert reverse("panels:invitation_answer", args=[panel.pk]) in page
    assert "about 1.5 hours (1 application × 90 minutes)" in page


def test_a_declined_invitation_is_not_listed(client, outsider, panel):
    PanelMembership.objects.create(panel=panel, user=outsider, status=PanelMembership.Status.DECLINED)
    client.force_login(outsider)
    assert "Panel A" not in client.get(URL).content.decode()


def test_someone_on_no_panel_is_told_so(client, outsider):
    client.force_login(outsider)
    assert "You are not on a panel" in client.get(URL).content.decode()


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url


def test_the_list_costs_the_same_queries_with_more_panels(member_client, member, panel, funding_round, facilitator):
    from panels.models import Panel

    def more():
        for name in ("Panel B", "Panel C"):
            other = Panel.objects.create(funding_round=funding_round, name=name)
            seat(member, other)
            add_application(other, facilitator)

    count = assert_page_queries(member_client, URL, at_most=8, add_data=more)
    print(f"panel_list: {count} queries")
