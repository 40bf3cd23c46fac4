"""Sign-in by emailed link: ask for one, open it (a page with a button), press the button.

A link works once and for 15 minutes; opening it (as mail scanners do) signs nobody in; the
answer is the same whether or not the address has an account; asking is throttled per email
address and per internet address; a switched-off account is refused.
"""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from commissioning import services
from commissioning.audit import Verb
from commissioning.models import AuditEvent, OutgoingEmail, SignInLinkRequest, User
from tests.helpers import assert_page_queries

SIGN_IN = reverse("commissioning:sign_in")
ASK = reverse("commissioning:sign_in_link_request")
SENT = reverse("commissioning:sign_in_link_sent")
HOME = reverse("commissioning:home")
REFUSED = "This sign-in link does not work"


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Ask for a link for `email`; the emails stored leave once the request has committed."""

    def ask(email, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(ASK, {"email": email}, **extra)

    return ask


def link_in(message) -> str:
    match = re.search(r"http://127\.0\.0\.1:8000(/sign-in/link/[A-Za-z0-9_-]+/)", message.body)
    assert match, f"No sign-in link in:\n{message.body}"
    return match.group(1)


@pytest.fixture
def emailed_link(ask, mailoutbox):
    """The path of a sign-in link emailed to `email`, asked for on the page."""

    def emailed_link(email="panel@example.org") -> str:
        response = ask(email)
        assert response.status_code == 302
        return link_in(mailoutbox[-1])

    return emailed_link


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"


def test_sign_in_page_offers_a_sign_in_link(client, db):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert f'href="{ASK}">Email me a sign-in link</a>' in response.content.decode()


def test_ask_page_shows_the_form(client, db):
    response = client.get(ASK)
    assert response.status_code == 200
    assert "Email me a sign-in link" in text(response)
    assert 'name="email"' in response.content.decode()


def test_ask_and_sent_pages_query_counts(client, db):
    assert_page_queries(client, ASK, at_most=0)
    assert_page_queries(client, SENT, at_most=0)


def test_signed_in_person_asking_is_sent_home(client, panel_member):
    client.force_login(panel_member)
    assert client.get(ASK).url == HOME


def test_asking_emails_a_link_through_the_outbox(client, panel_member, mailoutbox, ask):
    response = ask("Panel@Example.org ")
    assert response.status_code == 302
    assert response.url == SENT
    stored = OutgoingEmail.objects.get()
    assert stored.kind == "commissioning/emails/sign_in_link"
    assert stored.status == OutgoingEmail.Status.SENT
    [message] = mailoutbox
    assert message.to == ["panel@example.org"]
    assert message.subject == "Your sign-in link for Commissioning Together"
    assert "Hello Pamela," in message.body
    expires = timezone.localtime() + timedelta(minutes=15)
    assert f"on {expires.day} {expires:%B %Y} (UK time)" in message.body
    link = link_in(message)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and link in html
    event = AuditEvent.objects.get(verb=Verb.SIGN_IN_LINK_REQUESTED)
    assert event.actor == panel_member


def test_the_sent_page_says_check_your_email(client, db):
    response = client.get(SENT)
    assert response.status_code == 200
    assert "If that email address has an account, we have sent it a sign-in link." in text(response)


def test_unknown_address_gets_the_same_answer_and_no_email(client, panel_member, mailoutbox, ask):
    known = ask("panel@example.org")
    unknown = ask("nobody@example.org")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url) == (302, SENT)
    assert [message.to for message in mailoutbox] == [["panel@example.org"]]


def test_switched_off_account_gets_the_same_answer_and_no_email(client, panel_member, mailoutbox, ask):
    User.objects.filter(pk=panel_member.pk).update(is_active=False)
    response = ask("panel@example.org")
    assert (response.status_code, response.url) == (302, SENT)
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("", "Enter your email address"),
        ("not an address", "Enter an email address like name@example.org"),
        ("a" * 250 + "@example.org", "Your email address must be 254 characters or fewer"),
    ],
)
def test_wrong_input_is_explained_on_the_page(client, db, mailoutbox, email, error, ask):
    response = ask(email)
    assert response.status_code == 200
    assert error in text(response)
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert mailoutbox == [] and not SignInLinkRequest.objects.exists()


def test_the_link_opens_a_page_with_a_button_and_does_not_sign_in(client, panel_member, mailoutbox, emailed_link):
    link = emailed_link()
    for _ in range(2):  # a mail scanner, then the person
        response = client.get(link)
        assert response.status_code == 200
        assert "This sign-in link is for panel@example.org" in text(response)
        assert '<button type="submit"' in response.content.decode()
        assert SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(verb=Verb.SIGNED_IN).exists()


def test_open_page_query_count(client, panel_member, mailoutbox, emailed_link):
    link = emailed_link()
    assert_page_queries(client, link, at_most=1)


def test_pressing_the_button_signs_in_and_goes_home(client, panel_member, mailoutbox, emailed_link):
    link = emailed_link()
    response = client.post(link)
    assert response.status_code == 302
    assert response.url == HOME
    assert client.session[SESSION_KEY] == str(panel_member.pk)
    assert AuditEvent.objects.filter(verb=Verb.SIGNED_IN_BY_LINK, actor=panel_member).count() == 1
    assert AuditEvent.objects.filter(verb=Verb.SIGNED_IN, actor=panel_member).count() == 1
    home = client.get(HOME)
    assert "You are signed in as panel@example.org." in text(home)


def test_a_link_works_once(client, panel_member, mailoutbox, emailed_link):
    link = emailed_link()
    assert client.post(link).status_code == 302
    client.logout()
    again = client.post(link)
    assert again.status_code == 410
    assert REFUSED in text(again)
    assert f'href="{ASK}">Ask for a new sign-in link</a>' in again.content.decode()
    assert SESSION_KEY not in client.session
    opened = client.get(link)
    assert opened.status_code == 410 and REFUSED in text(opened)


def test_an_older_link_stops_working_once_a_newer_one_is_used(client, panel_member, mailoutbox, emailed_link):
    first = emailed_link()
    second = emailed_link()
    assert client.post(second).status_code == 302
    client.logout()
    assert client.post(first).status_code == 410


@pytest.fixture
def link_made(emailed_link, monkeypatch):
    """A link emailed as if `seconds` ago: django-sesame's clock is set back while it is made."""
    import sesame.tokens_v2

    def link_made(seconds_ago: int) -> str:
        made_at = time.time() - seconds_ago
        with monkeypatch.context() as patch:
            patch.setattr(sesame.tokens_v2, "time", type("Clock", (), {"time": staticmethod(lambda: made_at)}))
            return emailed_link()

    return link_made


