"""A score sheet whose comment is far too long, in a real Chromium: the error is on the comment's
own box and in the summary, every word is kept, and the page passes axe (WCAG 2.2 AA)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.models import Criterion
from tests.accessibility import assert_accessible
from tests.commissioning.factories import UserFactory
from tests.commissioning.test_browser import sign_in

from .factories import panel_with_an_application, seat_and_declare

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_too_long_comment_is_shown_on_its_box_and_passes_axe(page, live_server):
    panel, application = panel_with_an_application()
    seat_and_declare(UserFactory(email="pamela@example.org", full_name="Pamela Panel"), panel, application)
    first = panel.funding_round.criteria.filter(kind=Criterion.Kind.SCORED).order_by("position", "pk").first()
    sign_in(page, live_server, "pamela@example.org")
    page.goto(live_server.url + reverse("panels:application_score", args=[panel.pk, application.pk]))
    comment = page.get_by_label(f"Your comment on “{first.title}”")
    typed = " ".join(["far too long"] * 500)  # 6,499 characters
    comment.fill(typed)
    page.get_by_role("button", name="Save as draft").click()

    message = f"Your comment on “{first.title}” must be 5,000 characters or fewer: shorten it, then save again"
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page.locator(f"#id_comment_{first.pk}-error")).to_contain_text(message)
    expect(comment).to_have_value(typed)
    assert_accessible(page)
