"""In Chromium, with the keyboard alone: staff remove a member from a panel, asked first on a
page of its own (axe's WCAG 2.2 AA checks, and 320 px)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from panels.models import PanelMembership
from tests.accessibility import assert_accessible, assert_reflows
from tests.keyboard import heading, press
from tests.panels.test_browser_scoring import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_remove_a_member_after_being_asked(page, live_server, facilitator, colleague, panel):
    page.goto(live_server.url + reverse("panels:panel_manage", args=[panel.pk]))
    sign_in(page, facilitator.email)

    press(page, page.get_by_role("link", name=f"Remove {colleague.full_name} from the panel"))
    expect(heading(page)).to_have_text(f"Remove {colleague.full_name} from the panel?")
    assert_accessible(page)
    assert_reflows(page)
    press(page, page.get_by_role("button", name=f"Yes, remove {colleague.full_name}"))

    expect(page.get_by_text(f"{colleague} is no longer on ‘{panel}’.")).to_be_visible()
    assert PanelMembership.objects.get(panel=panel, user=colleague).status == PanelMembership.Status.REMOVED
