"""Signing in by emailed link in a real Chromium, by keyboard alone: ask on the sign-in page,
open the emailed link, press the button; a used link is refused with a way to ask again. Staff
send a member a link from the panel's page. Every page: no WCAG 2.2 AA violation, at 320 px too."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from panels.models import Panel
from tests.accessibility import assert_accessible, assert_reflows
from tests.keyboard import heading, press, type_into
from tests.panels.factories import seat, shortlisting_round

from .factories import UserFactory
from .test_browser import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def emailed_link(live_server, to: str) -> str:
    [message] = [message for message in mail.outbox if message.to == [to]][-1:]
    path = re.search(r"(/sign-in/link/[A-Za-z0-9_-]+/)", message.body).group(1)
    return live_server.url + path


def test_sign_in_by_emailed_link_with_the_keyboard(page, live_server, settings):
    UserFactory(email="nora@example.org", full_name="Nora Newby")
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    press(page, page.get_by_role("link", name="Email me a sign-in link"))
    expect(heading(page)).to_have_text("Email me a sign-in link")
    assert_accessible(page)
    assert_reflows(page)

    press(page, page.get_by_role("button", name="Email me a sign-in link"))  # nothing typed
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    assert_accessible(page)

    type_into(page, page.get_by_label("Email address"), "nora@example.org")
    press(page, page.get_by_role("button", name="Email me a sign-in link"))
    expect(heading(page)).to_have_text("Check your email")
    assert_accessible(page)
    assert_reflows(page)

    link = emailed_link(live_server, "nora@example.org")
    page.goto(link)
    expect(heading(page)).to_have_text("Sign in to Commissioning Together")
    expect(page.get_by_text("This sign-in link is for nora@example.org.")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)
    press(page, page.get_by_role("button", name="Sign in"))
    expect(heading(page)).to_contain_text("Hello")
    expect(page.get_by_text("You are signed in as nora@example.org.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(link)
    expect(heading(page)).to_have_text("This sign-in link does not work")
    assert_accessible(page)
    assert_reflows(page)
    press(page, page.get_by_role("link", name="Ask for a new sign-in link"))
    expect(heading(page)).to_have_text("Email me a sign-in link")


def test_staff_email_a_member_a_sign_in_link_from_the_panel_page(page, live_server):
    UserFactory(email="fay@example.org", full_name="Fay Facilitator", facilitator=True)
    panel = Panel.objects.create(funding_round=shortlisting_round(), name="Panel A")
    seat(UserFactory(email="mo@example.org", full_name="Mo Member"), panel)
    sign_in(page, live_server, "fay@example.org")
    page.goto(live_server.url + reverse("panels:panel_manage", args=[panel.pk]))
    assert_accessible(page)
    assert_reflows(page)
    press(page, page.get_by_role("button", name="Email a sign-in link to Mo Member"))
    expect(page.get_by_text("A sign-in link is on its way to Mo Member (mo@example.org).")).to_be_visible()
    assert_accessible(page)
    assert "Fay Facilitator has sent you a link to sign in" in mail.outbox[-1].body

    page.context.clear_cookies()
    page.goto(emailed_link(live_server, "mo@example.org"))
    press(page, page.get_by_role("button", name="Sign in"))
    expect(heading(page)).to_contain_text("Hello")