def test_a_link_expires_after_15_minutes(client, panel_member, link_made):
    link = link_made(15 * 60 + 1)
    opened = client.get(link)
    assert opened.status_code == 410 and REFUSED in text(opened)
    pressed = client.post(link)
    assert pressed.status_code == 410
    assert SESSION_KEY not in client.session


def test_a_link_still_works_at_14_minutes(client, panel_member, link_made):
    link = link_made(14 * 60)
    assert client.post(link).status_code == 302
    assert client.session[SESSION_KEY] == str(panel_member.pk)


def test_switched_off_account_is_refused_at_the_link(client, panel_member, mailoutbox, emailed_link):
    link = emailed_link()
    User.objects.filter(pk=panel_member.pk).update(is_active=False)
    assert client.get(link).status_code == 410
    pressed = client.post(link)
    assert pressed.status_code == 410 and REFUSED in text(pressed)
    assert SESSION_KEY not in client.session


def test_a_link_stops_working_when_the_password_changes(client, panel_member, mailoutbox, emailed_link):
    link = emailed_link()
    panel_member.set_password("a different passphrase 99")
    panel_member.save()
    assert client.post(link).status_code == 410


@pytest.mark.parametrize("token", ["not-a-token", "A" * 40])
def test_a_made_up_link_is_refused(client, db, token):
    url = reverse("commissioning:sign_in_link_open", args=[token])
    assert client.get(url).status_code == 410
    assert client.post(url).status_code == 410


