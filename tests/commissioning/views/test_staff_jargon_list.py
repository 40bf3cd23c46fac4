"""The plain-English word list: words staff should avoid, each with plainer ones. Staff add to it here."""

import pytest
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent, JargonTerm
from commissioning.plain_english import DEFAULT_JARGON
from tests.helpers import assert_page_queries

JARGON_LIST = reverse("commissioning:jargon_list")


@pytest.fixture(autouse=True)
def plain_english_list(db):
    """The word list the migration loads. A browser test elsewhere may have emptied the tables
    (transactional tests flush them), so each test here puts the list back."""
    for term, plainer in DEFAULT_JARGON:
        JargonTerm.objects.get_or_create(term=term, defaults={"plainer": plainer})


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_see_the_list_with_a_plainer_word_for_each(persona_client):
    response = persona_client.get(JARGON_LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<td class="govuk-table__cell">utilise</td>' in page
    assert '<td class="govuk-table__cell">use</td>' in page
    assert f"The list ({JargonTerm.objects.count()} words)" in page
    for jargon in JargonTerm.objects.all():
        assert reverse("commissioning:jargon_remove", args=[jargon.pk]) in page


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_add_a_word_and_it_is_logged(persona_client):
    response = persona_client.post(
        JARGON_LIST, {"term": "  Holistic  Approach ", "plainer": "whole-person"}, follow=True
    )

    assert response.redirect_chain == [(JARGON_LIST, 302)]
    assert "“holistic approach” is on the list." in response.content.decode()
    assert JargonTerm.objects.get(term="holistic approach").plainer == "whole-person"
    event = AuditEvent.objects.get(verb=Verb.JARGON_UPDATED)
    assert event.data == {"added": "holistic approach"}


@pytest.mark.parametrize("typed", ["utilise", "Utilise", " UTILISE "])
def test_a_word_already_on_the_list_is_refused(client, facilitator, typed):
    client.force_login(facilitator)
    count = JargonTerm.objects.count()

    response = client.post(JARGON_LIST, {"term": typed, "plainer": "make use of"})

    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_term">This word is already on the list</a>' in page
    assert 'value="make use of"' in page  # what was typed is still there
    assert JargonTerm.objects.count() == count
    assert JargonTerm.objects.get(term="utilise").plainer == "use"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"term": "", "plainer": "help"}, "Enter the word or phrase to avoid"),
        ({"term": "empower", "plainer": "  "}, "Enter plainer words to use instead"),
        ({"term": "x" * 101, "plainer": "help"}, "The word or phrase must be 100 characters or fewer"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_added(client, facilitator, data, message):
    client.force_login(facilitator)
    count = JargonTerm.objects.count()
    response = client.post(JARGON_LIST, data)
    assert response.status_code == 200
    assert response.content.decode().count(message) == 2
    assert JargonTerm.objects.count() == count
    assert not AuditEvent.objects.filter(verb=Verb.JARGON_UPDATED).exists()


def test_an_added_word_is_found_by_the_plain_english_check(client, facilitator):
    from commissioning.plain_english import check_fields

    client.force_login(facilitator)
    client.post(JARGON_LIST, {"term": "empower", "plainer": "help"})
    report = check_fields({"summary": "We empower older people."})["summary"]
    assert [(hit.term, hit.plainer) for hit in report.jargon] == [("empower", "help")]


def test_an_empty_list_says_so(client, facilitator):
    client.force_login(facilitator)
    JargonTerm.objects.all().delete()
    assert b"The list is empty." in client.get(JARGON_LIST).content


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client):
    assert persona_client.get(JARGON_LIST).status_code == 403
    response = persona_client.post(JARGON_LIST, {"term": "empower", "plainer": "help"})
    assert response.status_code == 403
    assert not JargonTerm.objects.filter(term="empower").exists()


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(JARGON_LIST)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={JARGON_LIST}"


def test_jargon_list_query_count_does_not_grow_with_words(client, facilitator):
    client.force_login(facilitator)

    def more_words():
        JargonTerm.objects.bulk_create(JargonTerm(term=f"jargon {n}", plainer=f"plain {n}") for n in range(20))

    assert_page_queries(client, JARGON_LIST, at_most=3, add_data=more_words)
