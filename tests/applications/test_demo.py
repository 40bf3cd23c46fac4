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
