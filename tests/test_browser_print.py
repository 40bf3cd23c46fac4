"""Printing, for people who read and write best on paper (issue 13, item 9): an applicant prints
their answers from "Check your answers", a volunteer prints a scoring sheet. The printed page,
laid out by Chromium as a PDF and read back with pdftotext, holds the page's own words and none
of the menus, buttons, help box or "Change" links, in black on white even with high contrast on."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.models import User
from panels import services
from panels.models import Panel
from tests.applications.test_browser_application import a_draft, sign_in
from tests.commissioning.factories import UserFactory
from tests.panels.factories import assign, eligible_application, seat, shortlisting_round
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


def printed(page) -> str:
    page.emulate_media(media="print")
    return pdf_text(page.pdf(format="A4"))


def test_an_applicant_prints_their_answers(page, live_server):
    application = a_draft()
    User.objects.filter(email="aisha@example.org").update(prefers_high_contrast=True)
    sign_in(page, live_server, "aisha@example.org")
    page.goto(live_server.url + reverse("applications:application_check", args=[application.pk]))

    expect(page.get_by_role("button", name="Print your answers")).to_be_visible()
    text = printed(page)

    assert "Check your answers before sending your application" in text
    assert "How will you find lonely people? Door knocking and the GP." in text
    for left_out in ("Your account", "Need help?", "Print your answers", "Change your answer", "Sign out"):
        assert left_out not in text
    # Black on white on paper, even with high contrast on the screen.
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"


def test_a_volunteer_prints_a_scoring_sheet(page, live_server):
    funding_round = shortlisting_round()
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    application = eligible_application(funding_round)
    assign(panel, application, UserFactory(email="staff@example.org", facilitator=True))
    member = UserFactory(email="pamela@example.org", full_name="Pamela Panel")
    seat(member, panel)
    services.scoring.declare_interest(actor=member, application=application, has_conflict=False)
    sign_in(page, live_server, "pamela@example.org")
    page.goto(live_server.url + reverse("panels:application_score", args=[panel.pk, application.pk]))

    expect(page.get_by_role("button", name="Print this scoring sheet")).to_be_visible()
    text = printed(page)

    assert "Score this application" in text
    assert "Reaches lonely older people" in text and "What good looks like" in text
    for left_out in ("Submit my scores", "Save as draft", "Your panels", "Need help?"):
        assert left_out not in text
