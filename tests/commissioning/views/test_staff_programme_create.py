"""Setting up a programme: the funder's money for a purpose, which holds the funding rounds."""

import pytest
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent, Programme
from tests.helpers import assert_page_queries

PROGRAMME_CREATE = reverse("commissioning:programme_create")


def programme_data(**overrides):
    return {
        "name": "Time to Shine",
        "funder_name": "The National Lottery Community Fund",
        "funder_rules": "Grants must reduce loneliness among people aged 50 and over in Leeds.",
        "accountability_note": "Show that older people made every decision.",
        "funder_org_id": "GB-GOR-PB188",
        "grant_id_prefix": "360G-tts",
        **overrides,
    }


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_set_up_a_programme_and_it_is_logged(persona_client, request):
    response = persona_client.post(PROGRAMME_CREATE, programme_data(), follow=True)

    assert response.redirect_chain == [(reverse("commissioning:round_list"), 302)]
    programme = Programme.objects.get()
    assert programme.name == "Time to Shine"
    assert programme.funder_org_id == "GB-GOR-PB188"
    assert "‘Time to Shine’ is set up. You can now add its funding rounds." in response.content.decode()
    event = AuditEvent.objects.get(verb=Verb.PROGRAMME_CREATED)
    assert event.actor == request.getfixturevalue(request.node.callspec.params["persona_client"])
    assert event.target == programme


def test_the_optional_details_can_be_left_empty(client, facilitator):
    client.force_login(facilitator)
    data = programme_data(funder_rules="", accountability_note="", funder_org_id="", grant_id_prefix="")
    assert client.post(PROGRAMME_CREATE, data).status_code == 302
    assert Programme.objects.get().funder_rules == ""


def test_the_form_asks_for_each_detail_in_plain_words(client, facilitator):
    client.force_login(facilitator)
    page = client.get(PROGRAMME_CREATE).content.decode()
    assert "Set up a new programme" in page
    for label in ["Programme name", "Funder's name", "The funder's rules (optional)"]:
        assert label in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Enter the programme&#x27;s name"),
        ("funder_name", "  ", "Enter the funder&#x27;s name"),
        ("name", "x" * 201, "The programme&#x27;s name must be 200 characters or fewer"),
        ("funder_org_id", "x" * 101, "The organisation identifier must be 100 characters or fewer"),
    ],
)
def test_bad_input_is_explained_and_nothing_typed_is_lost(client, facilitator, field, value, message):
    client.force_login(facilitator)
    response = client.post(PROGRAMME_CREATE, programme_data(**{field: value}))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<div class="govuk-error-summary"' in page
    assert message in page
    assert "Show that older people made every decision." in page  # what was typed is still there
    assert not Programme.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.PROGRAMME_CREATED).exists()


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client):
    assert persona_client.get(PROGRAMME_CREATE).status_code == 403
    response = persona_client.post(PROGRAMME_CREATE, programme_data())
    assert response.status_code == 403
    assert b"Only staff facilitators can see this page." in response.content
    assert not Programme.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.post(PROGRAMME_CREATE, programme_data())
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={PROGRAMME_CREATE}"
    assert not Programme.objects.exists()


def test_programme_create_query_count(client, facilitator):
    client.force_login(facilitator)
    assert_page_queries(client, PROGRAMME_CREATE, at_most=2)


def test_a_refusal_from_the_model_is_put_beside_its_field(client, facilitator, monkeypatch):
    """Whatever the model's full_clean() refuses when the service saves is shown like any other error."""
    from django.core.exceptions import ValidationError

    from commissioning import services

    client.force_login(facilitator)

    def refuse(**kwargs):
        raise ValidationError({"funder_name": "This funder is not known", "created_at": "Something else went wrong"})

    monkeypatch.setattr(services, "create_programme", refuse)
    response = client.post(PROGRAMME_CREATE, programme_data())

    page = response.content.decode()
    assert '<a href="#id_funder_name">This funder is not known</a>' in page
    assert '<a href="#id_name">Something else went wrong</a>' in page  # not a field on the form: at the top
    assert 'value="GB-GOR-PB188"' in page
