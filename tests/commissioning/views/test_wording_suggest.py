"""Staff suggest clearer wording, with the plain-English check beside it; the proposer is emailed and decides."""

import pytest

from commissioning.audit import Verb
from commissioning.models import AuditEvent, JargonTerm, WordingSuggestion
from tests.commissioning.factories import CriterionFactory, UserFactory
from tests.helpers import assert_page_queries

from .criteria_support import criteria_round, messages_of, open_round, sign_in_url, text, url

SUGGESTION = {
    "title": "Reaches people who are lonely",
    "description": "The project finds older people who are on their own. It makes them welcome.",
    "what_good_looks_like": "A plan to reach people who never go out.",
    "reason": "Shorter sentences and everyday words.",
}


@pytest.fixture(autouse=True)
def _jargon(db):
    """The words the check flags here (a transactional test elsewhere may have emptied the default list)."""
    for term, plainer in [("utilise", "use"), ("leverage", "use"), ("robust", "strong")]:
        JargonTerm.objects.get_or_create(term=term, defaults={"plainer": plainer})


@pytest.fixture
def proposer(db):
    return UserFactory(email="pat@example.org", full_name="Pat Proposer")


@pytest.fixture
def criterion(proposer, criteria_member):
    funding_round = criteria_round(proposer, criteria_member, title="New projects 2018")
    return CriterionFactory(
        funding_round=funding_round,
        proposer=proposer,
        title="Reaching isolated older people",
        description="Projects shall utilise robust methodologies in order to identify isolated beneficiaries.",
        what_good_looks_like="Evidence of outreach.",
    )


@pytest.fixture
def signed_in(client, facilitator):
    client.force_login(facilitator)
    return client


def test_form_is_filled_in_with_the_current_words_and_checks_them(signed_in, criterion):
    response = signed_in.get(url("wording_suggest", criterion))
    assert response.status_code == 200
    page = text(response)
    assert "Suggest clearer wording" in page
    assert 'value="Reaching isolated older people"' in page
    assert "Projects shall utilise robust methodologies" in page
    assert "Plain English check" in page
    assert "“utilise”: try “use”" in page
    assert "Pat Proposer proposed this criterion" in page


def test_form_query_count(signed_in, criterion):
    signed_in.get(url("wording_suggest", criterion))
    assert_page_queries(signed_in, url("wording_suggest", criterion), at_most=7)


def test_suggesting_saves_it_logs_it_and_emails_the_proposer(
    signed_in, facilitator, criterion, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url("wording_suggest", criterion), SUGGESTION)
    assert response.status_code == 302
    assert response.url == criterion.get_absolute_url()
    suggestion = WordingSuggestion.objects.get()
    assert suggestion.suggested_by == facilitator
    assert suggestion.status == WordingSuggestion.Status.PENDING
    assert suggestion.reason == "Shorter sentences and everyday words."
    criterion.refresh_from_db()
    assert criterion.title == "Reaching isolated older people"  # nothing changes until the proposer decides
    event = AuditEvent.objects.get(verb=Verb.WORDING_SUGGESTED)
    assert event.actor == facilitator
    assert event.target == criterion
    assert messages_of(response) == ["Your suggestion is sent to Pat Proposer. They decide whether to use it."]

    [message] = mailoutbox
    assert message.to == ["pat@example.org"]
    assert message.subject == "Clearer wording suggested for your criterion “Reaching isolated older people”"
    assert "Hello Pat," in message.body
    assert "The project finds older people who are on their own." in message.body
    assert "It is your criterion, so you decide." in message.body
    assert f"{criterion.get_absolute_url()}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert criterion.get_absolute_url() in html


def test_after_sending_the_criterion_page_shows_the_check_beside_the_suggestion(signed_in, criterion):
    signed_in.post(url("wording_suggest", criterion), SUGGESTION)
    page = text(signed_in.get(criterion.get_absolute_url()))
    assert "Clearer wording suggested" in page
    assert "Reading ease" in page


def test_a_failed_suggestion_keeps_the_words_and_checks_them(signed_in, criterion):
    data = {**SUGGESTION, "title": "", "description": "We will leverage synergy going forward."}
    response = signed_in.post(url("wording_suggest", criterion), data)
    assert response.status_code == 200
    page = text(response)
    assert '<a href="#id_title">Give the criterion a short name</a>' in page
    assert "We will leverage synergy going forward." in page
    assert "“leverage”: try “use”" in page
    assert "For the words you suggested." in page
    assert not WordingSuggestion.objects.exists()


def test_a_reason_is_asked_for(signed_in, criterion):
    response = signed_in.post(url("wording_suggest", criterion), {**SUGGESTION, "reason": " "})
    assert response.status_code == 200
    assert "Tell the proposer why you suggest this wording" in text(response)
    assert not WordingSuggestion.objects.exists()


def test_checking_first_saves_nothing_and_shows_no_errors(signed_in, criterion, mailoutbox):
    data = {**SUGGESTION, "reason": "", "action": "check"}
    response = signed_in.post(url("wording_suggest", criterion), data)
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" not in page
    assert "Reading ease" in page
    assert "The project finds older people who are on their own." in page
    assert not WordingSuggestion.objects.exists()
    assert not mailoutbox


@pytest.mark.parametrize("persona", ["criteria_member", "proposer"])
def test_members_of_the_group_comment_instead(client, request, persona, criterion):
    client.force_login(request.getfixturevalue(persona))
    for response in (
        client.get(url("wording_suggest", criterion)),
        client.post(url("wording_suggest", criterion), SUGGESTION),
    ):
        assert response.status_code == 403
        assert "Staff suggest wording; members of the group can comment in the discussion instead." in text(response)
    assert not WordingSuggestion.objects.exists()


def test_no_suggestions_once_the_round_is_open(signed_in, criterion):
    open_round(criterion.funding_round)
    response = signed_in.post(url("wording_suggest", criterion), SUGGESTION)
    assert response.status_code == 403
    assert "The criteria for this round are settled" in text(response)


def test_outsider_does_not_learn_the_round_exists(client, outsider, criterion):
    client.force_login(outsider)
    assert client.get(url("wording_suggest", criterion)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, criterion):
    response = client.get(url("wording_suggest", criterion))
    assert response.status_code == 302
    assert response.url == sign_in_url(url("wording_suggest", criterion))


def test_a_criterion_of_another_round_is_not_found(signed_in, criterion, proposer):
    elsewhere = CriterionFactory(funding_round=criteria_round(proposer))
    wrong = url("wording_suggest", criterion).replace(f"/{criterion.pk}/", f"/{elsewhere.pk}/")
    assert signed_in.post(wrong, SUGGESTION).status_code == 404
    assert not WordingSuggestion.objects.exists()
