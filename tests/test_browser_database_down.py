"""When the database does not answer, a page is a kind 503 that is as accessible as every other:
axe's WCAG 2.2 AA checks, at full width and at 320 px."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.accessibility import assert_accessible, assert_reflows
from tests.commissioning.views.test_error_pages import database_down
from tests.keyboard import heading

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_database_down_page_is_kind_and_accessible(page, live_server):
    with database_down():
        response = page.goto(live_server.url + reverse("commissioning:home"))
        assert response.status == 503
        expect(heading(page)).to_have_text("Sorry, the service is not available just now")
        assert_accessible(page)
        assert_reflows(page)
