"""Shared computers (a library, a day centre): a signed-in page is never kept by the browser for
the next person to find with the back button; public pages may be cached as usual."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["commissioning:home", "commissioning:account", "applications:application_list"])
def test_signed_in_pages_are_not_stored(client, applicant, name):
    client.force_login(applicant)
    response = client.get(reverse(name))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_staff_pages_are_not_stored_either(client, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("commissioning:round_list"))
    assert "no-store" in response["Cache-Control"]


def test_a_visitors_page_is_not_marked(client, db):
    response = client.get(reverse("commissioning:home"))
    assert "no-store" not in response.get("Cache-Control", "")
