"""Idle sessions end (shared computers): an hour with nothing done signs the person out, the next
request goes to sign in with a plain message, and "Stay signed in" (POST, JSON) starts the clock again."""

import time

from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.idle import LAST_SEEN_KEY
from commissioning.models import AuditEvent
from tests.helpers import assert_max_queries

HOME = reverse("commissioning:home")
ACCOUNT = reverse("commissioning:account")
EXTEND = reverse("commissioning:session_extend")
SIGN_IN = reverse("commissioning:sign_in")


def last_seen(client, minutes_ago: float) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - minutes_ago * 60
    session.save()


def assert_clock_is_now(client) -> None:
    assert abs(client.session[LAST_SEEN_KEY] - time.time()) < 5


def test_signing_in_starts_the_clock(client, applicant):
    client.force_login(applicant)
    assert_clock_is_now(client)


def test_a_page_within_the_hour_is_shown_and_moves_the_clock_on(client, applicant):
    client.force_login(applicant)
    last_seen(client, 59)
    response = client.get(ACCOUNT)
    assert response.status_code == 200
    assert_clock_is_now(client)


def test_each_request_starts_the_hour_again(client, applicant):
    client.force_login(applicant)
    last_seen(client, 50)
    assert client.get(HOME).status_code == 200
    # 50 minutes after that request, 100 after signing in: still signed in.
    last_seen(client, 50)
    assert client.get(ACCOUNT).status_code == 200
    assert client.session[SESSION_KEY] == str(applicant.pk)


def test_after_an_hour_idle_the_next_page_goes_to_sign_in_with_a_plain_message(client, applicant):
    client.force_login(applicant)
    last_seen(client, 61)
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response.url == f"{SIGN_IN}?timeout=1&next=%2Faccount%2F"
    assert SESSION_KEY not in client.session
    page = client.get(response.url).content.decode()
    assert "You were signed out because nothing was done for 60 minutes." in page
    assert "Sign in to carry on where you left off." in page
    # The page asked for is kept: signing in again goes back to it.
    assert f'name="next" value="{ACCOUNT}"' in page


def test_the_idle_sign_out_is_in_the_activity_log(client, applicant):
    client.force_login(applicant)
    last_seen(client, 61)
    client.get(HOME)
    assert AuditEvent.objects.filter(verb=Verb.SIGNED_OUT, actor=applicant).count() == 1


def test_a_form_sent_after_the_hour_saves_nothing(client, applicant):
    client.force_login(applicant)
    last_seen(client, 61)
    response = client.post(ACCOUNT, {"full_name": "Someone Else", "email": applicant.email})
    assert response.status_code == 302
    assert response.url == f"{SIGN_IN}?timeout=1"
    applicant.refresh_from_db()
    assert applicant.full_name == "Aisha Applicant"


def test_autosave_after_the_hour_is_told_in_json(client, applicant):
    client.force_login(applicant)
    last_seen(client, 61)
    response = client.post(ACCOUNT, {}, headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 401
    assert response.json() == {"signed_out": True, "sign_in": f"{SIGN_IN}?timeout=1&next=%2Faccount%2F"}


def test_the_limit_is_a_setting(client, applicant, settings):
    settings.SESSION_IDLE_TIMEOUT = 10
    client.force_login(applicant)
    last_seen(client, 11 / 60)
    assert client.get(HOME).status_code == 302


def test_the_sign_in_page_without_a_timeout_has_no_such_message(client, db):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert b"Sign in" in response.content
    assert b"You were signed out" not in response.content


# "Stay signed in" ----------------------------------------------------------------------


def test_stay_signed_in_starts_the_clock_again(client, applicant):
    client.force_login(applicant)
    last_seen(client, 58)
    response = client.post(EXTEND)
    assert response.status_code == 200
    assert response.json() == {"seconds_left": 3600, "warn_after": 3225, "end_after": 3525}
    assert_clock_is_now(client)
    assert "no-store" in response["Cache-Control"]


def test_stay_signed_in_always_writes_the_clock_even_within_a_minute(client, applicant):
    client.force_login(applicant)
    last_seen(client, 0.5)
    client.post(EXTEND)
    assert_clock_is_now(client)


def test_stay_signed_in_too_late_says_so_and_does_not_sign_in_again(client, applicant):
    client.force_login(applicant)
    last_seen(client, 61)
    response = client.post(EXTEND)
    assert response.status_code == 401
    assert response.json()["signed_out"] is True
    assert SESSION_KEY not in client.session


def test_stay_signed_in_needs_signing_in(client, db):
    response = client.post(EXTEND)
    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)


def test_stay_signed_in_rejects_get(client, applicant):
    client.force_login(applicant)
    assert client.get(EXTEND).status_code == 405


def test_stay_signed_in_costs_one_session_write(client, applicant):
    client.force_login(applicant)
    client.post(EXTEND)
    # Reading the session and the user, then saving the session (in a savepoint): nothing else.
    with assert_max_queries(5):
        assert client.post(EXTEND).status_code == 200


# The warning on each signed-in page ---------------------------------------------------------


def test_signed_in_pages_carry_the_warning_with_the_timings(client, applicant):
    client.force_login(applicant)
    page = client.get(HOME).content.decode()
    assert '<dialog class="ct-timeout-dialog" id="session-timeout"' in page
    assert 'data-warn-after="3225" data-end-after="3525"' in page
    assert f'data-extend-url="{EXTEND}"' in page
    assert "Stay signed in" in page
    assert "js/session-timeout.js" in page


def test_a_visitors_page_has_no_warning(client, db):
    response = client.get(HOME)
    assert response.status_code == 200
    assert b"session-timeout" not in response.content


def session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum('UPDATE "django_session"' in query["sql"] for query in captured.captured_queries)


def test_a_page_within_the_minute_writes_no_session(client, applicant):
    """The clock is written at most once a minute, so ordinary pages cost no session write."""
    client.force_login(applicant)
    assert session_writes(client, ACCOUNT) == 0
    last_seen(client, 2)
    assert session_writes(client, ACCOUNT) == 1
    assert session_writes(client, ACCOUNT) == 0
