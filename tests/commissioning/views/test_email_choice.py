"""Which emails a person gets: everything, only what needs them, or nothing but essentials.

Chosen on the account page; every kind of email is registered as essential, needs-me or news,
and `send_templated_email` honours each recipient's choice. Essentials always go.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from commissioning import emails
from commissioning.audit import Verb
from commissioning.models import AuditEvent, OutgoingEmail, User
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries

CHOICE = reverse("commissioning:email_choice")
ACCOUNT = reverse("commissioning:account")


@pytest.fixture
def signed_in(client, panel_member):
    client.force_login(panel_member)
    return client


def test_account_page_shows_the_choice_with_a_change_link(signed_in):
    page = signed_in.get(ACCOUNT).content.decode()
    assert "Emails you get" in page and "Everything" in page
    assert f'href="{CHOICE}"' in page


def test_choice_page_offers_the_three_choices(signed_in):
    response = signed_in.get(CHOICE)
    assert response.status_code == 200
    page = response.content.decode()
    for label in ("Everything", "Only what needs me", "Nothing but essentials"):
        assert label in page
    assert 'value="everything" checked' in page


def test_choice_page_query_count(signed_in):
    assert_page_queries(signed_in, CHOICE, at_most=2)


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(CHOICE)
    assert response.status_code == 302 and response.url.startswith(reverse("commissioning:sign_in"))


def test_choosing_is_saved_and_logged(signed_in, panel_member):
    response = signed_in.post(CHOICE, {"email_choice": "needs_me"}, follow=True)
    assert response.redirect_chain[-1][0] == ACCOUNT
    assert "Your choice is saved: only what needs me." in response.content.decode()
    panel_member.refresh_from_db()
    assert panel_member.email_choice == User.EmailChoice.NEEDS_ME
    event = AuditEvent.objects.get(verb=Verb.ACCOUNT_UPDATED)
    assert event.data == {"changed": ["email_choice"], "to": "needs_me"}


@pytest.mark.parametrize("value", ["", "all-of-it"])
def test_no_choice_or_a_made_up_one_is_explained(signed_in, panel_member, value):
    User.objects.filter(pk=panel_member.pk).update(email_choice=User.EmailChoice.ESSENTIALS)
    response = signed_in.post(CHOICE, {"email_choice": value})
    assert response.status_code == 200
    assert "Choose which emails you want" in response.content.decode()
    panel_member.refresh_from_db()
    assert panel_member.email_choice == User.EmailChoice.ESSENTIALS


def email_kinds_on_disk() -> set[str]:
    """Every email template triplet under templates/, as its kind."""
    root = Path(settings.BASE_DIR) / "templates"
    return {str(path.relative_to(root)).removesuffix("_subject.txt") for path in root.glob("*/emails/*_subject.txt")}


def test_every_email_is_classified():
    kinds = emails.registered_kinds()
    missing = sorted(email_kinds_on_disk() - kinds.keys())
    assert not missing, f"Register how much these emails matter: {missing}"
    assert kinds["registration/password_reset"] == OutgoingEmail.Importance.ESSENTIAL
    # And every kind registered is an email that exists (the password reset is Django's own).
    assert not sorted(kinds.keys() - email_kinds_on_disk() - {"registration/password_reset"})


@pytest.mark.parametrize(
    ("kind", "importance"),
    [
        ("commissioning/emails/sign_in_link", "essential"),
        ("applications/emails/application_receipt", "essential"),
        ("panels/emails/decision_funded", "essential"),
        ("panels/emails/decision_declined", "essential"),
        ("panels/emails/reminder_session", "needs_me"),
        ("panels/emails/talk_answer", "news"),
    ],
)
def test_essentials_are_sign_in_links_receipts_and_decisions(kind, importance):
    assert emails.importance_of(kind) == importance


@pytest.mark.parametrize(
    ("choice", "essential", "needs_me", "news"),
    [
        ("everything", True, True, True),
        ("needs_me", True, True, False),
        ("essentials", True, False, False),
    ],
)
def test_each_choice_gets_what_it_says(db, choice, essential, needs_me, news):
    UserFactory(email="pat@example.org", email_choice=choice)
    got = {
        importance: emails.wanted_by(kind, ["pat@example.org", "no.account@example.org"])
        for importance, kind in [
            ("essential", "commissioning/emails/sign_in_link"),
            ("needs_me", "commissioning/emails/criteria_reminder"),
            ("news", "panels/emails/talk_answer"),
        ]
    }
    assert ("pat@example.org" in got["essential"], "pat@example.org" in got["needs_me"]) == (essential, needs_me)
    assert ("pat@example.org" in got["news"]) == news
    # Someone without an account (an invitation, say) has chosen nothing: it goes.
    assert all("no.account@example.org" in addresses for addresses in got.values())


def test_nothing_is_stored_for_someone_who_chose_fewer_emails(db):
    UserFactory(email="pat@example.org", full_name="Pat", email_choice="essentials")
    stored = emails.send_templated_email(
        "panels/emails/talk_answer", to=["pat@example.org"], context={"question": None, "panel": None}
    )
    assert stored is None and not OutgoingEmail.objects.exists()
