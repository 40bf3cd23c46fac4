"""Setting up panels in a real Chromium: a facilitator creates a panel (with the keyboard
alone), invites a volunteer as its chair, and gives it applications with the fair-split
suggestion. Every page, error states included, has no WCAG 2.2 AA violation."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from panels.models import Panel, PanelAssignment, PanelMembership
from tests.accessibility import assert_accessible
from tests.applications.factories import open_round
from tests.commissioning.factories import TEST_PASSWORD, UserFactory
from tests.keyboard import press, tab_to, type_into

from .views.staff_support import eligible

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, email):
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_staff_create_a_panel_invite_a_chair_and_share_out_applications(page, live_server):
    funding_round = open_round(title="New projects 2018", minutes_per_application=90)
    other = Panel.objects.create(funding_round=funding_round, name="Panel B")
    facilitator = UserFactory(email="fay@example.org", full_name="Fay Facilitator", facilitator=True)
    eligible_ones = [eligible(funding_round) for _ in range(5)]
    PanelAssignment.objects.create(panel=other, application=eligible_ones[0], assigned_by=facilitator)
    UserFactory(email="violet@example.org", full_name="Violet Volunteer")
    UserFactory(email="sam@example.org", full_name="Sam Staff", facilitator=True)
    sign_in(page, live_server, "fay@example.org")

    # The round's panels, then a panel with no name: the error summary must be accessible too.
    page.goto(live_server.url + reverse("panels:panel_setup", args=[funding_round.slug]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Panels")
    expect(page.get_by_text("4 eligible applications are not with a panel yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Create the panel").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the panel's name")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)

    # With the keyboard alone: type the name and the quorum, then press the button.
    type_into(page, page.get_by_label("Panel name"), "Panel A")
    type_into(page, page.get_by_label("Quorum"), "3")
    press(page, page.get_by_role("button", name="Create the panel"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel A")
    expect(page.get_by_text("‘Panel A’ is set up.")).to_be_visible()
    assert_accessible(page)

    # Invite: a staff account is refused with the reason, then the volunteer as chair.
    page.get_by_role("link", name="Invite a member to Panel A").click()
    assert_accessible(page)
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Staff facilitate panels; they cannot sit on them.")
    assert_accessible(page)
    page.get_by_label("Email address").fill("violet@example.org")
    page.get_by_label("They will chair the panel").check()
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Violet Volunteer is invited to ‘Panel A’.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Violet Volunteer")
    expect(row).to_contain_text("Chair")
    expect(row).to_contain_text("Invited")
    expect(row).to_contain_text("0 of 5 modules")
    assert_accessible(page)

    # Applications: nothing ticked is refused; the suggestion then ticks the fair share.
    page.get_by_role("link", name="Give it applications (Panel A)").click()
    assert_accessible(page)
    page.get_by_role("button", name="Give the ticked applications to Panel A").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tick at least one application")
    assert_accessible(page)
    page.get_by_role("button", name="Suggest a fair split").click()
    # Panel A has 0 and Panel B 1: of the 4 left, Panel A takes 3 (ending 3 and 2).
    expect(page.locator("#suggestion")).to_contain_text("Panel A could take 3 of the 4 applications")
    expect(page.locator("input[name=applications]:checked")).to_have_count(3)
    assert_accessible(page)
    button = page.get_by_role("button", name="Give the ticked applications to Panel A")
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(page.get_by_text("3 applications given to ‘Panel A’.")).to_be_visible()
    assert_accessible(page)

    panel = Panel.objects.get(name="Panel A")
    assert panel.assignments.count() == 3
    assert PanelMembership.objects.get(panel=panel).is_chair


def test_staff_see_progress_but_not_the_scores_record_a_conflict_and_arrange_support(page, live_server):
    """While members have submitted, a facilitator sees "2 of 2 submitted" and never a score, a
    percentage or a comment (results included); then, with the keyboard, records a conflict they
    know of (the panel falls below its quorum) and arranges, then removes, support for a member."""
    from commissioning.models import Criterion
    from panels import services
    from tests.panels.factories import assign, eligible_application, seat, shortlisting_round

    funding_round = shortlisting_round()
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A", quorum=2)
    facilitator = UserFactory(email="fay@example.org", full_name="Fay Facilitator", facilitator=True)
    applications = [eligible_application(funding_round) for _ in range(2)]
    for application in applications:
        assign(panel, application, facilitator)
    criteria = list(funding_round.criteria.filter(kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED))
    members = [UserFactory(full_name="Pamela Panel"), UserFactory(full_name="Colin Colleague")]
    for person in members:
        seat(person, panel)
        for application in applications:
            services.scoring.declare_interest(actor=person, application=application, has_conflict=False)
            services.scoring.save_assessment(
                actor=person,
                application=application,
                scores={c.pk: (3, "SECRET-COMMENT") for c in criteria},
                overall_comment="SECRET-OVERALL",
                submit=True,
            )
    sign_in(page, live_server, "fay@example.org")

    page.goto(live_server.url + reverse("panels:panel_manage", args=[panel.pk]))
    for person in members:
        expect(page.get_by_role("row").filter(has_text=person.full_name)).to_contain_text("2 of 2 submitted")
    text = page.locator("main").inner_text()
    assert "%" not in text and "SECRET" not in text and "Average score" not in text
    assert_accessible(page)

    page.goto(live_server.url + reverse("panels:panel_results", args=[panel.pk]))
    expect(page.get_by_text("Staff see who has finished, but not the scores")).to_be_visible()
    text = page.locator("main").inner_text()
    assert "%" not in text and "SECRET" not in text and "Average score" not in text
    assert_accessible(page)

    # A conflict staff know of: nothing chosen first (the error summary), then with the keyboard.
    page.goto(live_server.url + reverse("panels:panel_manage", args=[panel.pk]))
    press(page, page.get_by_role("link", name="Record a conflict you know of (Panel A)"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a conflict of interest")
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Record the conflict"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the member who has the conflict")
    expect(summary).to_contain_text("Say what the conflict is")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Member"))
    page.keyboard.press("ArrowDown")  # from "Choose a member" to the first, Colin Colleague
    tab_to(page, page.get_by_label("Organisation"))
    page.keyboard.press("ArrowDown")
    type_into(page, page.get_by_label("What is the conflict?"), "His daughter chairs its trustees")
    press(page, page.get_by_role("button", name="Record the conflict"))
    expect(page.get_by_text("is recorded. They take no part in its decision.")).to_be_visible()
    expect(page.locator("#below-quorum")).to_contain_text("fewer members than the quorum of 2")
    assert_accessible(page)

    # Support for a member: arranged with the keyboard, then removed after a confirmation.
    press(page, page.get_by_role("link", name="Arrange support for a member of Panel A"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Arrange support for a member")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Member"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Pamela Panel
    tab_to(page, page.get_by_role("radio", name="A paper pack"))  # Tab enters the group at its first radio
    page.keyboard.press("ArrowDown")  # Taking part by phone
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Large print")).to_be_checked()
    type_into(page, page.get_by_label("Details"), "16 point, on cream paper")
    press(page, page.get_by_role("button", name="Save the support"))
    expect(page.get_by_text("Large print is arranged for Pamela Panel.")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Remove large print for Pamela Panel"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove this support?")
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Yes, remove this support"))
    expect(page.get_by_text("Large print for Pamela Panel is removed.")).to_be_visible()
    conflict = panel.memberships.get(user=members[1]).declarations.get(has_conflict=True)
    assert conflict.nature == "His daughter chairs its trustees" and conflict.recorded_by == facilitator
    assert not panel.memberships.get(user=members[0]).adjustments.exists()
