"""An entry staff took down never counts until the member confirms it: not on the results page,
the shortlist, the decision pages or in the decision report. Once confirmed it counts, and it
says it was taken down wherever it appears."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.models import FundingRound
from panels import results, services
from panels.exceptions import PanelError
from panels.models import InterestDeclaration, Panel, ShortlistOutcome
from panels.services.reports import request_report
from tests.panels.paper.test_services import committed, take_down_sheet
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db

MARK = "taken down by Fiona Facilitator from Pamela Panel’s"


def confirm(take_down, member):
    services.paper.confirm_take_down(actor=member, take_down=take_down, token=take_down.confirmation_token())


@pytest.fixture
def colleague_submitted(colleague, panel, application, sheet):
    """Colin has declared and submitted his own scores (1 on every criterion)."""
    InterestDeclaration.objects.create(
        membership=colleague.panel_memberships.get(panel=panel),
        application=application,
        has_conflict=False,
        recorded_by=colleague,
    )
    services.scoring.save_assessment(
        actor=colleague, application=application, scores={pk: (1, "") for pk in sheet}, submit=True
    )
    return colleague


def test_the_results_page_leaves_out_an_unconfirmed_sheet_and_marks_a_confirmed_one(
    client, facilitator, on_paper, application, sheet, colleague_submitted, panel_member
):
    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    client.force_login(colleague_submitted)
    url = reverse("panels:panel_results", args=[on_paper.panel_id])

    page = client.get(url).content.decode()
    assert "from the scores of 1 member." in page
    assert MARK not in page

    confirm(take_down, panel_member)
    page = client.get(url).content.decode()
    assert "from the scores of 2 members." in page
    assert f"Scores {MARK} signed paper sheet on " in page


def test_an_unconfirmed_sheet_does_not_meet_the_scoring_gate(facilitator, on_paper, application, sheet, panel_member):
    from panels.gates import shortlisting_scored

    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    funding_round = application.funding_round
    (waiting,) = shortlisting_scored(funding_round, None)
    assert waiting.endswith("1 member of the 1 who can take part has not submitted their scores.")
    confirm(take_down, panel_member)
    assert list(shortlisting_scored(funding_round, None)) == []


def test_the_shortlist_leaves_out_an_unconfirmed_phone_vote_and_marks_a_confirmed_one(
    client, facilitator, on_phone, application, panel_member
):
    with committed():
        vote = services.paper.take_down_vote(
            actor=facilitator, membership=on_phone, application=application, source="phone", choice="include"
        )
    client.force_login(panel_member)
    url = reverse("panels:shortlist", args=[on_phone.panel_id])

    page = client.get(url).content.decode()
    assert "Nobody has voted yet." in page and MARK not in page

    confirm(vote.take_down, panel_member)
    page = client.get(url).content.decode()
    assert f"Pamela Panel (vote {MARK} phone call on " in page


@pytest.fixture
def deciding(funding_round, panel, application, on_phone):
    """The round at its decision stage, the application shortlisted, and a quorum of one."""
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.DECISION)
    Panel.objects.filter(pk=panel.pk).update(quorum=1)
    ShortlistOutcome.objects.create(application=application, panel=panel, outcome=ShortlistOutcome.Outcome.INCLUDED)
    application.refresh_from_db()
    application.funding_round.refresh_from_db()
    return application


def take_down_decision_vote(facilitator, seat, application):
    with committed():
        return services.paper.take_down_vote(
            actor=facilitator,
            membership=seat,
            application=application,
            source="phone",
            choice="fund",
            amount=Decimal("60000"),
        )


def test_a_decision_vote_by_phone_counts_only_once_confirmed(client, facilitator, on_phone, deciding, panel_member):
    vote = take_down_decision_vote(facilitator, on_phone, deciding)
    assert results.decision_count(deciding).counts == {}
    with pytest.raises(PanelError, match="Not enough votes yet: 0"):
        services.decisions.record_funding_decision(actor=panel_member, application=deciding, rationale="Good.")
    client.force_login(facilitator)
    url = reverse("panels:panel_decisions", args=[on_phone.panel_id])
    assert MARK not in client.get(url).content.decode()

    confirm(vote.take_down, panel_member)

    assert results.decision_count(deciding).counts == {"fund": 1}
    page = client.get(url).content.decode()
    assert f"Pamela Panel (vote {MARK} phone call on " in page
    decision = services.decisions.record_funding_decision(actor=panel_member, application=deciding, rationale="Good.")
    assert decision.amount_awarded == Decimal("60000")


def test_a_decision_vote_above_what_was_asked_is_refused(facilitator, on_phone, deciding):
    with pytest.raises(PanelError, match="cannot be more than the £75,000"):
        services.paper.take_down_vote(
            actor=facilitator,
            membership=on_phone,
            application=deciding,
            source="phone",
            choice="fund",
            amount=Decimal("80000"),
        )


def decisions_section(funding_round, actor) -> str:
    report = request_report(actor=actor, funding_round=funding_round)
    report.refresh_from_db()
    text = pdf_text(report.file.read())
    return text.split("The applications and the decisions", 1)[1].split("The budget", 1)[0]


def test_the_decision_report_leaves_out_an_unconfirmed_vote_and_marks_a_confirmed_one(
    facilitator, on_phone, deciding, panel_member
):
    vote = take_down_decision_vote(facilitator, on_phone, deciding)
    text = decisions_section(deciding.funding_round, facilitator)
    assert deciding.organisation.name in text
    assert "Votes: 1 fund" not in text and "taken down" not in text

    confirm(vote.take_down, panel_member)
    text = decisions_section(deciding.funding_round, facilitator)
    assert "Votes: 1 fund" in text
    assert f"Decision vote {MARK} phone call on " in text


def test_staff_progress_counts_a_sheet_as_submitted_only_once_confirmed(
    client, facilitator, on_paper, application, sheet, panel_member
):
    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    client.force_login(facilitator)
    url = reverse("panels:panel_manage", args=[on_paper.panel_id])
    assert "0 of 1 submitted" in client.get(url).content.decode()
    confirm(take_down, panel_member)
    assert "1 of 1 submitted" in client.get(url).content.decode()


def test_an_unconfirmed_sheet_does_not_open_the_others_scores_to_the_member(
    facilitator, on_paper, application, sheet, panel_member
):
    from commissioning.permissions import can

    take_down = take_down_sheet(facilitator, on_paper, application, sheet).take_down
    assert not can(panel_member, "panels.view_assessments", application).allowed
    confirm(take_down, panel_member)
    assert can(panel_member, "panels.view_assessments", application).allowed


def test_the_members_decision_page_says_their_vote_was_taken_down(
    client, facilitator, on_phone, deciding, panel_member
):
    vote = take_down_decision_vote(facilitator, on_phone, deciding)
    confirm(vote.take_down, panel_member)
    client.force_login(panel_member)
    page = client.get(reverse("panels:decision_list", args=[on_phone.panel_id])).content.decode()
    assert f"Your vote: fund, £60,000 (vote {MARK} phone call on " in page


def test_no_decision_vote_is_taken_down_for_an_application_not_shortlisted(facilitator, on_phone, deciding):
    from commissioning.permissions import can
    from panels.permissions import TakeDownFor

    assert can(facilitator, "panels.take_down", TakeDownFor(on_phone, deciding, "vote"))
    ShortlistOutcome.objects.filter(application=deciding).update(outcome=ShortlistOutcome.Outcome.NOT_INCLUDED)
    decision = can(facilitator, "panels.take_down", TakeDownFor(on_phone, deciding, "vote"))
    assert decision.reason == "Only shortlisted applications are decided on."
