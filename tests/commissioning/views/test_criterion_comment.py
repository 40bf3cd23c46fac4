"""The discussion on a criterion: the group talks it over; staff messages are marked as facilitation."""

import pytest

from commissioning.audit import Verb
from commissioning.models import AuditEvent, CriterionComment
from tests.commissioning.factories import CriterionFactory

from .criteria_support import criteria_round, messages_of, open_round, sign_in_url, text, url


@pytest.fixture
def criterion(criteria_member):
    return CriterionFactory(funding_round=criteria_round(criteria_member))


def comment(client, criterion, body):
    return client.post(url("criterion_comment", criterion), {"body": body})


def test_member_adds_a_comment(client, criteria_member, criterion):
    client.force_login(criteria_member)
    response = comment(client, criterion, "  Could we say who counts as lonely?  ")
    assert response.status_code == 302
    assert response.url == f"{criterion.get_absolute_url()}#discussion"
    saved = CriterionComment.objects.get()
    assert saved.author == criteria_member
    assert saved.body == "Could we say who counts as lonely?"
    assert not saved.is_facilitation
    event = AuditEvent.objects.get(verb=Verb.CRITERION_COMMENTED)
    assert event.actor == criteria_member
    assert event.target == criterion
    assert messages_of(response) == ["Your comment is added to the discussion."]


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_comments_are_shown_as_facilitation(client, request, persona, criterion):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    comment(client, criterion, "A reminder of the funder's rules.")
    assert CriterionComment.objects.get().is_facilitation
    page = text(client.get(criterion.get_absolute_url()))
    assert f"Facilitation note from {user.full_name}" in page


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_comment_is_explained(client, criteria_member, criterion, blank):
    client.force_login(criteria_member)
    response = comment(client, criterion, blank)
    assert response.status_code == 200
    page = text(response)
    assert '<a href="#id_body">Write your comment</a>' in page
    assert not CriterionComment.objects.exists()


def test_a_refusal_from_the_service_keeps_the_comment(client, criteria_member, criterion, monkeypatch):
    from django.core.exceptions import PermissionDenied

    from commissioning import services

    def refuse(**kwargs):
        raise PermissionDenied("The discussion closed when the criteria were settled.")

    monkeypatch.setattr(services, "comment_on_criterion", refuse)
    client.force_login(criteria_member)
    response = comment(client, criterion, "My carefully written thought")
    assert response.status_code == 200
    page = text(response)
    assert "The discussion closed when the criteria were settled." in page
    assert "My carefully written thought</textarea>" in page


def test_the_discussion_closes_when_the_round_opens(client, criteria_member, criterion):
    open_round(criterion.funding_round)
    client.force_login(criteria_member)
    response = comment(client, criterion, "Too late?")
    assert response.status_code == 403
    assert "The discussion closed when the criteria were settled." in text(response)


def test_someone_outside_the_group_cannot_join_in(client, outsider, criterion):
    client.force_login(outsider)
    assert comment(client, criterion, "Hello").status_code == 404
    open_round(criterion.funding_round)
    response = comment(client, criterion, "Hello")
    assert response.status_code == 403
    assert "Only the criteria group and the staff who support it can join this discussion." in text(response)
    assert not CriterionComment.objects.exists()


def test_get_is_not_allowed(client, criteria_member, criterion):
    client.force_login(criteria_member)
    assert client.get(url("criterion_comment", criterion)).status_code == 405


def test_anonymous_is_sent_to_sign_in(client, criterion):
    response = comment(client, criterion, "Hello")
    assert response.status_code == 302
    assert response.url == sign_in_url(url("criterion_comment", criterion))


def test_a_criterion_of_another_round_is_not_found(client, criteria_member, criterion):
    elsewhere = CriterionFactory(funding_round=criteria_round(criteria_member))
    client.force_login(criteria_member)
    wrong = url("criterion_comment", criterion).replace(f"/{criterion.pk}/", f"/{elsewhere.pk}/")
    assert client.post(wrong, {"body": "Hello"}).status_code == 404
