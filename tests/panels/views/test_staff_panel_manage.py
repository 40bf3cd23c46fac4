"""A panel for staff: members with their invitation, induction and progress in words (never
scores), the applications given to it, and the conflicts declared, with their nature."""

import pytest
from django.urls import reverse

from panels.models import Assessment, InductionCompletion, InterestDeclaration, Panel, PanelMembership, Score
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.factories import assign, seat, shortlisting_round

from .staff_support import eligible


def manage_url(panel) -> str:
    return reverse("panels:panel_manage", args=[panel.pk])


@pytest.fixture
def funding_round(db):
    return shortlisting_round()


@pytest.fixture
def panel(funding_round):
    return Panel.objects.create(funding_round=funding_round, name="Panel A")


def submitted(membership, application, value=4):
    assessment = Assessment.objects.create(
        membership=membership, application=application, status="submitted", submitted_at="2018-05-01T10:00Z"
    )
    for criterion in application.funding_round.criteria.filter(kind="scored"):
        Score.objects.create(assessment=assessment, criterion=criterion, value=value, comment="SECRET-COMMENT")
    return assessment


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_see_progress_in_words_but_no_scores(persona_client, panel, funding_round, facilitator):
    chair = seat(UserFactory(full_name="Cora Chair"), panel)
    PanelMembership.objects.filter(pk=chair.pk).update(is_chair=True)
    InductionCompletion.objects.create(membership=chair, module="interviewing", recorded_by=chair.user)
    newcomer = PanelMembership.objects.create(panel=panel, user=UserFactory(full_name="Nina Newcomer"))
    applications = [eligible(funding_round) for _ in range(3)]
    for application in applications:
        assign(panel, application, facilitator)
    submitted(chair, applications[0], value=3)
    submitted(chair, applications[1], value=3)
    Assessment.objects.create(membership=chair, application=applications[2])  # a draft does not count

    response = persona_client.get(manage_url(panel))

    assert response.status_code == 200
    page = response.content.decode()
    chair_row = page.split("Cora Chair")[1].split("</tr>")[0]
    assert "Chair" in chair_row and "Accepted" in chair_row
    assert "4 of 5 modules" in chair_row and "2 of 3 submitted" in chair_row
    newcomer_row = page.split("Nina Newcomer")[1].split("</tr>")[0]
    assert "Invited" in newcomer_row and "0 of 5 modules" in newcomer_row and "0 of 3 submitted" in newcomer_row
    assert applications[0].organisation.name in page
    assert "SECRET-COMMENT" not in page and "Score" not in page
    assert newcomer.user.email in page


def conflict(membership, application, *, recorded_by=None):
    InterestDeclaration.objects.create(
        membership=membership,
        application=application,
        has_conflict=True,
        nature="My sister runs it.",
        recorded_by=recorded_by or membership.user,
    )


def row_of(page: str, name: str) -> str:
    return page.split(name)[1].split("</tr>")[0]


def test_a_conflict_takes_the_application_out_of_a_members_progress_rather_than_leaving_it_outstanding(
    client, panel, funding_round, facilitator
):
    conflicted = seat(UserFactory(full_name="Connie Conflicted"), panel)
    seat(UserFactory(full_name="Olive Other"), panel)
    applications = [eligible(funding_round) for _ in range(4)]
    for application in applications:
        assign(panel, application, facilitator)
    for application in applications[:3]:
        submitted(conflicted, application)
    conflict(conflicted, applications[3])
    client.force_login(facilitator)

    page = client.get(manage_url(panel)).content.decode()

    assert "3 of 3 submitted" in row_of(page, "Connie Conflicted")
    assert "Takes no part in 1: a conflict of interest" in row_of(page, "Connie Conflicted")
    assert "0 of 4 submitted" in row_of(page, "Olive Other")  # the others still have all four
    assert "Takes no part" not in row_of(page, "Olive Other")


def test_a_conflict_recorded_after_scoring_leaves_that_assessment_out_of_the_progress(
    client, panel, funding_round, facilitator
):
    member = seat(UserFactory(full_name="Connie Conflicted"), panel)
    applications = [eligible(funding_round) for _ in range(3)]
    for application in applications:
        assign(panel, application, facilitator)
    submitted(member, applications[0])
    submitted(member, applications[1])
    conflict(member, applications[1], recorded_by=facilitator)  # staff learnt of it afterwards
    client.force_login(facilitator)

    page = client.get(manage_url(panel)).content.decode()

    assert "1 of 2 submitted" in row_of(page, "Connie Conflicted")


def test_staff_see_declared_conflicts_with_their_nature(client, facilitator, panel, funding_round):
    member = seat(UserFactory(full_name="Connie Conflicted"), panel)
    application = eligible(funding_round)
    assign(panel, application, facilitator)
    InterestDeclaration.objects.create(
        membership=member,
        application=application,
        has_conflict=True,
        nature="My sister runs it.",
        recorded_by=member.user,
    )
    InterestDeclaration.objects.create(
        membership=seat(UserFactory(), panel), application=application, has_conflict=False, recorded_by=facilitator
    )
    client.force_login(facilitator)

    page = client.get(manage_url(panel)).content.decode()

    conflicts = page.split(">Conflicts of interest</h2>")[1]
    assert "Connie Conflicted" in conflicts and application.organisation.name in conflicts
    assert "My sister runs it." in conflicts
    assert conflicts.count('<tr class="govuk-table__row">') == 2  # the header and one conflict


def test_an_empty_panel_says_so_and_links_to_invite_and_assign(client, facilitator, panel):
    client.force_login(facilitator)
    page = client.get(manage_url(panel)).content.decode()
    assert "Nobody is invited yet." in page and "This panel has no applications yet." in page
    assert "No conflicts of interest declared." in page
    assert reverse("panels:member_invite", args=[panel.pk]) in page
    assert reverse("panels:applications_assign", args=[panel.pk]) in page


def test_anonymous_people_are_sent_to_sign_in(client, panel):
    response = client.get(manage_url(panel))
    assert response.status_code == 302
    assert response.url.startswith(reverse("commissioning:sign_in"))


@pytest.mark.parametrize("persona_client", ["applicant", "panel_member", "outsider"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, panel):
    assert persona_client.get(manage_url(panel)).status_code == 403


def test_a_member_of_the_panel_is_refused_the_staff_page(client, panel, panel_member):
    seat(panel_member, panel)
    client.force_login(panel_member)
    assert client.get(manage_url(panel)).status_code == 403


def test_the_page_only_reads(client, facilitator, panel):
    client.force_login(facilitator)
    assert client.post(manage_url(panel)).status_code == 405


def test_an_unknown_panel_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("panels:panel_manage", args=[999999])).status_code == 404


def test_the_page_costs_the_same_queries_as_members_and_applications_grow(client, facilitator, panel, funding_round):
    client.force_login(facilitator)
    member = seat(UserFactory(), panel)
    application = eligible(funding_round)
    assign(panel, application, facilitator)
    submitted(member, application)

    def more():
        for _ in range(4):
            other = seat(UserFactory(), panel)
            more_application = eligible(funding_round)
            assign(panel, more_application, facilitator)
            submitted(other, more_application)
            InterestDeclaration.objects.create(
                membership=other, application=application, has_conflict=True, nature="Friend", recorded_by=other.user
            )

    assert_page_queries(client, manage_url(panel), at_most=7, add_data=more)  # + support arranged
