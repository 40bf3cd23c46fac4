"""Panel members find their work on the home page: an invitation to answer, or progress in words."""

from django.urls import reverse

from panels.models import Assessment, Panel, PanelMembership

from .factories import assign, eligible_application, seat, shortlisting_round


def test_members_see_their_invitation_and_their_progress_on_the_home_page(client, panel_member, facilitator, db):
    funding_round = shortlisting_round()
    panel_a = Panel.objects.create(funding_round=funding_round, name="Panel A")
    panel_b = Panel.objects.create(funding_round=funding_round, name="Panel B")
    membership = seat(panel_member, panel_a)
    for _ in range(3):
        assign(panel_a, eligible_application(funding_round), facilitator)
    first = panel_a.assignments.first().application
    Assessment.objects.create(
        membership=membership, application=first, status="submitted", submitted_at=first.submitted_at
    )
    PanelMembership.objects.create(panel=panel_b, user=panel_member)

    client.force_login(panel_member)
    page = client.get(reverse("commissioning:home")).content.decode()
    assert "Your work on Panel A (New projects 2018)" in page
    assert "1 of 3 applications scored." in page
    assert f'href="{reverse("panels:invitation_answer", args=[panel_b.pk])}"' in page
    assert "Answer your invitation to Panel B" in page
    assert "Nothing needs your attention just now." not in page


def test_declined_invitations_leave_the_list(client, panel_member, db):
    panel = Panel.objects.create(funding_round=shortlisting_round(), name="Panel C")
    PanelMembership.objects.create(panel=panel, user=panel_member, status="declined")
    client.force_login(panel_member)
    assert "Panel C" not in client.get(reverse("commissioning:home")).content.decode()


def test_the_home_page_follows_the_stage_the_round_is_at(client, panel_member, facilitator, db):
    from commissioning.models import FundingRound
    from panels.models import ShortlistOutcome, Vote

    funding_round = shortlisting_round()
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    membership = seat(panel_member, panel)
    applications = [eligible_application(funding_round) for _ in range(3)]
    for application in applications:
        assign(panel, application, facilitator)
    Vote.objects.create(membership=membership, application=applications[0], stage="shortlisting", choice="include")
    client.force_login(panel_member)

    page = client.get(reverse("commissioning:home")).content.decode()
    assert "Vote on the shortlist of Panel A (New projects 2018)" in page
    assert "You have voted on 1 of 3 applications." in page

    for application in applications[:2]:
        ShortlistOutcome.objects.create(application=application, panel=panel, outcome="included")
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.INTERVIEWS)
    page = client.get(reverse("commissioning:home")).content.decode()
    assert "The interviews of Panel A" in page
    assert "2 shortlisted organisations to meet" in page
    assert f'href="{reverse("panels:interviews_panel", args=[panel.pk])}"' in page

    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.DECISION)
    Vote.objects.create(
        membership=membership, application=applications[0], stage="decision", choice="decline", amount=None
    )
    page = client.get(reverse("commissioning:home")).content.decode()
    assert "Decide with Panel A" in page
    assert "You have voted on 1 of 2 shortlisted applications." in page


def test_organisations_are_told_to_choose_an_interview_time_then_to_read_the_decision(
    client, applicant, facilitator, db
):
    from commissioning.models import FundingRound
    from panels.models import FundingDecision, InterviewSlot, ShortlistOutcome
    from tests.applications.factories import join_organisation

    funding_round = shortlisting_round()
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    application = eligible_application(funding_round)
    join_organisation(applicant, application.organisation)
    assign(panel, application, facilitator)
    ShortlistOutcome.objects.create(application=application, panel=panel, outcome="included")
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.INTERVIEWS)
    client.force_login(applicant)

    page = client.get(reverse("commissioning:home")).content.decode()
    assert f"Choose a time for your interview ({application.reference})" in page
    assert f'href="{reverse("panels:interview_book", args=[application.pk])}"' in page

    from django.utils import timezone

    InterviewSlot.objects.create(
        panel=panel, starts_at=timezone.now(), place="Civic Hall", application=application, booked_at=timezone.now()
    )
    assert "Choose a time for your interview" not in client.get(reverse("commissioning:home")).content.decode()

    FundingDecision.objects.create(
        application=application,
        panel=panel,
        outcome="decline",
        rationale="Not this time.",
        recorded_by=facilitator,
        **FundingDecision.as_decided(application, outcome="decline"),
    )
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.FEEDBACK)
    page = client.get(reverse("commissioning:home")).content.decode()
    assert f"Read the panel’s decision on {application.reference}" in page
