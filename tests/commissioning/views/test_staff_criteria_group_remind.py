"""Reminding the criteria group: an email to each member who has not answered every criterion."""

import pytest
from django.core import mail
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent, CriterionResponse, FundingRound
from tests.commissioning.factories import CriterionFactory, FundingRoundFactory, UserFactory, join_criteria_group


def remind_url(funding_round) -> str:
    return reverse("commissioning:criteria_group_remind", args=[funding_round.slug])


@pytest.fixture
def funding_round(db):
    funding_round = FundingRoundFactory(criteria=True, title="New projects 2018", slug="new-projects-2018")
    criteria = CriterionFactory.create_batch(2, funding_round=funding_round)
    done = UserFactory(email="done@example.org", full_name="Doris Done")
    join_criteria_group(done, funding_round)
    for criterion in criteria:
        CriterionResponse.objects.create(criterion=criterion, member=done, answer=CriterionResponse.Answer.AGREE)
    for email, name in [("betty@example.org", "Betty Busy"), ("quentin@example.org", "Quentin Quiet")]:
        join_criteria_group(UserFactory(email=email, full_name=name), funding_round)
    return funding_round


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_remind_everyone_behind_and_it_is_logged(
    persona_client, funding_round, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = persona_client.post(remind_url(funding_round), follow=True)

    assert response.redirect_chain == [(reverse("commissioning:criteria_group", args=[funding_round.slug]), 302)]
    assert "Reminder sent to 2 people" in response.content.decode()
    assert sorted(message.to[0] for message in mail.outbox) == ["betty@example.org", "quentin@example.org"]
    event = AuditEvent.objects.get(verb=Verb.CRITERIA_REMINDER_SENT)
    assert sorted(event.data["reminded"]) == ["betty@example.org", "quentin@example.org"]


def test_the_reminder_email_links_to_the_criteria(
    client, facilitator, funding_round, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://together.example.org"
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remind_url(funding_round))

    message = next(m for m in mail.outbox if m.to == ["betty@example.org"])
    link = "https://together.example.org" + reverse("commissioning:criteria_list", args=["new-projects-2018"])
    assert message.subject == "Reminder: please respond to the criteria for “New projects 2018”"
    assert message.body.startswith("Hello Betty,")
    assert link in message.body
    html = message.alternatives[0][0]
    assert f'<a href="{link}">Read the criteria and say what you think</a>' in html


def test_one_person_behind_reads_in_the_singular(client, facilitator, funding_round):
    client.force_login(facilitator)
    for criterion in funding_round.criteria.all():
        member = funding_round.criteria_group.get(user__email="betty@example.org").user
        CriterionResponse.objects.create(criterion=criterion, member=member, answer=CriterionResponse.Answer.AGREE)
    response = client.post(remind_url(funding_round), follow=True)
    assert "Reminder sent to 1 person" in response.content.decode()


def test_nobody_behind_says_no_reminder_was_needed(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(criteria=True)
    join_criteria_group(UserFactory(), funding_round)  # no criteria yet: nothing to answer
    response = client.post(remind_url(funding_round), follow=True)
    assert "Nobody needed a reminder: everyone has responded to every criterion" in response.content.decode()
    assert mail.outbox == []


def test_get_is_not_allowed(client, facilitator, funding_round):
    client.force_login(facilitator)
    assert client.get(remind_url(funding_round)).status_code == 405
    assert not AuditEvent.objects.filter(verb=Verb.CRITERIA_REMINDER_SENT).exists()


def test_once_open_nobody_is_reminded(client, facilitator, funding_round, django_capture_on_commit_callbacks):
    client.force_login(facilitator)
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remind_url(funding_round))
    assert response.status_code == 403
    assert b"The criteria for this round are settled: they can no longer change." in response.content
    assert mail.outbox == []


def test_unknown_round_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.post(reverse("commissioning:criteria_group_remind", args=["no-such-round"])).status_code == 404


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, criteria_member, funding_round):
    join_criteria_group(criteria_member, funding_round)
    response = persona_client.post(remind_url(funding_round))
    assert response.status_code == 403
    assert b"Only staff facilitators can invite people to the criteria group." in response.content
    assert not AuditEvent.objects.filter(verb=Verb.CRITERIA_REMINDER_SENT).exists()


def test_anonymous_is_sent_to_sign_in(client, funding_round):
    url = remind_url(funding_round)
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"


def test_someone_who_chose_nothing_but_essentials_is_not_reminded(
    client, facilitator, funding_round, django_capture_on_commit_callbacks
):
    from commissioning.models import User

    User.objects.filter(email="quentin@example.org").update(email_choice=User.EmailChoice.ESSENTIALS)
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remind_url(funding_round), follow=True)
    assert "Reminder sent to 1 person" in response.content.decode()
    assert [message.to for message in mail.outbox] == [["betty@example.org"]]
    event = AuditEvent.objects.get(verb=Verb.CRITERIA_REMINDER_SENT)
    assert event.data == {"reminded": ["betty@example.org"], "chose_no_reminders": ["quentin@example.org"]}
