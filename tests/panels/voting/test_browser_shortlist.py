"""A volunteer votes on the shortlist in Chromium with the keyboard alone: meets the error when
no choice is made, votes, changes the vote, and sees where the panel's vote stands. Each state
of the page passes axe's WCAG 2.2 AA checks."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from panels import services
from panels.models import Panel, Vote
from tests.accessibility import assert_accessible
from tests.commissioning.factories import UserFactory
from tests.keyboard import heading, press, tab_to
from tests.panels.factories import assign, eligible_application, seat, shortlisting_round
from tests.panels.test_browser_scoring import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def choose(page, group_name: str, label: str):
    """Tab into the radio group, then move with the arrow keys to `label`."""
    group = page.get_by_role("group", name=group_name)
    tab_to(page, group.get_by_role("radio").first)
    target = group.get_by_role("radio", name=label)
    for _ in range(3):
        if target.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(target).to_be_checked()


def test_a_member_votes_on_the_shortlist_with_the_keyboard_and_sees_the_standing(page, live_server):
    funding_round = shortlisting_round()
    facilitator = UserFactory(email="staff@example.org", facilitator=True)
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A", quorum=3)
    application = eligible_application(funding_round)
    assign(panel, application, facilitator)
    member = UserFactory(email="pamela@example.org", full_name="Pamela Panel")
    seat(member, panel)
    for n, include in enumerate([True, False]):
        colleague = UserFactory(email=f"colleague{n}@example.org", full_name=f"Colleague {n}")
        seat(colleague, panel)
        services.scoring.declare_interest(actor=colleague, application=application, has_conflict=False)
        services.shortlist.cast_shortlist_vote(actor=colleague, application=application, include=include)
    services.scoring.declare_interest(actor=member, application=application, has_conflict=False)
    organisation = application.organisation.name

    page.goto(live_server.url + reverse("panels:panel_detail", args=[panel.pk]))
    sign_in(page, "pamela@example.org")
    press(page, page.get_by_role("link", name="Shortlist vote for Panel A"))
    expect(heading(page)).to_have_text("Shortlist vote")
    standing = page.locator(f"#standing-{application.pk}")
    expect(standing).to_have_text("Waiting for votes: 2 of the quorum of 3")
    assert_accessible(page)

    # Sending without choosing: the error summary says what to do, and links to the choice.
    press(page, page.get_by_role("button", name=f"Send my vote on {organisation}"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose include on the shortlist or do not include")
    assert_accessible(page)

    choose(page, f"Your vote on {organisation}", "Include on the shortlist")
    press(page, page.get_by_role("button", name=f"Send my vote on {organisation}"))
    expect(page.get_by_text(f"Your vote on {organisation} is recorded: include on the shortlist.")).to_be_visible()
    expect(standing).to_have_text("2 include, 1 do not include: shortlisted")
    assert_accessible(page)

    # Changing one's mind changes the vote; it never adds a second one.
    choose(page, f"Your vote on {organisation}", "Do not include")
    press(page, page.get_by_role("button", name=f"Change my vote on {organisation}"))
    expect(standing).to_have_text("1 include, 2 do not include: not shortlisted")
    assert Vote.objects.filter(membership__user=member).count() == 1
    assert_accessible(page)
