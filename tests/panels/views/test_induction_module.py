"""Induction: five short plain-English modules, each marked done by the member."""

import pytest
from django.urls import reverse

from commissioning.models import AuditEvent
from panels.audit import Verb
from panels.models import InductionCompletion, InductionModule
from tests.commissioning.factories import UserFactory
from tests.panels.factories import seat


def url(panel, module):
    return reverse("panels:induction_module", args=[panel.pk, module])


@pytest.fixture
def newcomer(panel):
    person = UserFactory(email="new.volunteer@example.org")
    seat(person, panel, inducted=False)
    return person


@pytest.mark.parametrize("module", InductionModule.values)
def test_every_module_has_its_own_content_and_a_button(client, newcomer, panel, module):
    client.force_login(newcomer)
    page = client.get(url(panel, module)).content.decode()
    assert InductionModule(module).label in page
    assert "I have read this" in page


def test_marking_a_module_done_is_saved_and_logged(client, newcomer, panel):
    client.force_login(newcomer)
    response = client.post(url(panel, "equality"), follow=True)
    assert response.redirect_chain[-1][0] == panel.get_absolute_url()
    assert "You have finished “Equality and diversity”" in response.content.decode()
    assert InductionCompletion.objects.filter(membership__user=newcomer, module="equality").exists()
    assert AuditEvent.objects.filter(verb=Verb.INDUCTION_COMPLETED, actor=newcomer).exists()
    assert "I have read this" not in client.get(url(panel, "equality")).content.decode()


def test_an_unknown_module_is_not_found(client, newcomer, panel):
    client.force_login(newcomer)
    assert client.get(url(panel, "knitting")).status_code == 404


def test_an_outsider_is_not_found(client, outsider, panel):
    client.force_login(outsider)
    assert client.get(url(panel, "process")).status_code == 404


def test_staff_read_but_cannot_mark_a_module_done_for_themselves(client, facilitator, panel):
    client.force_login(facilitator)
    response = client.get(url(panel, "process"))
    assert response.status_code == 200 and "I have read this" not in response.content.decode()
    assert client.post(url(panel, "process")).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client, panel):
    response = client.get(url(panel, "process"))
    assert response.status_code == 302 and reverse("commissioning:sign_in") in response.url
