"""The staff screens in a real Chromium: a facilitator sets up a round from nothing, and every
page they see, error states included, has no WCAG 2.2 AA violation. The keyboard alone fills
and submits the question form."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.models import FundingRound, JargonTerm
from tests.accessibility import assert_accessible
from tests.keyboard import tab_to

from .factories import (
    TEST_PASSWORD,
    CriterionFactory,
    FundingRoundFactory,
    QuestionFactory,
    UserFactory,
    add_timeline,
    join_criteria_group,
)

pytestmark = pytest.mark.django_db(transaction=True)

JARGON_SUMMARY = (
    "We will utilise this fund to leverage robust outcomes for stakeholders. "
    "Going forward, organisations must commence delivery prior to the end of the year."
)


def plain_english_list():
    """The jargon list the migration loads; a transactional test empties the tables first."""
    for term, plainer in [("utilise", "use"), ("stakeholders", "people involved"), ("leverage", "use")]:
        JargonTerm.objects.get_or_create(term=term, defaults={"plainer": plainer})


def sign_in(page, live_server, email, password=TEST_PASSWORD):
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def fill_date(page, stage: str, which: str, day: int, month: int, year: int):
    """Type a date into the GOV.UK date input for `which` ("First day"/"Last day") of `stage`."""
    group = page.get_by_role("group", name=stage).get_by_role("group", name=which)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def test_staff_set_up_a_round_from_nothing_and_every_page_is_accessible(page, live_server):
    plain_english_list()
    UserFactory(email="fay@example.org", full_name="Fay Facilitator", facilitator=True)
    sign_in(page, live_server, "fay@example.org")
    assert_accessible(page)

    # The list of rounds, empty at first.
    page.get_by_role("link", name="Set up and run funding rounds").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding rounds")
    assert_accessible(page)

    # A programme: first with nothing typed, then properly.
    page.get_by_role("button", name="Set up a new programme").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save the programme").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the programme's name")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    page.get_by_label("Programme name").fill("Time to Shine")
    page.get_by_label("Funder's name").fill("The National Lottery Community Fund")
    page.get_by_role("button", name="Save the programme").click()
    expect(page.get_by_text("‘Time to Shine’ is set up.")).to_be_visible()
    assert_accessible(page)

    # A round, with a negative budget first: the error summary must be accessible too.
    page.get_by_role("link", name="Add a funding round to Time to Shine").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("New projects 2018")
    page.get_by_label("Plain-English summary").fill(JARGON_SUMMARY)
    page.get_by_label("Total budget, in pounds").fill("-5")
    page.get_by_label("Smallest grant, in pounds").fill("10,000")
    page.get_by_label("Largest grant, in pounds").fill("150,000")
    page.get_by_role("button", name="Save the round").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The budget must be more than £0")
    assert_accessible(page)
    expect(page.get_by_label("Title")).to_have_value("New projects 2018")  # nothing typed is lost
    summary.get_by_role("link", name="The budget must be more than £0").click()
    expect(page.get_by_label("Total budget, in pounds")).to_be_focused()
    page.get_by_label("Total budget, in pounds").fill("1,700,000")
    page.get_by_role("button", name="Save the round").click()

    # Saved, and on to the next step, with the plain-English check's verdict on the summary.
    expect(page.get_by_text("‘New projects 2018’ is saved as a draft.")).to_contain_text("Next, set its timeline.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set the timeline")
    assert_accessible(page)
    # The full report sits beside the summary on the round's details.
    page.goto(live_server.url + reverse("commissioning:round_edit", args=["new-projects-2018"]))
    report = page.get_by_role("complementary", name="Plain English check: summary")
    expect(report).to_contain_text("“utilise”: try “use”")
    expect(report).to_contain_text("“stakeholders”: try “people involved”")
    assert_accessible(page)

    # The timeline: a date that is not real, then a gap too short for volunteers to rest.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="New projects 2018").click()
    assert_accessible(page)
    page.get_by_role("link", name="Set the timeline").click()
    assert_accessible(page)
    fill_date(page, "Agreeing the criteria", "First day", 8, 1, 2018)
    fill_date(page, "Agreeing the criteria", "Last day", 4, 2, 2018)
    fill_date(page, "Open for applications", "First day", 12, 2, 2018)
    fill_date(page, "Open for applications", "Last day", 11, 3, 2018)
    fill_date(page, "Checking eligibility", "First day", 19, 3, 2018)
    fill_date(page, "Checking eligibility", "Last day", 15, 4, 2018)
    fill_date(page, "Shortlisting", "First day", 31, 2, 2018)
    fill_date(page, "Shortlisting", "Last day", 20, 5, 2018)
    fill_date(page, "Interviews", "First day", 22, 5, 2018)
    fill_date(page, "Interviews", "Last day", 24, 6, 2018)
    page.get_by_role("button", name="Save the timeline").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the first day of ‘Shortlisting’ as a real date")
    assert_accessible(page)
    fill_date(page, "Shortlisting", "First day", 23, 4, 2018)
    page.get_by_role("button", name="Save the timeline").click()
    expect(page.get_by_text("The timeline for ‘New projects 2018’ is saved.")).to_be_visible()
    warning = page.locator(".govuk-warning-text").first
    expect(warning).to_contain_text("Volunteers get only 1 day of rest between “Shortlisting” and “Interviews”.")
    assert_accessible(page)

    # A question, filled in and sent with the keyboard alone.
    funding_round = FundingRound.objects.get(slug="new-projects-2018")
    CriterionFactory(funding_round=funding_round, title="Reaches lonely older people")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="New projects 2018").click()
    page.get_by_role("link", name="See the questions").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a question").click()
    assert_accessible(page)

    radio = page.get_by_role("radio", name="Reaches lonely older people")
    tab_to(page, radio)
    page.keyboard.press("Space")
    expect(radio).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Question", exact=True)).to_be_focused()
    page.keyboard.type("How will you utilise volunteers to reach lonely people?")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Help for applicants (optional)")).to_be_focused()
    page.keyboard.type("Tell us who you will reach.")
    page.keyboard.press("Tab")
    word_limit = page.get_by_label("Word limit for the answer")
    expect(word_limit).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("0")
    page.keyboard.press("Enter")  # submits the form from a text box

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a word limit between 1 and 5,000")
    assert_accessible(page)
    expect(page.get_by_label("Question", exact=True)).to_have_value(
        "How will you utilise volunteers to reach lonely people?"
    )
    error_link = summary.get_by_role("link", name="Enter a word limit between 1 and 5,000")
    tab_to(page, error_link)
    page.keyboard.press("Enter")
    expect(word_limit).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("250")
    save = page.get_by_role("button", name="Add the question")
    tab_to(page, save)
    page.keyboard.press("Enter")

    expect(page.get_by_text("The question is added.")).to_be_visible()
    expect(page.get_by_role("complementary", name="Plain English check: the question")).to_contain_text(
        "“utilise”: try “use”"
    )
    assert_accessible(page)
    assert funding_round.questions.get().word_limit == 250

    # The overview and its checklist for the next move.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="New projects 2018").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New projects 2018")
    expect(page.get_by_text("1 question on the application form.")).to_be_visible()
    expect(page.locator("#gate-failures")).to_contain_text("Invite at least one older person to the criteria group.")
    assert_accessible(page)
    page.get_by_role("link", name="Move ‘New projects 2018’ to the next stage").click()
    expect(page.locator("#gate-failures")).to_contain_text("Invite at least one older person to the criteria group.")
    assert_accessible(page)


def test_the_other_staff_pages_are_accessible_with_and_without_errors(page, live_server):
    plain_english_list()
    UserFactory(email="fay@example.org", full_name="Fay Facilitator", facilitator=True)
    funding_round = FundingRoundFactory(criteria=True, title="New projects 2018", slug="new-projects-2018")
    add_timeline(funding_round)
    question = QuestionFactory(criterion=CriterionFactory(funding_round=funding_round, agreed=True))
    join_criteria_group(UserFactory(full_name="Cyril Criteria"), funding_round)
    sign_in(page, live_server, "fay@example.org")

    # The round is ready to open: the checklist says so and offers the button.
    page.goto(live_server.url + reverse("commissioning:round_advance", args=[funding_round.slug]))
    expect(page.get_by_text("Ready to move to Open for applications.")).to_be_visible()
    assert_accessible(page)

    # The criteria group, then an invitation with a bad email address.
    page.goto(live_server.url + reverse("commissioning:criteria_group", args=[funding_round.slug]))
    expect(page.get_by_role("table")).to_contain_text("Answered 0 of 1 criterion")
    assert_accessible(page)
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Invite to the criteria group").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address like name@example.org")
    assert_accessible(page)

    # The questions, a question's own page and the page that confirms a removal.
    page.goto(live_server.url + reverse("commissioning:question_edit", args=[funding_round.slug, question.pk]))
    assert_accessible(page)
    page.goto(live_server.url + reverse("commissioning:question_remove", args=[funding_round.slug, question.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remove question")
    assert_accessible(page)

    # The plain-English word list, then a word that is already on it.
    page.goto(live_server.url + reverse("commissioning:jargon_list"))
    assert_accessible(page)
    page.get_by_label("Word or phrase to avoid").fill("Utilise")
    page.get_by_label("Plainer words to use instead").fill("use")
    page.get_by_role("button", name="Add to the list").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("This word is already on the list")
    assert_accessible(page)

    # Once the round is open, the questions are read-only and say why.
    page.goto(live_server.url + reverse("commissioning:round_advance", args=[funding_round.slug]))
    page.get_by_role("button", name="Move to open for applications").click()
    expect(page.get_by_text("‘New projects 2018’ is now open for applications")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("commissioning:question_list", args=[funding_round.slug]))
    expect(page.get_by_text("You can read the questions but not change them.")).to_be_visible()
    assert_accessible(page)