def test_asking_is_throttled_per_email_address_with_a_plain_message(client, panel_member, mailoutbox, settings, ask):
    settings.SIGN_IN_LINKS_PER_EMAIL = 3
    for _ in range(3):
        assert ask("panel@example.org").status_code == 302
    refused = ask("panel@example.org")
    assert refused.status_code == 429
    assert services.TOO_MANY_FOR_EMAIL in text(refused)
    assert len(mailoutbox) == 3
    # Another address is not held up by it.
    assert ask("someone.else@example.org").status_code == 302


def test_unknown_addresses_are_throttled_the_same(client, db, settings, ask):
    settings.SIGN_IN_LINKS_PER_EMAIL = 2
    for _ in range(2):
        assert ask("nobody@example.org").status_code == 302
    assert ask("nobody@example.org").status_code == 429


def test_asking_is_throttled_per_internet_address(client, db, settings, mailoutbox, ask):
    settings.SIGN_IN_LINKS_PER_IP_ADDRESS = 4
    for number in range(4):
        assert ask(f"person{number}@example.org").status_code == 302
    refused = ask("person9@example.org")
    assert refused.status_code == 429
    assert services.TOO_MANY_FROM_HERE in text(refused)
    other_computer = ask("person9@example.org", REMOTE_ADDR="203.0.113.7")
    assert other_computer.status_code == 302


def test_the_throttle_forgets_after_15_minutes(client, panel_member, settings, mailoutbox, ask):
    settings.SIGN_IN_LINKS_PER_EMAIL = 1
    assert ask("panel@example.org").status_code == 302
    assert ask("panel@example.org").status_code == 429
    SignInLinkRequest.objects.update(requested_at=timezone.now() - timedelta(minutes=15, seconds=1))
    assert ask("panel@example.org").status_code == 302
    assert len(mailoutbox) == 2


def test_the_throttle_stores_no_email_addresses(client, panel_member, ask):
    ask("panel@example.org")
    stored = SignInLinkRequest.objects.get()
    assert "panel" not in stored.email_digest and len(stored.email_digest) == 64


def test_a_mail_server_down_still_answers_and_the_email_waits(client, panel_member, ask):
    from tests.mail import mail_server_down

    with mail_server_down():
        response = ask("panel@example.org")
    assert (response.status_code, response.url) == (302, SENT)
    stored = OutgoingEmail.objects.get()
    assert stored.status == OutgoingEmail.Status.WAITING and stored.attempts == 1


def test_only_one_of_two_presses_signs_in(panel_member, mailoutbox, client, emailed_link):
    link = emailed_link()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert services.use_sign_in_link(token) == panel_member
    assert services.use_sign_in_link(token) is None


def test_open_link_rejects_other_methods(client, db):
    url = reverse("commissioning:sign_in_link_open", args=["x"])
    assert client.put(url).status_code == 405
    assert client.post(SENT).status_code == 405


def test_someone_locked_out_by_wrong_passwords_can_still_sign_in_by_link(client, panel_member, emailed_link):
    for _ in range(5):
        locked = client.post(SIGN_IN, {"username": "panel@example.org", "password": "wrong"})
    assert "Too many tries" in text(locked)
    assert f'href="{ASK}">email me a sign-in link</a>' in locked.content.decode()
    # The link proves the person reads that inbox, as a password reset does.
    link = emailed_link()
    assert client.post(link).status_code == 302
    assert client.session[SESSION_KEY] == str(panel_member.pk)
