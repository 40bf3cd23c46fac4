"""Taking a word off the plain-English list: a button per row, logged."""

import pytest
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent, JargonTerm
from commissioning.plain_english import DEFAULT_JARGON


@pytest.fixture(autouse=True)
def plain_english_list(db):
    """The word list the migration loads. A browser test elsewhere may have emptied the tables
    (transactional tests flush them), so each test here puts the list back."""
    for term, plainer in DEFAULT_JARGON:
        JargonTerm.objects.get_or_create(term=term, defaults={"plainer": plainer})


def remove_url(jargon) -> str:
    return reverse("commissioning:jargon_remove", args=[jargon.pk])


@pytest.fixture
def jargon(db):
    return JargonTerm.objects.get(term="utilise")


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_remove_a_word_and_it_is_logged(persona_client, jargon):
    response = persona_client.post(remove_url(jargon), follow=True)

    assert response.redirect_chain == [(reverse("commissioning:jargon_list"), 302)]
    assert "“utilise” is no longer on the list." in response.content.decode()
    assert not JargonTerm.objects.filter(term="utilise").exists()
    event = AuditEvent.objects.get(verb=Verb.JARGON_UPDATED)
    assert event.data == {"removed": "utilise"}


def test_get_is_not_allowed(client, facilitator, jargon):
    client.force_login(facilitator)
    assert client.get(remove_url(jargon)).status_code == 405
    assert JargonTerm.objects.filter(pk=jargon.pk).exists()


def test_unknown_word_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.post(reverse("commissioning:jargon_remove", args=[99999])).status_code == 404


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, jargon):
    response = persona_client.post(remove_url(jargon))
    assert response.status_code == 403
    assert b"Only staff facilitators can see this page." in response.content
    assert JargonTerm.objects.filter(pk=jargon.pk).exists()


def test_anonymous_is_sent_to_sign_in(client, jargon):
    url = remove_url(jargon)
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"
    assert JargonTerm.objects.filter(pk=jargon.pk).exists()
