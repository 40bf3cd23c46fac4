"""The demo's panels for "New projects 2018": four panels sharing the 33 eligible
applications, the 16 panel volunteers on them, and a few assessments under way."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from applications.models import Application
from commissioning.models import FundingRound, User
from commissioning.permissions import has_grant
from panels.models import Assessment, InductionCompletion, InterestDeclaration, Panel, PanelMembership, Score
from panels.permissions import PANEL_GRANT


def seed_twice():
    call_command("seed_demo", stdout=StringIO())
    first = {
        model.__name__: model.objects.count()
        for model in (Panel, PanelMembership, InductionCompletion, InterestDeclaration, Assessment, Score)
    }
    call_command("seed_demo", stdout=StringIO())
    return first


def test_seeding_twice_gives_the_same_panels(db):
    first = seed_twice()
    assert first == {
        model.__name__: model.objects.count()
        for model in (Panel, PanelMembership, InductionCompletion, InterestDeclaration, Assessment, Score)
    }


def test_four_panels_share_the_eligible_applications(db):
    seed_twice()
    funding_round = FundingRound.objects.get(slug="new-projects-2018")
    sizes = {panel.name: panel.assignments.count() for panel in Panel.objects.filter(funding_round=funding_round)}
    # The issue asks 2, 5, 12 and 19, but only 33 applications are eligible.
    assert sizes == {"Panel A": 2, "Panel B": 5, "Panel C": 12, "Panel D": 14}
    eligible = Application.objects.filter(funding_round=funding_round, status=Application.Status.ELIGIBLE)
    assert eligible.filter(panel_assignment__isnull=True).count() == 0


def test_the_sixteen_volunteers_sit_on_the_panels_with_one_chair_each(db):
    seed_twice()
    # The 2016 round (panels/demo_decided.py) has its own panel; these are 2018's.
    memberships = PanelMembership.objects.filter(panel__funding_round__slug="new-projects-2018").select_related(
        "user", "panel"
    )
    assert sorted(m.user.email for m in memberships) == sorted(f"panel{i}@demo.example" for i in range(1, 17))
    for panel in Panel.objects.all():
        assert panel.memberships.filter(is_chair=True).count() == 1
    for membership in memberships.filter(status=PanelMembership.Status.ACCEPTED):
        assert has_grant(membership.user, PANEL_GRANT, membership.panel)
    inducted = [m for m in memberships.filter(status="accepted") if m.inductions.count() >= 3]
    assert len(inducted) > memberships.count() / 2


def test_panel1_has_an_accepted_seat_with_its_grant(db):
    seed_twice()
    panel1 = User.objects.get(email="panel1@demo.example")
    membership = PanelMembership.objects.get(user=panel1)
    assert membership.status == PanelMembership.Status.ACCEPTED
    assert has_grant(panel1, PANEL_GRANT, membership.panel)
    assert membership.inductions.count() == 5


def test_one_conflict_and_a_mix_of_draft_and_submitted_assessments(db):
    seed_twice()
    assert (
        InterestDeclaration.objects.filter(
            has_conflict=True, application__funding_round__slug="new-projects-2018"
        ).count()
        == 1
    )
    assert InterestDeclaration.objects.filter(has_conflict=False).count() >= 3
    statuses = set(Assessment.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted"}
    assert all(0 <= value <= 4 for value in Score.objects.values_list("value", flat=True))
    for assessment in Assessment.objects.filter(status="submitted"):
        criteria = assessment.application.funding_round.criteria.filter(kind="scored", status="agreed")
        assert assessment.scores.count() == criteria.count() > 0


def test_the_round_stays_open_so_applicant1_can_finish_their_draft(db):
    seed_twice()
    assert FundingRound.objects.get(slug="new-projects-2018").status == FundingRound.Status.OPEN


def test_staff_see_the_demo_panels_progress_and_the_conflict(client, db):
    seed_twice()
    client.force_login(User.objects.get(email="staff@demo.example"))
    funding_round = FundingRound.objects.get(slug="new-projects-2018")
    setup = client.get(reverse("panels:panel_setup", args=[funding_round.slug])).content.decode()
    assert "Every eligible application is with a panel." in setup
    panel_d = Panel.objects.get(funding_round=funding_round, name="Panel D")
    page = client.get(reverse("panels:panel_manage", args=[panel_d.pk])).content.decode()
    assert "I volunteer at their lunch club every Tuesday." in page
    assert "2 of 14 submitted" in page and "5 of 5 modules" in page
