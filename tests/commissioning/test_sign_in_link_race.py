"""Two presses of one sign-in link at the same moment (two tabs, or a double click on two app
servers) sign in once: the second waits for the first's row lock, then finds the link used."""

import threading
import time

import pytest
from django.db import connection
from sesame.utils import get_token

from commissioning import services
from tests.commissioning.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_presses_at_the_same_moment_sign_in_once(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL (SQLite has no SELECT ... FOR UPDATE)")
    user = UserFactory(email="pat@example.org")
    token = get_token(user, scope=services.SIGN_IN_LINK_SCOPE)
    first_inside, let_first_finish = threading.Event(), threading.Event()
    real_record_event = services.record_event

    def slow_first(**kwargs):
        # The first press holds its transaction (and the row lock) open here.
        if threading.current_thread().name == "first":
            first_inside.set()
            assert let_first_finish.wait(10)
        return real_record_event(**kwargs)

    monkeypatch.setattr(services, "record_event", slow_first)
    results = {}

    def press(name):
        try:
            results[name] = services.use_sign_in_link(token)
        finally:
            connection.close()

    first = threading.Thread(target=press, args=["first"], name="first")
    second = threading.Thread(target=press, args=["second"], name="second")
    first.start()
    assert first_inside.wait(10)
    second.start()
    time.sleep(0.5)  # the second press is now waiting for the first's lock
    let_first_finish.set()
    first.join(10), second.join(10)

    assert results == {"first": user, "second": None}
