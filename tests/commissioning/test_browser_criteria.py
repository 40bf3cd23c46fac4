"""The criteria group in a real Chromium: propose, agree, facilitate, reword and publish.

axe-core checks every page on the way, error states included, and one answer is given
with the keyboard alone.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from commissioning import services
from commissioning.models import Criterion, FundingRound, User
from tests.accessibility import assert_accessible
from tests.keyboard import heading

from .factories import (
    TEST_PASSWORD,
    FundingRoundFactory,
    QuestionFactory,
    UserFactory,
    add_timeline,
    join_criteria_group,
)

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, email):
    page.goto(live_server.url + reverse("commissioning:sign_in"))
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    assert_accessible(page)  # the home page, with the person's next steps


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    assert_accessible(page)


def test_the_group_agrees_a_criterion_staff_reword_it_and_the_public_see_it(page, live_server):
    funding_round = FundingRoundFactory(criteria=True, title="New projects 2018", criteria_quorum=3)
    add_timeline(funding_round)
    pat = UserFactory(email="pat@example.org", full_name="Pat Proposer")
    ada = UserFactory(email="ada@example.org", full_name="Ada Agree")
    bob = UserFactory(email="bob@example.org", full_name="Bob Builder")
    for member in (pat, ada, bob):
        join_criteria_group(member, funding_round)
    UserFactory(email="fiona@example.org", full_name="Fiona Facilitator", facilitator=True)

    # Pat sees her groups, finds the round from the home page and proposes a criterion.
    sign_in(page, live_server, "pat@example.org")
    page.goto(live_server.url + reverse("commissioning:criteria_rounds"))
    expect(heading(page)).to_have_text("Your criteria groups")
    expect(page.locator("main")).to_contain_text("0 criteria proposed so far; 0 agreed.")
    assert_accessible(page)
    page.goto(live_server.url + reverse("commissioning:home"))
    page.get_by_role("link", name="Agree the criteria for “New projects 2018”").click()
    expect(heading(page)).to_have_text("The criteria")
    assert_accessible(page)
    page.get_by_role("link", name="Propose a criterion").click()
    expect(heading(page)).to_have_text("Propose a criterion")
    assert_accessible(page)

    # Sent empty: an error summary whose links land on the fields.
    page.get_by_role("button", name="Propose this criterion").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Give the criterion a short name")
    expect(summary).to_contain_text("Choose how the panels should use it")
    assert_accessible(page)
    summary.get_by_role("link", name="Choose how the panels should use it").click()
    expect(page.get_by_label("Give each application a score from 0 to 4")).to_be_focused()

    page.get_by_label("Give the criterion a short name").fill("Reaches people who are lonely")
    page.get_by_label("What it means").fill("The project finds older people who are cut off, and welcomes them.")
    page.get_by_label("What good looks like").fill("A clear plan to reach people who do not go to groups already.")
    page.get_by_label("Give each application a score from 0 to 4").check()
    page.get_by_label("How much should it count?").fill("3")
    for point, words in enumerate(["No plan", "A vague idea", "Some plan", "A good plan", "A tested plan"]):
        page.get_by_label(f"A score of {point} means").fill(words)
    page.get_by_role("button", name="Propose this criterion").click()
    expect(heading(page)).to_have_text("Reaches people who are lonely")
    expect(page.get_by_text("is now on the list for the group to discuss")).to_be_visible()
    assert_accessible(page)
    criterion_url = page.url

    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_text("Your answer is saved.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # Ada answers with the keyboard alone.
    sign_in(page, live_server, "ada@example.org")
    page.goto(criterion_url)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    agree = page.get_by_label("I agree")
    for _ in range(40):
        page.keyboard.press("Tab")
        if agree.evaluate("el => el === document.activeElement"):
            break
    expect(agree).to_be_focused()
    page.keyboard.press("Space")
    expect(agree).to_be_checked()
    save = page.get_by_role("button", name="Save my answer")
    for _ in range(10):
        page.keyboard.press("Tab")
        if save.evaluate("el => el === document.activeElement"):
            break
    expect(save).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your answer is saved.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # Bob's answer is the third: the criterion is agreed.
    sign_in(page, live_server, "bob@example.org")
    page.goto(criterion_url)
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_text("With your answer, the group has agreed this criterion.")).to_be_visible()
    expect(page.locator("main .govuk-tag").first).to_have_text("Agreed")
    assert_accessible(page)
    sign_out(page)

    # Fiona facilitates: no answer form, the reason why, and clearer words offered.
    sign_in(page, live_server, "fiona@example.org")
    page.goto(criterion_url)
    expect(page.get_by_role("button", name="Save my answer")).to_have_count(0)
    expect(page.get_by_text("Staff and administrators facilitate: they cannot agree criteria")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Suggest clearer wording").click()
    expect(heading(page)).to_have_text("Suggest clearer wording")
    assert_accessible(page)
    page.get_by_label("Short name").fill("Reaches people who feel lonely")
    page.get_by_label("Why this wording?").fill("“Feel” is kinder: people do not always say they are lonely.")
    page.get_by_role("button", name="Send to Pat Proposer").click()
    expect(page.get_by_text("Your suggestion is sent to Pat Proposer.")).to_be_visible()
    expect(page.get_by_role("button", name="Use the new wording")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    # Pat sees both versions side by side and accepts.
    sign_in(page, live_server, "pat@example.org")
    page.goto(criterion_url)
    expect(page.get_by_role("table", name="The words now and the suggested words, side by side")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Use the new wording").click()
    expect(page.get_by_text("You accepted the new wording.")).to_be_visible()
    expect(heading(page)).to_have_text("Reaches people who feel lonely")
    assert_accessible(page)
    sign_out(page)

    # Fiona opens the round for applications through its gates.
    QuestionFactory(criterion=Criterion.objects.get(), text="How will you find people who feel lonely?")
    sign_in(page, live_server, "fiona@example.org")
    page.goto(live_server.url + reverse("commissioning:round_advance", args=[funding_round.slug]))
    assert_accessible(page)
    page.get_by_role("button", name="Move to open for applications").click()
    expect(page.get_by_text("is now open for applications")).to_be_visible()
    assert_accessible(page)
    assert FundingRound.objects.get(pk=funding_round.pk).status == FundingRound.Status.OPEN
    sign_out(page)

    # The criteria are locked now: Pat can no longer answer or change them.
    sign_in(page, live_server, "pat@example.org")
    page.goto(criterion_url)
    expect(page.get_by_role("button", name="Save my answer")).to_have_count(0)
    expect(page.get_by_text("The criteria for this round are settled").first).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The public page shows what the group agreed, and who.
    page.goto(live_server.url + reverse("commissioning:round_detail", args=[funding_round.slug]))
    expect(heading(page)).to_have_text("New projects 2018")
    main = page.locator("main")
    expect(main).to_contain_text("Reaches people who feel lonely")
    expect(main).to_contain_text("A clear plan to reach people who do not go to groups already.")
    today = timezone.localdate()
    expect(main).to_contain_text(f"Agreed by 3 older people on {today.day} {today:%B %Y}")
    expect(main).to_contain_text("Grants from £50,000 to £200,000")
    expect(page.get_by_role("link", name="Sign in to apply")).to_be_visible()
    assert_accessible(page)


def test_invitation_withdrawal_and_an_objection_without_a_reason_are_accessible(
    page, live_server, django_capture_on_commit_callbacks, mailoutbox
):
    funding_round = FundingRoundFactory(criteria=True, title="New projects 2019")
    add_timeline(funding_round)
    fiona = UserFactory(email="fiona@example.org", full_name="Fiona Facilitator", facilitator=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_criteria_group_member(
            actor=fiona, funding_round=funding_round, email="nora@example.org", full_name="Nora Newcomer"
        )
    link = re.search(r"https?://[^/\s]+(/invitation/\S+/)", mailoutbox[0].body).group(1)

    # Nora follows her invitation, chooses a password and lands on the criteria.
    page.goto(live_server.url + link)
    expect(heading(page)).to_have_text("Welcome to Commissioning Together – choose a password")
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("tea and biscuits at four")
    page.get_by_label("Type the new password again").fill("tea and biscuits at four")
    page.get_by_role("button", name="Save my password and continue").click()
    expect(heading(page)).to_have_text("The criteria")
    expect(page.get_by_text("Welcome. Your password is saved and you are signed in.")).to_be_visible()
    assert_accessible(page)

    # She proposes a criterion, objects to another without saying why, then withdraws her own.
    other = Criterion.objects.create(
        funding_round=funding_round,
        title="Meets in a town centre",
        description="d",
        what_good_looks_like="w",
        kind=Criterion.Kind.MUST_HAVE,
        proposer=fiona,
    )
    page.goto(live_server.url + other.get_absolute_url())
    page.get_by_label("I object").check()
    page.get_by_role("button", name="Save my answer").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Tell the group why you object, so they can discuss it")
    assert_accessible(page)

    mine = Criterion.objects.create(
        funding_round=funding_round,
        title="Free to join",
        description="d",
        what_good_looks_like="w",
        kind=Criterion.Kind.MUST_HAVE,
        proposer=User.objects.get(email="nora@example.org"),
    )
    page.goto(live_server.url + mine.get_absolute_url())
    page.get_by_role("link", name="Withdraw this criterion").click()
    expect(heading(page)).to_have_text("Withdraw “Free to join”?")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, withdraw it").click()
    expect(page.get_by_text("You withdrew “Free to join”.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Withdrawn")
    assert_accessible(page)

    # The link worked once.
    sign_out(page)
    page.goto(live_server.url + link)
    expect(heading(page)).to_have_text("This invitation link does not work")
    assert_accessible(page)
