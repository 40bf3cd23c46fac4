"""In Chromium, with the keyboard alone: on a large panel's results page a member follows the
summary's link to an application's scores on a later page, and pages through the shortlist.
Both pass axe's WCAG 2.2 AA checks and reflow at 320 px with their pagination showing."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.accessibility import assert_accessible, assert_reflows
from tests.keyboard import heading, press
from tests.panels.test_browser_scoring import sign_in

from .test_large_panels import many_scored

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_reads_a_large_panels_results_and_shortlist_page_by_page(
    page, live_server, member, panel, facilitator
):
    applications = many_scored(panel, member, facilitator, 25)

    page.goto(live_server.url + reverse("panels:panel_results", args=[panel.pk]))
    sign_in(page, member.email)
    expect(heading(page)).to_have_text("What the panel thought")
    assert_accessible(page)
    assert_reflows(page)
    lowest = page.get_by_role("table", name="The 25 applications, ranked").get_by_role("link").last
    name = lowest.inner_text()
    press(page, lowest)
    expect(page).to_have_url(re.compile(r"\?page=5#result-\d+$"))
    expect(page.get_by_role("heading", name="Scores by criterion: 21 to 25 of 25")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name=name)).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + reverse("panels:shortlist", args=[panel.pk]))
    expect(page.get_by_text("This page shows applications 1 to 20 of 25")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)
    press(page, page.get_by_role("link", name="Next 20 applications"))
    expect(page.get_by_text("This page shows applications 21 to 25 of 25")).to_be_visible()
    assert len(applications) == 25
