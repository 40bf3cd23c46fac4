"""The demo's panels for "New projects 2018": four panels sharing the 33 eligible
applications, the 16 panel volunteers on them, and a few assessments under way."""

from io import StringIO

from django.core.management import call_command

from applications.models import Application
from commissioning.models import AuditEvent, FundingRound, User
from commissioning.permissions import can, has_grant
from panels.audit import Verb
from panels.models import Assessment, InductionCompletion, InterestDeclaration, Panel, PanelMembership, Score, Vote
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
    # The 2016 round (panels/demo/decided.py) has its own panel; these are 2018's.
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


def test_the_round_is_at_shortlisting_so_panel1_can_score(db):
    seed_twice()
    funding_round = FundingRound.objects.get(slug="new-projects-2018")
    assert funding_round.status == FundingRound.Status.SHORTLISTING
    panel1 = User.objects.get(email="panel1@demo.example")
    application = PanelMembership.objects.get(user=panel1).panel.assignments.first().application
    # panel1 has not declared yet: once they say "no conflict", scoring opens.
    from panels import services

    services.scoring.declare_interest(actor=panel1, application=application, has_conflict=False)
    assert can(panel1, "panels.score_application", application).allowed


def test_panel_b_has_voted_a_shortlist_with_a_tie_back_to_discussion(db):
    seed_twice()
    panel_b = Panel.objects.get(name="Panel B")
    outcomes = sorted(panel_b.shortlist_outcomes.values_list("outcome", flat=True))
    assert outcomes == ["awaiting", "included", "included", "not_included", "tie"]
    tied = panel_b.shortlist_outcomes.get(outcome="tie").application
    assert tied.discussion_posts.filter(is_facilitation_note=False).count() == 3
    assert tied.discussion_posts.filter(is_facilitation_note=True).count() == 1
    applications = [str(pk) for pk in panel_b.assignments.values_list("application_id", flat=True)]
    votes_logged = AuditEvent.objects.filter(verb=Verb.VOTE_CAST, target_id__in=applications)
    assert votes_logged.count() == Vote.objects.filter(membership__panel=panel_b).count() == 18


def test_panel_b_talks_meets_and_offers_interview_times(db):
    seed_twice()
    panel_b = Panel.objects.get(name="Panel B")
    assert [question.is_answered for question in panel_b.questions.order_by("asked_at", "pk")] == [True, False]
    # The past session, tomorrow's catch-up (see the reminders test below) and the shortlist meeting.
    past, catch_up, coming = panel_b.sessions.order_by("starts_at")
    assert past.attendees.count() == 3 and coming.attendees.count() == 0
    assert catch_up.title == "A catch-up before the shortlist"
    assert panel_b.interview_slots.filter(application__isnull=True).count() == 4
    assert panel_b.interview_questions.count() == 1


def test_panel_b_meets_tomorrow_and_its_members_chose_how_much_email(db, django_capture_on_commit_callbacks):
    from panels.models import ReminderSent
    from panels.services.reminders import send_due_reminders

    seed_twice()
    choices = dict(
        User.objects.filter(email__in=[f"panel{n}@demo.example" for n in (10, 11, 12)]).values_list(
            "email", "email_choice"
        )
    )
    assert choices == {
        "panel10@demo.example": "everything",
        "panel11@demo.example": "needs_me",
        "panel12@demo.example": "essentials",
    }
    assert Panel.objects.get(name="Panel B").sessions.filter(title="A catch-up before the shortlist").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        counts = send_due_reminders()
    # Panel B's four members are weighed; panel12 chose nothing but essentials.
    assert counts["session"] == 3
    reminded = set(ReminderSent.objects.filter(email__isnull=False).values_list("user__email", flat=True))
    assert reminded == {"panel10@demo.example", "panel11@demo.example", "panel13@demo.example"}
