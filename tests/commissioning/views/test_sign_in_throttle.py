"""Sign-in is throttled per account (django-axes): wrong passwords for one email from any number of
addresses pause signing in to it; one address trying many accounts pauses none of the others. The
page says when to try again (UK time) and how to set a new password; a new password set through
the emailed link ends the pause. The address is read from a trusted proxy's header only when
one is configured."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from commissioning.errors import locked_out
from commissioning.http import client_address
from tests.commissioning.factories import TEST_PASSWORD

SIGN_IN = reverse("commissioning:sign_in")
NOT_RIGHT = "The email address or password is not right."
LONDON = ZoneInfo("Europe/London")


def sign_in(client, email, password, address="203.0.113.1"):
    return client.post(SIGN_IN, {"username": email, "password": password}, REMOTE_ADDR=address)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_wrong_passwords_for_one_account_from_many_addresses_pause_it(client, applicant, settings):
    for n in range(1, settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "applicant@example.org", "guess", address=f"198.51.100.{n}")
        assert response.status_code == 200, f"try {n} from its own address"
    last_wrong = sign_in(client, "applicant@example.org", "guess", address="198.51.100.99")
    assert last_wrong.status_code == 429
    # Even the right password, from an address that never tried before, is refused now.
    right = sign_in(client, "applicant@example.org", TEST_PASSWORD, address="192.0.2.7")
    assert right.status_code == 429
    assert "Too many tries" in text(right)
    assert SESSION_KEY not in client.session


def test_one_address_trying_many_accounts_pauses_none_of_the_others(client, applicant, other_applicant, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        for email in ("applicant@example.org", "other.applicant@example.org", "nobody@example.org"):
            assert sign_in(client, email, "guess").status_code == 200
    # The same address, well past the limit in all: each account has had fewer than the limit.
    response = sign_in(client, "other.applicant@example.org", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(other_applicant.pk)


def test_a_paused_account_does_not_pause_others_at_the_same_address(client, applicant, other_applicant, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "applicant@example.org", "guess")
    assert sign_in(client, "applicant@example.org", TEST_PASSWORD).status_code == 429
    response = sign_in(client, "other.applicant@example.org", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(other_applicant.pk)


def test_the_page_says_when_to_try_again_and_how_to_set_a_new_password(client, applicant, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "applicant@example.org", "guess")
    assert response.status_code == 429
    last_try = AccessAttempt.objects.get().attempt_time
    ends = timezone.localtime(last_try + timedelta(minutes=15))
    page = text(response)
    assert "signing in to this account is paused for 15 minutes" in page
    assert f"You can try again after {ends:%-I:%M}{ends:%p}".replace("AM", "am").replace("PM", "pm") in page
    assert f"({ends.day} {ends:%B %Y}, UK time)" in page
    assert "set a new password" in page
    assert f'href="{reverse("commissioning:password_reset")}"' in response.content.decode()


def test_the_time_to_try_again_is_written_the_way_people_say_it(applicant, rf):
    """15:30 UK time on 14 July 2026 (summer time), plus the 15 minutes: "after 3:45pm"."""
    AccessAttempt.objects.create(
        username="applicant@example.org",
        ip_address="203.0.113.1",
        user_agent="",
        failures_since_start=5,
    )
    AccessAttempt.objects.update(attempt_time=datetime(2026, 7, 14, 15, 30, tzinfo=LONDON))
    response = locked_out(rf.post(SIGN_IN), None, {"username": "applicant@example.org"})
    assert response.status_code == 429
    assert "You can try again after 3:45pm (14 July 2026, UK time)." in text(response)


def test_a_new_password_by_the_emailed_link_ends_the_pause(client, applicant, settings, mailoutbox):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "applicant@example.org", "guess")
    assert sign_in(client, "applicant@example.org", TEST_PASSWORD).status_code == 429
    client.post(reverse("commissioning:password_reset"), {"email": "applicant@example.org"})
    link = re.search(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", mailoutbox[0].body).group(1)
    opened = client.get(link)
    new_password = "a much longer new password 42"
    assert client.post(opened.url, {"new_password1": new_password, "new_password2": new_password}).status_code == 302
    assert not AccessAttempt.objects.filter(username="applicant@example.org").exists()
    response = sign_in(client, "applicant@example.org", new_password)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(applicant.pk)


# The address recorded with each try ---------------------------------------------------------


def recorded_address(client, *, remote: str, forwarded_for: str) -> str:
    """Send one wrong password and read back the address django-axes recorded for it."""
    form = {"username": "applicant@example.org", "password": "guess"}
    client.post(SIGN_IN, form, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded_for)
    return AccessAttempt.objects.get().ip_address


def test_without_a_trusted_proxy_a_forwarded_header_is_not_believed(client, applicant):
    assert recorded_address(client, remote="203.0.113.9", forwarded_for="10.9.9.9") == "203.0.113.9"


def test_behind_a_trusted_proxy_the_address_it_saw_is_recorded(client, applicant, settings):
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = 1
    # The client made up the first entry; the proxy (at 10.0.0.2) added the one it saw.
    assert recorded_address(client, remote="10.0.0.2", forwarded_for="1.2.3.4, 198.51.100.20") == "198.51.100.20"


@pytest.mark.parametrize(
    ("header", "count", "expected"),
    [
        ("198.51.100.20", 1, "198.51.100.20"),
        ("1.2.3.4, 198.51.100.20, 10.0.0.5", 2, "198.51.100.20"),
        ("", 1, "10.0.0.2"),  # no header: the proxy's own address, not nothing
        ("198.51.100.20", 2, "10.0.0.2"),  # fewer entries than trusted proxies
    ],
)
def test_the_client_address_counts_trusted_proxies_from_the_right(settings, header, count, expected):
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) == expected


def test_the_trusted_proxy_header_is_off_by_default(settings):
    from commissioning import settings as project_settings

    assert project_settings.TRUSTED_PROXY_HEADER == ""
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.2"
