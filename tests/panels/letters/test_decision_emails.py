"""When staff move a round from deciding to feedback, every member of each organisation the panel
decided on is emailed the decision in a sentence and a link to the letter; once, and logged."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from commissioning import services as round_services
from commissioning.models import AuditEvent, FundingRound
from panels import services
from panels.audit import Verb
from panels.models import FundingDecision
from tests.applications.factories import ApplicationFactory
from tests.commissioning.factories import UserFactory
from tests.panels.decided import applicant_of, decide, decided_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding_round():
    return decided_round(status=FundingRound.Status.DECISION)


@pytest.fixture
def funded(funding_round):
    application = decide(funding_round, amount=Decimal("85000"), title="Tea, talk and a lift there")
    applicant_of(application, UserFactory(email="aisha@armley.example", full_name="Aisha Khan"))
    applicant_of(application, UserFactory(email="ben@armley.example", full_name="Ben Booth"))
    return application


@pytest.fixture
def declined(funding_round):
    application = decide(funding_round, outcome=FundingDecision.Outcome.DECLINE, amount=None, title="A tea dance")
    applicant_of(application, UserFactory(email="carol@bramley.example", full_name="Carol Dunn"))
    return application


def advance(actor, funding_round, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        round_services.advance_round(actor=actor, funding_round=funding_round)


def test_moving_to_feedback_emails_every_member_of_each_decided_organisation(
    facilitator, funding_round, funded, declined, django_capture_on_commit_callbacks
):
    advance(facilitator, funding_round, django_capture_on_commit_callbacks)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["aisha@armley.example", "ben@armley.example", "carol@bramley.example"]
    good_news = by_address["aisha@armley.example"]
    assert good_news.subject == f"Good news: {funding_round.title} will fund {funded.reference} (£85,000)"
    assert "Hello Aisha Khan" in good_news.body
    assert "the panel decided to fund “Tea, talk and a lift there”" in good_news.body
    assert "with a grant of £85,000" in good_news.body
    letter = reverse("panels:feedback_letter", args=[funded.pk])
    assert f"{settings.SITE_URL}{letter}" in good_news.body
    html = good_news.alternatives[0][0]
    assert f'{letter}">Read your feedback letter</a>' in html
    sorry = by_address["carol@bramley.example"]
    assert sorry.subject == f"The panel’s decision on {declined.reference}, with their feedback"
    assert "We are sorry: the panel decided not to fund “A tea dance”" in sorry.body
    assert reverse("panels:feedback_letter", args=[declined.pk]) in sorry.body
    assert "Staff supported them but did not vote." in sorry.body


def test_the_sending_is_logged_with_how_many_went(
    facilitator, funding_round, funded, declined, django_capture_on_commit_callbacks
):
    advance(facilitator, funding_round, django_capture_on_commit_callbacks)

    event = AuditEvent.objects.get(verb=Verb.FEEDBACK_SENT)
    assert event.actor == facilitator
    assert event.target == funding_round
    assert event.data == {"applications": 2, "emails": 3, "failed": []}


def test_applications_without_a_decision_get_no_email(
    facilitator, funding_round, funded, django_capture_on_commit_callbacks
):
    undecided = ApplicationFactory(funding_round=funding_round, submitted=True, status="eligible")
    applicant_of(undecided, UserFactory(email="dave@undecided.example"))

    advance(facilitator, funding_round, django_capture_on_commit_callbacks)

    assert "dave@undecided.example" not in [message.to[0] for message in mail.outbox]


def test_nothing_is_sent_until_the_move_has_committed(
    facilitator, funding_round, funded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        round_services.advance_round(actor=facilitator, funding_round=funding_round)
    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.parametrize("status", [FundingRound.Status.INTERVIEWS, FundingRound.Status.FEEDBACK])
def test_no_other_move_sends_decisions(facilitator, funding_round, funded, status, django_capture_on_commit_callbacks):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=status)
    funding_round.refresh_from_db()

    advance(facilitator, funding_round, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert not AuditEvent.objects.filter(verb=Verb.FEEDBACK_SENT).exists()


def test_a_refused_address_does_not_stop_the_others(facilitator, funding_round, funded, declined, monkeypatch):
    real_send = services.letters.send_templated_email

    def refuse_ben(template, *, to, context):
        if to == ["ben@armley.example"]:
            raise OSError("The mail server refused this address")
        real_send(template, to=to, context=context)

    monkeypatch.setattr(services.letters, "send_templated_email", refuse_ben)

    sent = services.letters.send_decision_emails(actor=facilitator, funding_round=funding_round)

    assert sent.emails == 2
    assert sent.failed == ["ben@armley.example"]
    assert sorted(message.to[0] for message in mail.outbox) == ["aisha@armley.example", "carol@bramley.example"]
    assert AuditEvent.objects.get(verb=Verb.FEEDBACK_SENT).data["failed"] == ["ben@armley.example"]


def test_switched_off_accounts_are_not_emailed(facilitator, funding_round, funded, django_capture_on_commit_callbacks):
    type(facilitator).objects.filter(email="ben@armley.example").update(is_active=False)

    advance(facilitator, funding_round, django_capture_on_commit_callbacks)

    assert [message.to[0] for message in mail.outbox] == ["aisha@armley.example"]
