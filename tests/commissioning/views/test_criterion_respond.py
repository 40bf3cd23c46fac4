"""My answer to a criterion: agree, a concern or an objection. The round's rule then decides if it is agreed."""

import pytest

from commissioning import services
from commissioning.audit import Verb
from commissioning.models import AuditEvent, Criterion, CriterionResponse, RoundLocked
from tests.commissioning.factories import CriterionFactory, UserFactory

from .criteria_support import criteria_round, messages_of, open_round, sign_in_url, text, url


@pytest.fixture
def others(db):
    return [UserFactory(full_name="Ada Agree"), UserFactory(full_name="Bob Agree")]


@pytest.fixture
def funding_round(criteria_member, others):
    return criteria_round(criteria_member, *others)  # quorum 3


@pytest.fixture
def criterion(funding_round):
    return CriterionFactory(funding_round=funding_round)


@pytest.fixture
def signed_in(client, criteria_member):
    client.force_login(criteria_member)
    return client


def respond(client, criterion, answer="agree", comment=""):
    data = {"comment": comment}
    if answer:
        data["answer"] = answer
    return client.post(url("criterion_respond", criterion), data)


def test_agreeing_saves_my_answer_and_logs_it(signed_in, criteria_member, criterion):
    response = respond(signed_in, criterion, comment="  Good one  ")
    assert response.status_code == 302
    assert response.url == criterion.get_absolute_url()
    answer = CriterionResponse.objects.get(criterion=criterion, member=criteria_member)
    assert answer.answer == "agree"
    assert answer.comment == "Good one"
    event = AuditEvent.objects.get(verb=Verb.CRITERION_RESPONDED)
    assert event.actor == criteria_member
    assert event.data == {"answer": "agree"}
    assert messages_of(response) == ["Your answer is saved."]


def test_answering_again_changes_my_answer_and_never_duplicates_it(signed_in, criteria_member, criterion):
    respond(signed_in, criterion, "agree")
    respond(signed_in, criterion, "concern", "On reflection, the wording is vague")
    answers = CriterionResponse.objects.filter(criterion=criterion, member=criteria_member)
    assert answers.count() == 1
    assert answers.get().answer == "concern"
    assert answers.get().comment == "On reflection, the wording is vague"


def test_the_answer_that_reaches_the_quorum_agrees_the_criterion(signed_in, criterion, others):
    for member in others:
        CriterionResponse.objects.create(criterion=criterion, member=member, answer="agree")
    response = respond(signed_in, criterion, "agree")
    criterion.refresh_from_db()
    assert criterion.status == Criterion.Status.AGREED
    assert criterion.agreed_at is not None
    assert messages_of(response) == ["Your answer is saved. With your answer, the group has agreed this criterion."]
    assert AuditEvent.objects.filter(verb=Verb.CRITERION_AGREED).count() == 1


def test_an_objection_after_agreement_reopens_the_discussion(signed_in, criteria_member, criterion, others):
    for member in [*others, criteria_member]:
        CriterionResponse.objects.create(criterion=criterion, member=member, answer="agree")
    Criterion.objects.filter(pk=criterion.pk).update(status="agreed", agreed_at="2018-03-12T10:00Z")
    response = respond(signed_in, criterion, "object", "It leaves out people in care homes")
    criterion.refresh_from_db()
    assert criterion.status == Criterion.Status.PROPOSED
    assert "This criterion is back under discussion" in messages_of(response)[0]


def test_no_answer_chosen_is_explained_and_the_comment_kept(signed_in, criterion):
    response = respond(signed_in, criterion, answer=None, comment="My thoughts so far")
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert '<a href="#id_answer">Choose agree, concern or object</a>' in page
    assert "My thoughts so far</textarea>" in page
    assert "<title>Error: " in page
    assert not CriterionResponse.objects.exists()


def test_an_objection_needs_a_reason(signed_in, criterion):
    response = respond(signed_in, criterion, "object", "   ")
    assert response.status_code == 200
    page = text(response)
    assert "Tell the group why you object, so they can discuss it" in page
    assert 'value="object" checked' in page
    assert not CriterionResponse.objects.exists()


def test_an_objection_with_a_reason_is_saved_and_blocks_agreement(signed_in, criterion, others):
    for member in others:
        CriterionResponse.objects.create(criterion=criterion, member=member, answer="agree")
    respond(signed_in, criterion, "object", "Too narrow")
    criterion.refresh_from_db()
    assert criterion.status == Criterion.Status.PROPOSED


def test_an_unknown_answer_is_refused_plainly(signed_in, criterion):
    response = respond(signed_in, criterion, "maybe")
    assert response.status_code == 200
    assert "Choose agree, concern or object" in text(response)


def test_a_refusal_from_the_service_is_shown_with_nothing_lost(signed_in, criterion, monkeypatch):
    def locked(**kwargs):
        raise RoundLocked("This round is open for applications, so its criteria and questions cannot change.")

    monkeypatch.setattr(services, "respond_to_criterion", locked)
    response = respond(signed_in, criterion, "concern", "Worth keeping")
    assert response.status_code == 200
    page = text(response)
    assert "This round is open for applications, so its criteria and questions cannot change." in page
    assert "Worth keeping</textarea>" in page
    assert 'value="concern" checked' in page


def test_no_answers_once_the_round_is_open(signed_in, criterion):
    open_round(criterion.funding_round)
    response = respond(signed_in, criterion)
    assert response.status_code == 403
    assert "The criteria for this round are settled: they can no longer change." in text(response)
    assert not CriterionResponse.objects.exists()


def test_no_answers_to_a_withdrawn_criterion(signed_in, criterion):
    Criterion.objects.filter(pk=criterion.pk).update(status=Criterion.Status.WITHDRAWN)
    response = respond(signed_in, criterion)
    assert response.status_code == 403
    assert "This criterion was withdrawn" in text(response)


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_and_administrators_cannot_answer_and_are_told_why(client, request, persona, criterion):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = respond(client, criterion)
    assert response.status_code == 403
    assert "Staff and administrators facilitate: they cannot agree criteria, score or vote." in text(response)
    assert not CriterionResponse.objects.exists()


def test_a_superuser_who_somehow_holds_the_grant_still_cannot_answer(client, administrator, criterion):
    from tests.commissioning.factories import join_criteria_group

    join_criteria_group(administrator, criterion.funding_round)
    client.force_login(administrator)
    assert respond(client, criterion).status_code == 403
    assert not CriterionResponse.objects.exists()


def test_someone_outside_the_group_is_refused(client, outsider, criterion):
    client.force_login(outsider)
    assert respond(client, criterion).status_code == 404  # the round is not published: it stays hidden
    open_round(criterion.funding_round)
    response = respond(client, criterion)
    assert response.status_code == 403
    assert "Only members of this round" in text(response)
    assert not CriterionResponse.objects.exists()


def test_get_is_not_allowed(signed_in, criterion):
    assert signed_in.get(url("criterion_respond", criterion)).status_code == 405


def test_anonymous_is_sent_to_sign_in(client, criterion):
    response = respond(client, criterion)
    assert response.status_code == 302
    assert response.url == sign_in_url(url("criterion_respond", criterion))
    assert not CriterionResponse.objects.exists()


def test_a_criterion_of_another_round_is_not_found(signed_in, criteria_member, criterion):
    elsewhere = CriterionFactory(funding_round=criteria_round(criteria_member))
    wrong = url("criterion_respond", criterion).replace(f"/{criterion.pk}/", f"/{elsewhere.pk}/")
    assert signed_in.post(wrong, {"answer": "agree"}).status_code == 404
    assert not CriterionResponse.objects.exists()
