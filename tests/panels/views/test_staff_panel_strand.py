"""Panels given a strand: in a round shared between strands, staff may give a panel one strand's
applications when they set it up; the staff pages say which."""

import pytest
from django.urls import reverse

from panels.models import Panel
from tests.applications.factories import open_round
from tests.commissioning.factories import add_strand


@pytest.fixture
def funding_round(db):
    return open_round(title="New projects 2018")


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


def setup_url(funding_round) -> str:
    return reverse("panels:panel_setup", args=[funding_round.slug])


def test_staff_give_a_new_panel_a_strand(staff_client, funding_round):
    add_strand(funding_round, "Connecting people", "700000")
    men = add_strand(funding_round, "Reaching isolated men", "400000")
    page = staff_client.get(setup_url(funding_round)).content.decode()
    assert "Which strand does this panel decide on?" in page
    assert "Any strand" in page
    response = staff_client.post(setup_url(funding_round), {"name": "Men's panel", "quorum": "3", "strand": men.pk})
    panel = Panel.objects.get()
    assert response.status_code == 302
    assert panel.strand == men
    manage = staff_client.get(reverse("panels:panel_manage", args=[panel.pk])).content.decode()
    assert "This panel decides on the strand “Reaching isolated men”." in manage
    assert "Strand: Reaching isolated men" in staff_client.get(setup_url(funding_round)).content.decode()


def test_a_strand_of_another_round_is_refused_on_the_page(staff_client, funding_round):
    add_strand(funding_round, "Connecting people", "700000")
    elsewhere = add_strand(open_round(title="Elsewhere"), "Elsewhere", "100000")
    response = staff_client.post(setup_url(funding_round), {"name": "Panel A", "quorum": "3", "strand": elsewhere.pk})
    assert response.status_code == 200
    assert "Choose one of this round" in response.content.decode()
    assert "Panel A" in response.content.decode()  # what was typed is kept
    assert not Panel.objects.exists()


def test_any_strand_leaves_the_panel_without_one(staff_client, funding_round):
    add_strand(funding_round, "Connecting people", "700000")
    staff_client.post(setup_url(funding_round), {"name": "Panel A", "quorum": "3", "strand": ""})
    assert Panel.objects.get().strand is None


def test_a_round_without_strands_does_not_ask(staff_client, funding_round):
    page = staff_client.get(setup_url(funding_round)).content.decode()
    assert "Panel name" in page
    assert "strand" not in page.lower()


def test_a_panel_given_a_strand_takes_only_that_strands_applications(funding_round, facilitator):
    from applications.models import Application
    from panels import services
    from panels.exceptions import PanelError
    from tests.panels.factories import eligible_application

    connecting = add_strand(funding_round, "Connecting people", "700000")
    men = add_strand(funding_round, "Reaching isolated men", "400000")
    panel = services.membership.create_panel(actor=facilitator, funding_round=funding_round, name="Men", strand=men)
    theirs, other = eligible_application(funding_round), eligible_application(funding_round)
    Application.objects.filter(pk=theirs.pk).update(strand=men)
    Application.objects.filter(pk=other.pk).update(strand=connecting)
    theirs.refresh_from_db()
    other.refresh_from_db()
    assert services.membership.assign_application(actor=facilitator, panel=panel, application=theirs)
    with pytest.raises(PanelError, match="decides on one strand only"):
        services.membership.assign_application(actor=facilitator, panel=panel, application=other)
