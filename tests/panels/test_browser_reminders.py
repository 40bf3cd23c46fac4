"""In a real Chromium, by keyboard alone: a member chooses which emails they get on their
account page, and finds "Add to calendar" on the panel's together page, which downloads the
session's calendar file. No WCAG 2.2 AA violation, at 320 px too."""

import re
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.models import User
from panels.models import Panel, TogetherSession
from tests.accessibility import assert_accessible, assert_reflows
from tests.commissioning.factories import UserFactory
from tests.commissioning.test_browser import sign_in
from tests.keyboard import heading, press, tab_to
from tests.panels.factories import seat, shortlisting_round

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_chooses_fewer_emails_and_adds_a_session_to_their_calendar(page, live_server):
    member = UserFactory(email="mo@example.org", full_name="Mo Member")
    staff = UserFactory(email="fay@example.org", full_name="Fay Facilitator", facilitator=True)
    panel = Panel.objects.create(funding_round=shortlisting_round(), name="Panel A")
    seat(member, panel)
    session = TogetherSession.objects.create(
        panel=panel,
        title="Agreeing the shortlist",
        starts_at=timezone.now() + timedelta(days=1),
        place="Leeds Civic Hall, Room 3",
        arranged_by=staff,
    )
    sign_in(page, live_server, "mo@example.org")

    page.goto(live_server.url + reverse("commissioning:account"))
    press(page, page.get_by_role("link", name="Change which emails you get"))
    expect(heading(page)).to_have_text("Which emails you get")
    assert_accessible(page)
    assert_reflows(page)
    radio = page.get_by_label("Only what needs me")
    tab_to(page, page.get_by_label("Everything"))
    page.keyboard.press("ArrowDown")
    expect(radio).to_be_checked()
    press(page, page.get_by_role("button", name="Save your choice"))
    expect(page.get_by_text("Your choice is saved: only what needs me.")).to_be_visible()
    assert_accessible(page)
    assert User.objects.get(pk=member.pk).email_choice == "needs_me"

    page.goto(live_server.url + reverse("panels:panel_together", args=[panel.pk]))
    link = page.locator(f'a[href="{reverse("panels:session_calendar", args=[session.pk])}"]')
    expect(link).to_have_accessible_name(re.compile(r"^Add to calendar\W+Agreeing the shortlist$"))
    assert_accessible(page)
    assert_reflows(page)
    tab_to(page, link)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == f"together-session-{session.pk}.ics"
    parsed = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    [event] = parsed.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Panel A: Agreeing the shortlist"
