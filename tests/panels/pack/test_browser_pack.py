"""In Chromium, with the keyboard alone: a member prepares and downloads their panel pack from
the panel's page, and staff prepare one for a member from the panel's staff page; the pack's
page follows a build by itself. Every page and state passes axe's WCAG 2.2 AA checks."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from panels import services
from panels.models import PackBuild, Panel, PanelMembership
from panels.services.pack import build_pack
from tests.accessibility import assert_accessible, assert_reflows
from tests.commissioning.factories import UserFactory
from tests.keyboard import heading, press, tab_to
from tests.panels.factories import assign, eligible_application, seat, shortlisting_round
from tests.panels.test_browser_scoring import sign_in
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def panel_with_member():
    funding_round = shortlisting_round()
    facilitator = UserFactory(email="staff@example.org", full_name="Fiona Facilitator", facilitator=True)
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    application = eligible_application(funding_round)
    assign(panel, application, facilitator)
    member = UserFactory(email="pamela@example.org", full_name="Pamela Panel")
    seat(member, panel)
    services.scoring.declare_interest(actor=member, application=application, has_conflict=False)
    return panel, application


def download_with_enter(page, link):
    tab_to(page, link)
    with page.expect_download() as waiting:
        page.keyboard.press("Enter")
    download = waiting.value
    with open(download.path(), "rb") as pdf:
        return download.suggested_filename, pdf_text(pdf.read())


def test_a_member_prepares_and_downloads_their_pack_with_the_keyboard(page, live_server, panel_with_member):
    panel, application = panel_with_member

    page.goto(live_server.url + reverse("panels:panel_detail", args=[panel.pk]))
    sign_in(page, "pamela@example.org")
    expect(heading(page)).to_have_text("Panel A")
    assert_accessible(page)

    press(page, page.get_by_role("link", name="Get your panel pack (PDF, for printing)"))
    expect(heading(page)).to_have_text("Your panel pack")
    expect(page.get_by_role("status")).to_contain_text("No pack has been prepared yet.")
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Prepare the pack"))
    expect(page.get_by_role("status")).to_contain_text("The pack is ready")
    assert_accessible(page)
    assert_reflows(page)

    filename, text = download_with_enter(
        page, page.get_by_role("link", name="Download the panel pack (PDF, for printing)")
    )

    assert filename == "panel-a-pack-pamela-panel.pdf"
    assert "For Pamela Panel." in text
    assert f"Your scores for {application.organisation.name}" in text


def test_the_pack_page_follows_the_build_by_itself(page, live_server, panel_with_member):
    panel, application = panel_with_member
    waiting = PackBuild.objects.create(membership=PanelMembership.objects.get(panel=panel))

    page.goto(live_server.url + reverse("panels:member_pack", args=[panel.pk]))
    sign_in(page, "pamela@example.org")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Waiting for the pack builder to start: 0% done.")
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "0")
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    assert_accessible(page)

    # The worker picks the build up and finishes it; the page notices by itself.
    build_pack(waiting.pk)
    expect(status).to_contain_text("The pack is ready", timeout=15_000)
    expect(page.get_by_role("link", name="Download the panel pack (PDF, for printing)")).to_be_visible()
    assert_accessible(page)


def test_staff_print_a_pack_for_a_member_with_the_keyboard(page, live_server, panel_with_member):
    panel, application = panel_with_member

    page.goto(live_server.url + reverse("panels:panel_manage", args=[panel.pk]))
    sign_in(page, "staff@example.org")
    expect(heading(page)).to_have_text("Panel A")
    assert_accessible(page)

    press(page, page.get_by_role("link", name="Print a pack for Pamela Panel"))
    expect(heading(page)).to_have_text("Panel pack for Pamela Panel")
    press(page, page.get_by_role("button", name="Prepare the pack"))
    expect(page.get_by_role("status")).to_contain_text("The pack is ready")
    assert_accessible(page)
    filename, text = download_with_enter(
        page, page.get_by_role("link", name="Download the panel pack (PDF, for printing)")
    )

    assert filename == "panel-a-pack-pamela-panel.pdf"
    assert f"Your scores for {application.organisation.name}" in text
