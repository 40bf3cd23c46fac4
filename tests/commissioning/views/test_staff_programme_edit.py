"""Changing a programme's details: only what changed is saved and logged."""

import pytest
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent
from tests.commissioning.factories import ProgrammeFactory
from tests.helpers import assert_page_queries


def edit_url(programme) -> str:
    return reverse("commissioning:programme_edit", args=[programme.pk])


def programme_data(programme, **overrides):
    fields = ["name", "funder_name", "funder_rules", "accountability_note", "funder_org_id", "grant_id_prefix"]
    return {**{name: getattr(programme, name) for name in fields}, **overrides}


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_change_a_programme_and_the_change_is_logged(persona_client):
    programme = ProgrammeFactory()

    response = persona_client.post(edit_url(programme), programme_data(programme, name="Time to Shine 2"), follow=True)

    assert response.redirect_chain == [(reverse("commissioning:round_list"), 302)]
    assert "Your changes to ‘Time to Shine 2’ are saved." in response.content.decode()
    programme.refresh_from_db()
    assert programme.name == "Time to Shine 2"
    event = AuditEvent.objects.get(verb=Verb.PROGRAMME_UPDATED)
    assert event.data == {"changed": ["name"]}


def test_the_form_is_filled_in_with_what_is_stored(client, facilitator):
    client.force_login(facilitator)
    programme = ProgrammeFactory()
    page = client.get(edit_url(programme)).content.decode()
    assert 'value="Time to Shine"' in page
    assert 'value="GB-GOR-PB188"' in page
    assert "Grants must reduce loneliness" in page


def test_saving_without_changes_logs_nothing(client, facilitator):
    client.force_login(facilitator)
    programme = ProgrammeFactory()
    assert client.post(edit_url(programme), programme_data(programme)).status_code == 302
    assert not AuditEvent.objects.filter(verb=Verb.PROGRAMME_UPDATED).exists()


def test_an_empty_name_is_explained_and_nothing_stored_changes(client, facilitator):
    client.force_login(facilitator)
    programme = ProgrammeFactory()

    response = client.post(edit_url(programme), programme_data(programme, name="", funder_rules="New rules for all"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the programme&#x27;s name" in page
    assert "New rules for all" in page  # what was typed is still there
    programme.refresh_from_db()
    assert programme.name == "Time to Shine"
    assert programme.funder_rules.startswith("Grants must reduce loneliness")


def test_unknown_programme_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("commissioning:programme_edit", args=[999])).status_code == 404


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client):
    programme = ProgrammeFactory()
    assert persona_client.get(edit_url(programme)).status_code == 403
    response = persona_client.post(edit_url(programme), programme_data(programme, name="Taken over"))
    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.name == "Time to Shine"


def test_anonymous_is_sent_to_sign_in(client, db):
    url = edit_url(ProgrammeFactory())
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"


def test_programme_edit_query_count(client, facilitator):
    client.force_login(facilitator)
    assert_page_queries(client, edit_url(ProgrammeFactory()), at_most=3)
