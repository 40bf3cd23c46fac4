"""/healthz for load balancers: 200 when the database answers, 503 when it does not."""

from unittest import mock

from django.db import OperationalError
from django.urls import reverse

from tests.helpers import assert_page_queries

HEALTHZ = reverse("commissioning:healthz")


def test_healthz_says_ok_when_the_database_answers(client, db):
    response = client.get(HEALTHZ)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_asks_the_database_once(client, db):
    assert assert_page_queries(client, HEALTHZ, at_most=1) == 1


def test_healthz_needs_no_sign_in_and_works_for_a_signed_in_person(client, applicant):
    client.force_login(applicant)
    assert client.get(HEALTHZ).status_code == 200


def test_healthz_is_503_when_the_database_does_not_answer(client, db):
    # The database server is outside the project: make its connection refuse.
    with mock.patch("commissioning.views.site.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get(HEALTHZ)
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json() == {"status": "unavailable", "database": "not answering"}


def test_healthz_rejects_post(client, db):
    assert client.post(HEALTHZ).status_code == 405
