"""Staff see a round's panels (members, applications, hours for each member), how many
eligible applications are not yet with a panel, and create panels."""

import pytest
from django.urls import reverse

from applications.models import Application
from commissioning.models import AuditEvent
from panels.audit import Verb
from panels.models import Panel, PanelMembership
from tests.applications.factories import ApplicationFactory, open_round
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.factories import assign

from .staff_support import eligible


def setup_url(funding_round) -> str:
    return reverse("panels:panel_setup", args=[funding_round.slug])


@pytest.fixture
def funding_round(db):
    return open_round(title="New projects 2018", minutes_per_application=90)


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_see_each_panel_with_members_applications_and_hours(persona_client, funding_round, facilitator):
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    PanelMembership.objects.create(panel=panel, user=UserFactory())
    PanelMembership.objects.create(panel=panel, user=UserFactory(), status=PanelMembership.Status.ACCEPTED)
    PanelMembership.objects.create(panel=panel, user=UserFactory(), status=PanelMembership.Status.DECLINED)
    for _ in range(3):
        assign(panel, eligible(funding_round), facilitator)
    eligible(funding_round)
    ApplicationFactory(funding_round=funding_round, submitted=True, status=Application.Status.NOT_ELIGIBLE)

    response = persona_client.get(setup_url(funding_round))

    assert response.status_code == 200
    page = response.content.decode()
    row = page.split("Panel A")[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:4]] == ["2", "3", "4.5", "1"]
    assert "1 eligible application is not with a panel yet." in page


def test_the_fair_share_column_evens_out_the_panels(client, facilitator, funding_round):
    busy = Panel.objects.create(funding_round=funding_round, name="Panel A")
    Panel.objects.create(funding_round=funding_round, name="Panel B")
    for _ in range(4):
        assign(busy, eligible(funding_round), facilitator)
    for _ in range(6):
        eligible(funding_round)
    client.force_login(facilitator)

    page = client.get(setup_url(funding_round)).content.decode()

    shares = [page.split(name)[1].split("</tr>")[0].split("</td>")[3].split(">")[-1] for name in ("Panel A", "Panel B")]
    assert shares == ["1", "5"]  # both end with 5


def test_staff_create_a_panel_and_it_is_logged(client, facilitator, funding_round):
    client.force_login(facilitator)

    response = client.post(setup_url(funding_round), {"name": "  Panel   B ", "quorum": "4"})

    panel = Panel.objects.get(funding_round=funding_round)
    assert response.status_code == 302 and response.url == reverse("panels:panel_manage", args=[panel.pk])
    assert (panel.name, panel.quorum) == ("Panel B", 4)
    assert AuditEvent.objects.filter(verb=Verb.PANEL_CREATED).count() == 1


def test_a_duplicate_name_is_refused_plainly_and_what_was_typed_stays(client, facilitator, funding_round):
    Panel.objects.create(funding_round=funding_round, name="Panel A")
    client.force_login(facilitator)

    response = client.post(setup_url(funding_round), {"name": "panel a", "quorum": "5"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "This round already has a panel called ‘panel a’. Choose another name." in page
    assert 'value="panel a"' in page and 'value="5"' in page
    assert Panel.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "quorum": "3"}, "Enter the panel&#x27;s name"),
        ({"name": "Panel C", "quorum": "0"}, "The quorum must be at least 1"),
        ({"name": "Panel C", "quorum": "three"}, "Enter the quorum as a whole number, like 3"),
    ],
)
def test_bad_input_is_refused_plainly(client, facilitator, funding_round, data, message):
    client.force_login(facilitator)
    response = client.post(setup_url(funding_round), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Panel.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client, funding_round):
    response = client.get(setup_url(funding_round))
    assert response.status_code == 302
    assert response.url.startswith(reverse("commissioning:sign_in"))


@pytest.mark.parametrize("persona_client", ["applicant", "panel_member", "criteria_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, funding_round):
    assert persona_client.get(setup_url(funding_round)).status_code == 403
    assert persona_client.post(setup_url(funding_round), {"name": "X", "quorum": "3"}).status_code == 403
    assert not Panel.objects.exists()


def test_an_unknown_round_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("panels:panel_setup", args=["no-such-round"])).status_code == 404


def test_the_page_costs_the_same_queries_with_more_panels(client, facilitator, funding_round):
    client.force_login(facilitator)

    def more_panels():
        for number in range(5):
            panel = Panel.objects.create(funding_round=funding_round, name=f"Panel {number}")
            PanelMembership.objects.create(panel=panel, user=UserFactory())
            assign(panel, eligible(funding_round), facilitator)

    Panel.objects.create(funding_round=funding_round, name="First")
    assert_page_queries(client, setup_url(funding_round), at_most=5, add_data=more_panels)


def test_the_round_page_links_to_its_panels_from_eligibility_on(client, facilitator):
    from commissioning.models import FundingRound
    from tests.commissioning.factories import FundingRoundFactory

    client.force_login(facilitator)
    funding_round = FundingRoundFactory()
    page_url = reverse("commissioning:round_manage", args=[funding_round.slug])
    link = f'href="{reverse("panels:panel_setup", args=[funding_round.slug])}"'
    for status in FundingRound.Status:
        FundingRound.objects.filter(pk=funding_round.pk).update(status=status)
        page = client.get(page_url).content.decode()
        later = status not in ("draft", "criteria", "open")
        assert (link in page) is later, status
