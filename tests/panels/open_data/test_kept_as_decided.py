"""Open data that stays true (issue 11): once the panel has decided, the published grants, the
feedback letter, the decision emails and the decision report name the recipient and the project
as they were when decided, however the organisation renames itself or edits its details later."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from applications.models import Application, Organisation
from commissioning import services as round_services
from commissioning.models import FundingRound, Programme
from panels.models import DecisionReport, FundingDecision, InterestDeclaration, PanelMembership
from panels.services.reports import request_report
from tests.applications.factories import OrganisationFactory
from tests.commissioning.factories import UserFactory
from tests.panels.decided import applicant_of, decide, decided_round
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db

AS_DECIDED = "Armley Helping Hands"
RENAMED = "Armley Hands Together CIC"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def funding_round():
    return decided_round()


@pytest.fixture
def funded(funding_round):
    organisation = OrganisationFactory(name=AS_DECIDED, charity_number="1164883", company_number="", town="Armley")
    return decide(funding_round, organisation, amount=Decimal("85000"), title="Tea, talk and a lift there")


def edit_everything_afterwards(application: Application) -> None:
    """The organisation renames itself, becomes a company with new numbers and moves; its
    project is retitled; the programme is renamed too."""
    Organisation.objects.filter(pk=application.organisation_id).update(
        name=RENAMED, charity_number="", company_number="07654321", town="Bramley"
    )
    Application.objects.filter(pk=application.pk).update(project_title="A new title written later")
    Programme.objects.filter(pk=application.funding_round.programme_id).update(name="A renamed programme")


def published(client, funding_round) -> tuple[bytes, bytes]:
    csv_file = client.get(reverse("panels:grants_csv", args=[funding_round.slug]))
    json_file = client.get(reverse("panels:grants_json", args=[funding_round.slug]))
    assert csv_file.status_code == json_file.status_code == 200
    return csv_file.content, json_file.content


def test_the_published_grants_do_not_change_when_the_organisation_edits_its_details(client, funding_round, funded):
    before = published(client, funding_round)
    text = before[0].decode()
    assert AS_DECIDED in text and "GB-CHC-1164883" in text and "Tea, talk and a lift there" in text

    edit_everything_afterwards(funded)

    after = published(client, funding_round)
    assert after == before
    for changed in (RENAMED, "07654321", "Bramley", "A new title written later", "A renamed programme"):
        assert changed not in after[0].decode() and changed not in after[1].decode()


def test_the_feedback_letter_keeps_the_name_and_project_as_decided(client, funding_round, funded):
    applicant = applicant_of(funded)
    edit_everything_afterwards(funded)
    client.force_login(applicant)

    response = client.get(reverse("panels:feedback_letter", args=[funded.pk]))

    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())
    assert f"Dear {AS_DECIDED}," in text
    assert "for “Tea, talk and a lift there”" in text
    assert RENAMED not in text and "A new title written later" not in text


def test_the_decision_emails_keep_the_project_title_as_decided(facilitator, django_capture_on_commit_callbacks, funded):
    FundingRound.objects.filter(pk=funded.funding_round_id).update(status=FundingRound.Status.DECISION)
    applicant_of(funded, UserFactory(email="aisha@armley.example", full_name="Aisha Khan"))
    edit_everything_afterwards(funded)

    with django_capture_on_commit_callbacks(execute=True):
        round_services.advance_round(
            actor=facilitator, funding_round=FundingRound.objects.get(pk=funded.funding_round_id)
        )

    [message] = [message for message in mail.outbox if message.to == ["aisha@armley.example"]]
    assert "the panel decided to fund “Tea, talk and a lift there”" in message.body
    assert "A new title written later" not in message.body


def test_the_decision_report_names_the_recipient_and_project_as_decided(facilitator, funding_round, funded):
    """In its decisions and in its conflicts of interest, where a member stood aside from it."""
    membership = PanelMembership.objects.filter(panel__funding_round=funding_round, is_chair=False).first()
    InterestDeclaration.objects.update_or_create(
        membership=membership,
        application=funded,
        defaults={"has_conflict": True, "nature": "Volunteers there.", "recorded_by": membership.user},
    )
    edit_everything_afterwards(funded)

    report = request_report(actor=facilitator, funding_round=funding_round)
    report.refresh_from_db()
    assert report.status == DecisionReport.Status.READY, report.error
    text = " ".join(pdf_text(report.file.read()).split())

    assert f"{AS_DECIDED}: Tea, talk and a lift there" in text
    conflicts = text[text.index("Conflicts of interest") : text.index("The applications and the decisions")]
    assert membership.user.full_name in conflicts and AS_DECIDED in conflicts
    assert RENAMED not in text and "A new title written later" not in text


def test_the_decision_keeps_its_own_copy_while_the_organisation_changes(funded):
    """A positive control: only decisions keep the old name; the organisation's row changed."""
    edit_everything_afterwards(funded)
    decision = FundingDecision.objects.get(application=funded)
    assert Organisation.objects.get(pk=funded.organisation_id).name == RENAMED
    assert (decision.recipient_name, decision.recipient_charity_number, decision.recipient_town) == (
        AS_DECIDED,
        "1164883",
        "Armley",
    )
    assert decision.recipient_org_identifier("360G-tts") == "GB-CHC-1164883"
