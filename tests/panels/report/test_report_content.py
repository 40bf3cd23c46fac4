"""The decision report says how the money was given out: pdftotext finds every fact the funder,
the applicants and the public need, and the PDF is tagged for screen readers."""

import pytest

from applications.audit import Verb as ApplicationVerb
from commissioning.services import record_event
from panels.audit import Verb
from panels.models import DecisionReport, FundingDecision
from panels.services.reports import request_report
from tests.pdfs import pdf_info, pdf_text, pdf_ua_problems

pytestmark = pytest.mark.django_db


def build(decided, actor):
    report = request_report(actor=actor, funding_round=decided.funding_round)
    report.refresh_from_db()
    assert report.status == DecisionReport.Status.READY, report.error
    return report, report.file.read()


def test_the_report_is_a_tagged_pdf_titled_for_the_round(decided, facilitator):
    report, pdf = build(decided, facilitator)

    info = pdf_info(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == f"Decision report: {decided.funding_round.title}"
    assert report.file.name.startswith("reports/")
    assert report.progress == 100
    assert report.seconds_taken is not None


def test_the_report_meets_pdf_ua_as_far_as_a_machine_can_tell(decided, facilitator):
    assert pdf_ua_problems(build(decided, facilitator)[1]) == []


def test_the_cover_names_the_programme_the_round_and_the_funder(decided, facilitator):
    text = pdf_text(build(decided, facilitator)[1])

    funding_round = decided.funding_round
    assert f"Decision report: {funding_round.title}" in text
    assert funding_round.programme.name in text
    assert funding_round.programme.funder_name in text


def test_the_criteria_and_who_agreed_them_and_when(decided, facilitator):
    text = pdf_text(build(decided, facilitator)[1])

    assert "criteria group of 3 older people: Gwen Group 1, Gwen Group 2, Gwen Group 3" in text
    for criterion in decided.funding_round.criteria.filter(status="agreed"):
        assert criterion.title in text
        assert criterion.agreed_at.strftime("%-d %B %Y") in text
    assert "3 agreed of" in text


def test_every_member_is_named_and_the_chairs_are_marked(decided, facilitator):
    text = pdf_text(build(decided, facilitator)[1])

    for person in decided.members:
        assert person.full_name in text
    for chair in decided.chairs:
        assert f"{chair.full_name} Chair" in text
        assert f"Chair: {chair.full_name}" in text  # the sign-off block


def test_declared_conflicts_and_the_recusals_they_led_to(decided, facilitator):
    text = pdf_text(build(decided, facilitator)[1])

    assert "1 conflict declared, each followed by a recusal" in text
    assert decided.conflicted.full_name in text
    assert "I am a trustee of this group" in text
    assert decided.conflicted_with.organisation.name in text


def test_each_decision_with_its_amount_and_rationale_and_the_totals(decided, facilitator):
    text = pdf_text(build(decided, facilitator)[1])

    for decision in FundingDecision.objects.filter(application__funding_round=decided.funding_round):
        assert decision.application.organisation.name in text
        assert decision.rationale in text
    assert text.count("£60,000") >= 3  # three funded, each £60,000 (and asked for)
    # Budget £400,000 for 5 applications; 3 funded at £60,000.
    assert "Budget £400,000" in text
    assert "Awarded £180,000 to 3 projects" in text
    assert "Remaining £220,000" in text
    assert "Declined 2 applications" in text


def test_the_scores_and_rank_of_each_application(decided, facilitator):
    text = pdf_text(build(decided, facilitator)[1])

    assert "Panel A: scores, rank and decisions" in text
    assert "Panel B: scores, rank and decisions" in text
    assert "%" in text  # weighted means
    assert "Fund" in text and "Decline" in text


def test_the_facilitation_statement_says_staff_neither_voted_nor_scored(decided, facilitator):
    record_event(actor=facilitator, verb=Verb.SESSION_ARRANGED, target=decided.panels[0])
    record_event(actor=facilitator, verb=Verb.SESSION_ARRANGED, target=decided.panels[1])
    record_event(actor=facilitator, verb=ApplicationVerb.ELIGIBILITY_RECORDED, target=decided.applications[0])
    # A volunteer's vote is no staff action.
    record_event(actor=decided.members[0], verb=Verb.VOTE_CAST, target=decided.applications[0])

    text = pdf_text(build(decided, facilitator)[1])

    assert "Staff cast no votes and scored nothing." in text
    assert "Arranged a together session 2" in text
    assert "Recorded an eligibility check 1" in text
    assert "Fiona Facilitator" in text
    # Asking for the report is facilitation too, and counted.
    assert "Asked for a decision report 1" in text


def test_the_statement_says_so_when_the_log_shows_a_member_of_staff_voting(decided, facilitator, administrator):
    record_event(actor=administrator, verb=Verb.VOTE_CAST, target=decided.applications[0])

    text = pdf_text(build(decided, facilitator)[1])

    assert "Staff cast no votes and scored nothing." not in text
    assert "staff taking part in decisions that belong to the volunteers: voted (1 time)" in text


def test_staff_actions_in_other_rounds_are_not_counted(decided, facilitator):
    other = decided_round_elsewhere(facilitator)
    record_event(actor=facilitator, verb=Verb.VOTE_CAST, target=other)

    text = pdf_text(build(decided, facilitator)[1])

    assert "Staff cast no votes and scored nothing." in text


def decided_round_elsewhere(facilitator):
    from tests.panels.factories import shortlisting_round

    return shortlisting_round()


def test_the_meetings_with_who_came_and_what_was_declared(decided, facilitator):
    text = pdf_text(build(decided, facilitator)[1])

    assert "2 meetings of the panels, with who came and what was declared" in text
    assert "Panel A decision meeting" in text
    assert "Volunteer declared a conflict with Leeds Group 001 and left the room." in text


def test_the_support_section_gives_totals_only_and_names_no_member(decided, facilitator):
    """Two claims paid (£4.60 and £12.25), one honorarium paid and one declined: the totals
    are in the report, and neither the member who declined nor the one paid is named there."""
    from decimal import Decimal

    from panels.models import PanelMembership
    from panels.services import expenses
    from tests.panels.expenses.world import claim, rules_for

    seats = list(PanelMembership.objects.filter(panel__funding_round=decided.funding_round).select_related("panel"))
    paid_seat, declining_seat = seats[0], seats[1]
    rules_for(paid_seat.panel, offers_honorarium=True, honorarium_amount=Decimal("100"), needs_receipts=False)
    for amount in (Decimal("4.60"), Decimal("12.25")):
        made = claim(paid_seat.user, paid_seat.panel, amount=amount, receipt=None)
        expenses.mark_claim_paid(actor=facilitator, claim=expenses.approve_claim(actor=facilitator, claim=made))
    expenses.pay_honorarium(actor=facilitator, membership=paid_seat)
    expenses.choose_honorarium(actor=declining_seat.user, membership=declining_seat, decline=True)

    text = pdf_text(build(decided, facilitator)[1])
    section = text[text.index("Support for the volunteers") :]
    section = section[: section.index("Sign-off by the panel chairs")]

    assert "Expense claims paid 2" in " ".join(section.split())
    assert "Total paid for expenses £16.85" in " ".join(section.split())
    assert "Honoraria paid 1 (£100)" in " ".join(section.split())
    assert "Honoraria declined 1" in " ".join(section.split())
    assert paid_seat.user.full_name not in section and declining_seat.user.full_name not in section
