"""The demo's decided round, "New projects 2016": closed, its timeline in the past, a panel of
older volunteers who scored and voted, eleven projects funded within £1,700,000 and three
declined, every decision with its reasons and feedback, so that the letters and the open data
can be tried on it."""

import csv
import io
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from commissioning.audit import Verb as CommissioningVerb
from commissioning.models import AuditEvent, Criterion, FundingRound, User
from commissioning.permissions import is_staff_role
from panels import voting
from panels.audit import Verb
from panels.models import (
    Assessment,
    CriterionFeedback,
    FundingDecision,
    InterestDeclaration,
    PanelMembership,
    Score,
    Vote,
)
from panels.results import decision_count
from tests.pdfs import pdf_info, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.module_database]

MODELS = (FundingRound, Application, PanelMembership, Assessment, Score, Vote, FundingDecision, CriterionFeedback)


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, demo_media):
    """Seed twice (as anyone may), counting the rows after the first run. Shared by the module's tests."""
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=demo_media):
        from django.db import transaction

        with transaction.atomic():
            call_command("seed_demo", stdout=StringIO())
            first = {model.__name__: model.objects.count() for model in MODELS}
            first["AuditEvent"] = AuditEvent.objects.count()
            call_command("seed_demo", stdout=StringIO())
            second = {model.__name__: model.objects.count() for model in MODELS}
            second["AuditEvent"] = AuditEvent.objects.count()
            yield first, second
            transaction.set_rollback(True)


@pytest.fixture
def decided(seeded):
    return FundingRound.objects.select_related("programme").get(slug="new-projects-2016")


def test_seeding_twice_gives_the_same_rows(seeded):
    first, second = seeded
    assert first == second


def test_the_round_is_closed_with_its_whole_timeline_in_the_past(decided):
    assert decided.status == FundingRound.Status.CLOSED
    stages = list(decided.stages.all())
    assert len(stages) == 7
    assert all(stage.ends_on < timezone.localdate() for stage in stages)
    criteria = list(decided.criteria.all())
    assert len(criteria) == 9  # six criteria and three strands, agreed alike
    assert all(criterion.status == Criterion.Status.AGREED for criterion in criteria)
    assert all(criterion.responses.count() == 8 for criterion in criteria)
    assert decided.questions.count() >= 6


def test_its_strands_show_a_finished_portfolio(decided):
    from panels import results

    money = results.strand_money(decided)
    assert [(m.strand.title, m.budget, m.awarded, m.funded, m.target) for m in money.strands] == [
        ("Connecting people", Decimal("790000"), Decimal("790000"), 5, 5),
        ("Staying active", Decimal("610000"), Decimal("590000"), 4, 4),
        ("Supporting carers", Decimal("300000"), Decimal("300000"), 2, 2),
    ]
    assert money.reserve == 0
    transfer = decided.strand_transfers.get()
    assert transfer.amount == Decimal("10000")
    assert transfer.rationale.startswith("Five strong projects")
    assert not is_staff_role(transfer.recorded_by)


def test_eleven_projects_are_funded_within_the_budget_and_three_declined(decided):
    decisions = FundingDecision.objects.filter(application__funding_round=decided)
    funded = decisions.exclude(outcome=FundingDecision.Outcome.DECLINE)
    assert funded.count() == 11
    assert decisions.filter(outcome=FundingDecision.Outcome.DECLINE).count() == 3
    total = funded.aggregate(total=Sum("amount_awarded"))["total"]
    assert total <= Decimal("1700000") == decided.budget
    assert total == Decimal("1680000")
    for decision in decisions.select_related("application"):
        assert decision.rationale
        if decision.is_funded:
            assert decided.minimum_grant <= decision.amount_awarded <= decision.application.amount_requested
    assert funded.filter(outcome=FundingDecision.Outcome.FUND_WITH_CONDITIONS).exclude(conditions="").count() == 2


def test_the_applicants_are_the_demo_organisations_applicant2_to_applicant15(decided):
    contacts = set(
        Application.objects.filter(funding_round=decided).values_list("organisation__main_contact__email", flat=True)
    )
    assert contacts == {f"applicant{number}@demo.example" for number in range(2, 16)}


def test_each_decision_follows_the_votes_of_the_members_who_took_part(decided):
    for decision in FundingDecision.objects.filter(application__funding_round=decided).select_related(
        "application__panel_assignment__panel"
    ):
        count = decision_count(decision.application)
        assert count.outcome == decision.outcome
        assert count.amount == decision.amount_awarded


def test_the_panel_is_older_volunteers_who_scored_and_the_conflicted_member_stood_aside(decided):
    seats = PanelMembership.objects.filter(panel__funding_round=decided).select_related("user")
    assert all(re.fullmatch(r"panel\d+@demo\.example", seat.user.email) for seat in seats)
    assert not any(is_staff_role(seat.user) for seat in seats)
    assert sum(seat.is_chair for seat in seats) == 1
    [conflict] = InterestDeclaration.objects.filter(application__funding_round=decided, has_conflict=True)
    assert not Vote.objects.filter(membership=conflict.membership, application=conflict.application).exists()
    assert not Assessment.objects.filter(membership=conflict.membership, application=conflict.application).exists()
    scored = decided.criteria.filter(kind=Criterion.Kind.SCORED).count()
    for assessment in Assessment.objects.filter(application__funding_round=decided):
        assert assessment.status == Assessment.Status.SUBMITTED
        assert assessment.scores.count() == scored
    assert all(
        0 <= value <= 4
        for value in Score.objects.filter(criterion__funding_round=decided).values_list("value", flat=True)
    )


