"""A volunteer's scoring journey in Chromium with the keyboard alone: declare no conflict, read,
score (Tab to each group, arrow keys to choose), meet the error summary, submit, then see what
the others thought. Every page passes axe's WCAG 2.2 AA checks, the error state included."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.models import Criterion
from panels import services
from panels.models import Assessment, Panel
from tests.accessibility import assert_accessible
from tests.commissioning.factories import TEST_PASSWORD, UserFactory
from tests.keyboard import heading, press, tab_to, type_into

from .factories import assign, eligible_application, seat, shortlisting_round

pytestmark = pytest.mark.django_db(transaction=True)


def choose(page, group_name: str, score: int):
    """Tab into a criterion's radio group, then move with the arrow keys to `score`."""
    group = page.get_by_role("group", name=group_name)
    radios = group.get_by_role("radio")
    tab_to(page, radios.first)
    # Tab lands on the checked radio, or the first when none is; arrows move and choose.
    target = radios.nth(score)
    for _ in range(6):
        if target.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(target).to_be_checked()


def sign_in(page, email):
    """From the sign-in page a private page sends signed-out people to."""
    expect(heading(page)).to_have_text("Sign in")
    type_into(page, page.get_by_label("Email address"), email)
    type_into(page, page.get_by_label("Password"), TEST_PASSWORD)
    press(page, page.get_by_role("button", name="Sign in"))


