"""The set-up most panel tests share: a panel at shortlisting with an application, a seated and
inducted member (Pamela Panel, the panel_member persona) and a colleague (Colin Colleague).
Folders with other needs (decisions, say) define their own fixtures of the same names."""

import pytest

from panels.models import Panel
from tests.commissioning.factories import UserFactory
from tests.panels.factories import assign, eligible_application, seat, shortlisting_round


@pytest.fixture
def funding_round(db):
    return shortlisting_round()


@pytest.fixture
def panel(funding_round):
    return Panel.objects.create(funding_round=funding_round, name="Panel A")


@pytest.fixture
def application(panel, facilitator):
    application = eligible_application(panel.funding_round)
    assign(panel, application, facilitator)
    return application


@pytest.fixture
def member(panel_member, panel):
    seat(panel_member, panel)
    return panel_member


@pytest.fixture
def colleague(panel):
    person = UserFactory(email="colleague.volunteer@example.org", full_name="Colin Colleague")
    seat(person, panel)
    return person


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