def test_every_decision_has_feedback_on_each_scored_criterion(decided):
    scored = decided.criteria.filter(kind=Criterion.Kind.SCORED).count()
    for application in Application.objects.filter(funding_round=decided):
        feedback = list(CriterionFeedback.objects.filter(application=application))
        assert len(feedback) == scored
        assert all(row.strengths and row.could_be_better for row in feedback)


def test_staff_did_not_vote_and_the_history_is_in_the_activity_log(decided):
    staff = User.objects.get(email="staff@demo.example")
    assert not Vote.objects.filter(membership__user=staff).exists()
    verbs = set(AuditEvent.objects.filter(actor=staff).values_list("verb", flat=True))
    assert {CommissioningVerb.ROUND_ADVANCED, Verb.FEEDBACK_SENT, CommissioningVerb.ROUND_CLOSED} <= verbs
    assert Verb.VOTE_CAST not in verbs
    assert AuditEvent.objects.filter(verb=Verb.DECISION_RECORDED, at__year=2016).count() == 14


def test_a_funded_applicant_downloads_their_letter(client, decided):
    applicant = User.objects.get(email="applicant4@demo.example")
    application = Application.objects.get(funding_round=decided, organisation__main_contact=applicant)
    client.force_login(applicant)

    response = client.get(reverse("panels:feedback_letter", args=[application.pk]))

    assert response.status_code == 200
    assert pdf_info(response.content)["Tagged"] == "yes"
    text = pdf_text(response.content)
    decision = application.funding_decision
    assert "You are offered a grant of £150,000." in text
    assert "Recruit two older volunteers to the steering group within three months." in text
    assert decision.rationale.split(".")[0] in text
    assert "What was strong" in text and "What could be better" in text
    assert "contact Sam Facilitator" in text


def test_a_declined_applicant_downloads_their_letter(client, decided):
    applicant = User.objects.get(email="applicant7@demo.example")
    application = Application.objects.get(funding_round=decided, organisation__main_contact=applicant)
    client.force_login(applicant)

    text = pdf_text(client.get(reverse("panels:feedback_letter", args=[application.pk])).content)

    assert "We are sorry: the panel decided not to fund your project this time." in text


def test_the_open_data_lists_the_eleven_grants_with_every_required_field(client, decided):
    response = client.get(reverse("panels:grants_csv", args=[decided.slug]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert len(rows) == 11
    assert sum(Decimal(row["Amount Awarded"]) for row in rows) == Decimal("1680000")
    for row in rows:
        assert re.fullmatch(r"360G-tts-TTS-2016-\d{4}", row["Identifier"])
        assert row["Currency"] == "GBP" and row["Title"] and row["Description"]
        assert re.fullmatch(r"2016-07-\d\d", row["Award Date"])
        assert re.match(r"^(GB-CHC|GB-SC|GB-NIC|GB-COH)-|^360G-", row["Recipient Org:Identifier"])
        assert row["Funding Org:Identifier"] == "GB-GOR-PB188"
    json_grants = client.get(reverse("panels:grants_json", args=[decided.slug])).json()["grants"]
    assert [grant["id"] for grant in json_grants] == [row["Identifier"] for row in rows]


def test_a_group_that_renamed_itself_since_is_published_under_the_name_the_panel_decided_on(client, decided):
    applicant = User.objects.get(email="applicant3@demo.example")
    application = Application.objects.get(funding_round=decided, organisation__main_contact=applicant)
    assert application.organisation.name == "Chapeltown Caribbean Elders Association"

    json_grants = client.get(reverse("panels:grants_json", args=[decided.slug])).json()["grants"]
    [grant] = [grant for grant in json_grants if grant["id"].endswith(application.reference)]
    assert grant["recipientOrganization"][0]["name"] == "Chapeltown Caribbean Elders"
    assert grant["description"].startswith("Chapeltown Caribbean Elders was given this grant")
    client.force_login(applicant)
    letter = " ".join(pdf_text(client.get(reverse("panels:feedback_letter", args=[application.pk])).content).split())
    assert "Dear Chapeltown Caribbean Elders," in letter
    assert "Association" not in letter


def test_the_round_page_offers_the_open_data(client, decided):
    page = client.get(decided.get_absolute_url()).content.decode()
    assert "The grants awarded" in page
    assert reverse("panels:grants_csv", args=[decided.slug]) in page


def test_the_budget_line_falls_below_the_last_funded_project(decided):
    funded = FundingDecision.objects.filter(application__funding_round=decided).exclude(outcome="decline")
    rows = voting.budget_line([(decision.pk, decision.amount_awarded) for decision in funded], decided.budget)
    assert all(row.within_budget for row in rows)


def test_its_decision_report_is_ready_to_download(decided, demo_media, settings):
    from panels.models import DecisionReport

    settings.MEDIA_ROOT = demo_media
    report = DecisionReport.objects.get(funding_round=decided)
    assert report.status == DecisionReport.Status.READY and report.progress == 100
    with report.file.open("rb") as pdf:
        text = pdf_text(pdf.read())
    assert "New projects 2016" in text
    assert "£1,680,000" in text
