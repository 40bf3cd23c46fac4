from io import StringIO

from django.core.management import call_command

from applications.models import Application, Organisation
from commissioning.permissions import visible


def test_the_demo_has_forty_groups_applying_and_applicant1_is_still_drafting(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # twice: the same rows
    assert Organisation.objects.count() == 40
    # New projects 2018's applications and applicant1's draft for the open round (the decided
    # 2016 round, panels/demo/decided.py, has its own).
    applications = Application.objects.filter(
        funding_round__slug__in=["new-projects-2018", "connecting-communities-2019"]
    )
    counts = {status: applications.filter(status=status).count() for status in Application.Status}
    assert counts == {"draft": 4, "submitted": 0, "eligible": 33, "not_eligible": 3, "withdrawn": 0}
    applicant1 = Organisation.objects.get(main_contact__email="applicant1@demo.example").main_contact
    mine = visible(applicant1, "applications.view_application", Application.objects.all())
    assert [(application.status, application.funding_round.slug) for application in mine] == [
        ("draft", "connecting-communities-2019")
    ]
    assert mine[0].funding_round.status == "open"
    assert applications.exclude(status="draft").filter(reference__startswith="TTS-").count() == 36
    not_eligible = Application.objects.filter(status="not_eligible")
    assert all(application.eligibility_reason for application in not_eligible)


def test_new_projects_2018_shares_its_money_between_three_strands_and_each_application_chose_one(db, client):
    from commissioning.models import FundingRound, Strand

    call_command("seed_demo", stdout=StringIO())
    funding_round = FundingRound.objects.get(slug="new-projects-2018")
    strands = list(Strand.objects.filter(funding_round=funding_round).agreed())
    assert [(strand.title, strand.budget_share, strand.expected_projects) for strand in strands] == [
        ("Connecting people", 700000, 5),
        ("Staying active", 500000, 3),
        ("Reaching isolated men", 400000, 3),
    ]
    applications = Application.objects.filter(funding_round=funding_round)
    assert applications.exists()
    assert not applications.filter(strand__isnull=True).exists()
    assert {application.strand.title for application in applications} == {strand.title for strand in strands}
    page = client.get(funding_round.get_absolute_url()).content.decode()
    assert "Reaching isolated men" in page
    assert "£100,000 is kept in reserve" in page
