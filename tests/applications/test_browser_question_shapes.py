"""Every shape of question in a real Chromium (issue 11): a section with all twelve shapes (help
text or none; a limit of 1, 300 or 5,000 words; required or optional) passes axe-core, at full
width and at 320 px, before and after an answer is refused on its field; the keyboard reaches
every box in order, and each box's live word count is read out as its description."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.accessibility import assert_accessible, assert_reflows
from tests.applications.views.test_question_shapes import SHAPES, round_with
from tests.commissioning.factories import TEST_PASSWORD, UserFactory
from tests.keyboard import heading, press, tab_to, type_into

from .factories import ApplicationFactory, OrganisationFactory, join_organisation

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_question_shape_is_accessible_and_usable_by_keyboard(page, live_server):
    aisha = UserFactory(email="aisha@example.org", full_name="Aisha Applicant")
    organisation = OrganisationFactory(main_contact=aisha)
    join_organisation(aisha, organisation)
    funding_round, questions = round_with(SHAPES)
    draft = ApplicationFactory(funding_round=funding_round, organisation=organisation, created_by=aisha)
    section = live_server.url + reverse("applications:application_section", args=[draft.pk, questions[0].criterion_id])

    page.goto(live_server.url + reverse("commissioning:sign_in"))
    page.get_by_label("Email address").fill("aisha@example.org")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.goto(section)
    expect(heading(page)).to_have_text("Every kind of question")
    assert_accessible(page)
    assert_reflows(page)

    for question in questions:
        box = page.locator(f"#id_question_{question.pk}")
        tab_to(page, box)
        # The box is described by its live word count (and its hint, when it has one).
        description = box.evaluate(
            "el => el.getAttribute('aria-describedby').split(' ')"
            ".map(id => document.getElementById(id).textContent.trim()).join(' | ')"
        )
        assert "word" in description, description
        if question.help_text:
            assert "Tell us in your own words" in description
    expect(page.get_by_label("Question 2: help-1-words-optional? (optional)")).to_be_visible()

    # Far too much in the one-word box: refused on its field, the error read with the box.
    one_word = page.locator(f"#id_question_{questions[0].pk}")
    type_into(page, one_word, "x" * 25)
    press(page, page.get_by_role("button", name="Save and come back later"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("far longer than the 1 word the")
    assert_accessible(page)
    assert_reflows(page)
    described = one_word.evaluate(
        "el => el.getAttribute('aria-describedby').split(' ')"
        ".map(id => document.getElementById(id).textContent.trim()).join(' | ')"
    )
    assert "far longer than the 1 word the" in described and "word" in described.split("|")[-1]
