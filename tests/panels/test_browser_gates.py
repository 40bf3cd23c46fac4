"""In a real Chromium: staff try to move a round past its shortlisting before the panel has
finished. The move page shows the gate checklist with each reason, offers no move, and a move
sent anyway (the page was loaded while the gates held) is refused in plain words: the round stays."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.models import FundingRound
from panels.models import Assessment, Panel, ShortlistOutcome
from tests.accessibility import assert_accessible
from tests.commissioning.factories import TEST_PASSWORD, UserFactory

from .factories import assign, eligible_application, seat, shortlisting_round

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, email):
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_staff_cannot_skip_the_shortlisting_and_see_why(page, live_server):
    funding_round = shortlisting_round()
    staff = UserFactory(email="fay@example.org", full_name="Fay Facilitator", facilitator=True)
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A", quorum=2)
    application = eligible_application(funding_round)
    assign(panel, application, staff)
    seats = [seat(UserFactory(full_name=name), panel) for name in ("Pamela Panel", "Colin Colleague")]
    ShortlistOutcome.objects.create(application=application, panel=panel, outcome=ShortlistOutcome.Outcome.INCLUDED)
    assessments = [
        Assessment.objects.create(
            membership=membership,
            application=application,
            status=Assessment.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        for membership in seats
    ]
    assessments[1].delete()  # Colin has not submitted yet.
    sign_in(page, live_server, "fay@example.org")

    page.goto(live_server.url + reverse("commissioning:round_advance", args=[funding_round.slug]))
    checklist = page.locator("#gate-failures")
    expect(checklist).to_contain_text("Not yet Every member who can take part has scored")
    expect(checklist).to_contain_text("1 member of the 2 who can take part has not submitted their scores.")
    expect(checklist).to_contain_text("Done Every application has a shortlist outcome")
    expect(page.get_by_role("button", name="Move to interviews")).to_have_count(0)
    assert_accessible(page)

    # Colin submits, staff open the page, then Colin's scores are reopened before staff press the button.
    Assessment.objects.create(
        membership=seats[1], application=application, status=Assessment.Status.SUBMITTED, submitted_at=timezone.now()
    )
    page.reload()
    expect(page.get_by_text("Ready to move to Interviews.")).to_be_visible()
    Assessment.objects.filter(membership=seats[1]).update(status=Assessment.Status.DRAFT, submitted_at=None)
    page.get_by_role("button", name="Move to interviews").click()

    expect(page.get_by_role("alert")).to_contain_text("cannot move to ‘Interviews’ yet")
    expect(page.locator("#gate-failures")).to_contain_text("has not submitted their scores")
    assert_accessible(page)
    funding_round.refresh_from_db()
    assert funding_round.status == FundingRound.Status.SHORTLISTING
