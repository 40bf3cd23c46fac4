"""Two presses of one sign-in link at the same moment (two tabs, or a double click on two app
servers) sign in once: the second waits for the first's row lock, then finds the link used."""

import pytest
from django.db import connection
from sesame.utils import get_token

from commissioning import services
from tests.commissioning.factories import UserFactory
from tests.helpers import at_the_same_moment


@pytest.mark.django_db(transaction=True)
def test_two_presses_at_the_same_moment_sign_in_once(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL (SQLite has no SELECT ... FOR UPDATE)")
    user = UserFactory(email="pat@example.org")
    token = get_token(user, scope=services.SIGN_IN_LINK_SCOPE)
    # The first press holds its transaction (and the row lock) open while it logs the sign-in.
    results = at_the_same_moment(monkeypatch, services, "record_event", lambda: services.use_sign_in_link(token))
    assert results == {"first": user, "second": None}
