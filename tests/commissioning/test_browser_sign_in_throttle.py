"""The "Too many tries" page in a real Chromium: it says when to try again and links to setting a
new password, which works with the keyboard; axe's WCAG 2.2 AA checks at full width and 320 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.accessibility import assert_accessible, assert_reflows
from tests.commissioning.factories import UserFactory
from tests.keyboard import heading, press

pytestmark = pytest.mark.django_db(transaction=True)


def test_too_many_tries_says_when_and_how_to_set_a_new_password(page, live_server, settings):
    UserFactory(email="ruth@example.org", full_name="Ruth Reader")
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Email address").fill("ruth@example.org")
        page.get_by_label("Password").fill("not my password")
        page.get_by_role("button", name="Sign in").click()
        expect(heading(page)).not_to_have_text("Hello")

    expect(heading(page)).to_have_text("Too many tries")
    expect(page.locator("#try-again")).to_have_text(
        re.compile(r"^You can try again after \d{1,2}:\d\d(am|pm) \(\d{1,2} [A-Z][a-z]+ \d{4}, UK time\)\.$")
    )
    assert_accessible(page)
    assert_reflows(page)

    press(page, page.get_by_role("link", name="set a new password"))
    expect(heading(page)).to_have_text("Set a new password")