def test_a_member_declares_scores_with_the_keyboard_submits_and_sees_the_others(page, live_server):
    funding_round = shortlisting_round()
    facilitator = UserFactory(email="staff@example.org", facilitator=True)
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    application = eligible_application(funding_round)
    assign(panel, application, facilitator)
    member = UserFactory(email="pamela@example.org", full_name="Pamela Panel")
    colleague = UserFactory(email="colin@example.org", full_name="Colin Colleague")
    seat(member, panel)
    seat(colleague, panel)
    # The colleague has already scored: 4 on everything.
    services.scoring.declare_interest(actor=colleague, application=application, has_conflict=False)
    criteria = list(funding_round.criteria.filter(kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED))
    services.scoring.save_assessment(
        actor=colleague, application=application, scores={c.pk: (4, "") for c in criteria}, submit=True
    )
    organisation = application.organisation.name

    page.goto(live_server.url + reverse("panels:panel_detail", args=[panel.pk]))
    sign_in(page, "pamela@example.org")
    expect(heading(page)).to_have_text("Panel A")
    expect(page.locator("#progress")).to_have_text("0 of 1 application scored")
    assert_accessible(page)
    # Beyond AA (WCAG 2.5.5): the link a volunteer presses is at least 44 by 44 pixels.
    declare = page.get_by_role("link", name=f"Declare your interests for {organisation}").bounding_box()
    assert declare["height"] >= 44 and declare["width"] >= 44

    press(page, page.get_by_role("link", name=f"Declare your interests for {organisation}"))
    expect(heading(page)).to_have_text(organisation)
    assert_accessible(page)
    tab_to(page, page.get_by_role("radio", name="No conflict"))
    page.keyboard.press("Space")
    press(page, page.get_by_role("button", name="Send my declaration"))

    expect(page.get_by_text(f"You declared no conflict with {organisation}.")).to_be_visible()
    expect(page.get_by_role("heading", name="Reaches lonely older people")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Score this application"))
    expect(heading(page)).to_have_text("Score this application")
    assert_accessible(page)

    # One criterion scored, the other forgotten: the error summary says what is missing.
    first, second = criteria
    choose(page, first.title, 3)
    type_into(page, page.get_by_label(f"Your comment on “{first.title}”"), "A clear plan with the GP surgery.")
    type_into(page, page.get_by_label("Your overall comment"), "A warm, well-run group.")
    press(page, page.get_by_role("button", name="Submit my scores"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"Choose a score for “{second.title}”")
    expect(page.get_by_role("group", name=first.title).get_by_role("radio").nth(3)).to_be_checked()
    expect(page.get_by_label("Your overall comment")).to_have_value("A warm, well-run group.")
    assert_accessible(page)

    choose(page, second.title, 2)
    press(page, page.get_by_role("button", name="Submit my scores"))
    expect(page.get_by_text(f"Your scores for {organisation} are submitted.")).to_be_visible()
    expect(page.locator("#progress")).to_have_text("1 of 1 application scored")
    assert_accessible(page)
    assessment = Assessment.objects.get(membership__user=member)
    assert assessment.status == Assessment.Status.SUBMITTED
    assert dict(assessment.scores.values_list("criterion_id", "value")) == {first.pk: 3, second.pk: 2}

    press(page, page.get_by_role("link", name="See what the panel thought"))
    expect(heading(page)).to_have_text("What the panel thought")
    # (3×2 + 2×1) / 12 = 66.67% and 100%: an average of 83.3%, from two members.
    expect(page.get_by_text("Average score: 83.3%")).to_be_visible()
    expect(page.get_by_text("Members differ by 2 or more points on: Will last beyond the grant.")).to_be_visible()
    assert_accessible(page)


def test_a_member_reopens_their_scores_and_declares_a_conflict_with_the_keyboard(page, live_server):
    """The member sees the support arranged for them; reopens submitted scores after a
    confirmation, changes one and submits again; and on the next application, the box for the
    conflict's nature appears only once "I have a conflict" is chosen."""
    from panels.models import Adjustment, InterestDeclaration

    funding_round = shortlisting_round()
    facilitator = UserFactory(email="staff@example.org", facilitator=True)
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    scored, next_one = eligible_application(funding_round), eligible_application(funding_round)
    for application in (scored, next_one):
        assign(panel, application, facilitator)
    member = UserFactory(email="pamela@example.org", full_name="Pamela Panel")
    membership = seat(member, panel)
    Adjustment.objects.create(
        membership=membership, kind="paper_pack", details="Posted a week before", recorded_by=facilitator
    )
    criteria = list(funding_round.criteria.filter(kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED))
    services.scoring.declare_interest(actor=member, application=scored, has_conflict=False)
    services.scoring.save_assessment(
        actor=member, application=scored, scores={c.pk: (2, "") for c in criteria}, submit=True
    )
    organisation = scored.organisation.name

    page.goto(live_server.url + reverse("panels:panel_detail", args=[panel.pk]))
    sign_in(page, "pamela@example.org")
    expect(page.get_by_role("heading", name="Support arranged for you")).to_be_visible()
    expect(page.locator("#support-arranged")).to_have_text("A paper pack: Posted a week before")

    page.goto(live_server.url + reverse("panels:application_score", args=[panel.pk, scored.pk]))
    expect(page.get_by_text("You submitted these scores")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_role("link", name=f"Change my scores for {organisation}"))
    expect(heading(page)).to_have_text("Change your scores?")
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Yes, reopen my scores"))
    expect(page.get_by_text(f"Your scores for {organisation} are open again.")).to_be_visible()
    assert_accessible(page)
    # Tab lands on the radio already checked (2); the arrow keys move on to 4.
    radios = page.get_by_role("group", name=criteria[0].title).get_by_role("radio")
    expect(radios.nth(2)).to_be_checked()
    tab_to(page, radios.nth(2))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(radios.nth(4)).to_be_checked()
    press(page, page.get_by_role("button", name="Submit my scores"))
    expect(page.get_by_text(f"Your scores for {organisation} are submitted.")).to_be_visible()
    assessment = Assessment.objects.get(membership=membership)
    assert assessment.status == Assessment.Status.SUBMITTED
    assert dict(assessment.scores.values_list("criterion_id", "value")) == {criteria[0].pk: 4, criteria[1].pk: 2}

    other = next_one.organisation.name
    press(page, page.get_by_role("link", name=f"Declare your interests for {other}"))
    nature = page.get_by_label("What is the conflict?")
    expect(nature).to_be_hidden()
    assert_accessible(page)
    tab_to(page, page.get_by_role("radio", name="No conflict"))
    page.keyboard.press("ArrowDown")  # to "I have a conflict", which reveals the box
    expect(page.get_by_role("radio", name="I have a conflict")).to_be_checked()
    expect(nature).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Send my declaration"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what the conflict is")
    expect(nature).to_be_visible()
    assert_accessible(page)
    type_into(page, nature, "I volunteer there on Tuesdays")
    press(page, page.get_by_role("button", name="Send my declaration"))
    expect(page.get_by_text(f"You declared a conflict with {other}")).to_be_visible()
    declaration = InterestDeclaration.objects.get(membership=membership, application=next_one)
    assert declaration.has_conflict and declaration.nature == "I volunteer there on Tuesdays"


def test_without_javascript_the_box_for_the_nature_simply_shows(browser, browser_context_args, live_server):
    funding_round = shortlisting_round()
    facilitator = UserFactory(email="staff@example.org", facilitator=True)
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    application = eligible_application(funding_round)
    assign(panel, application, facilitator)
    seat(UserFactory(email="pamela@example.org"), panel)
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("panels:interest_declare", args=[panel.pk, application.pk]))
        sign_in(page, "pamela@example.org")
        expect(page.get_by_label("What is the conflict?")).to_be_visible()
        page.get_by_role("radio", name="I have a conflict").check()
        page.get_by_label("What is the conflict?").fill("My sister runs it")
        page.get_by_role("button", name="Send my declaration").click()
        expect(page.get_by_text(f"You declared a conflict with {application.organisation.name}")).to_be_visible()
    finally:
        context.close()


def test_leaving_a_score_sheet_with_something_not_saved_asks_first(page, live_server):
    """Nothing typed is lost by a slip (issue 13, item 3): the browser asks before leaving a
    score sheet with a comment not yet saved; once it is saved, leaving asks nothing."""
    funding_round = shortlisting_round()
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    application = eligible_application(funding_round)
    assign(panel, application, UserFactory(email="staff@example.org", facilitator=True))
    member = UserFactory(email="pamela@example.org", full_name="Pamela Panel")
    seat(member, panel)
    services.scoring.declare_interest(actor=member, application=application, has_conflict=False)
    score_url = live_server.url + reverse("panels:application_score", args=[panel.pk, application.pk])
    page.goto(score_url)
    sign_in(page, "pamela@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Score this application")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # "Stay on this page"

    page.on("dialog", answer)
    page.get_by_label("Your comment on “Reaches lonely older people”").fill("A warm, well-run group.")
    page.get_by_role("link", name="Read the application again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Score this application")
    assert asked == ["beforeunload"]
    assert page.get_by_label("Your comment on “Reaches lonely older people”").input_value() == "A warm, well-run group."

    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Score this application")
    assert asked == ["beforeunload"]  # sending the form asked nothing
