"""The issue's size: a panel with 200 applications and 30 members, every member having declared
and submitted scores for every application. The panel's pages (the member's panel list, the
panel, its results; the staff panel page) cost exactly as many queries as with 2 applications
and 2 members: nothing is fetched once per row. Built with bulk_create, so it runs in seconds."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Organisation
from commissioning.models import Criterion, User
from panels.models import Assessment, InterestDeclaration, PanelAssignment, PanelMembership, Score
from tests.helpers import count_get_queries

from .conftest import add_application, declare, submit_scores

APPLICATIONS, MEMBERS = 200, 30


def grow(panel, facilitator, viewer_seat, applications: int, members: int):
    """Bring the panel up to `applications` × `members`, all declared (a few conflicts) and submitted."""
    now = timezone.now()
    funding_round = panel.funding_round
    have_members = list(panel.memberships.all())
    new_users = User.objects.bulk_create(
        User(email=f"volunteer{i}@example.org", full_name=f"Volunteer {i:02d}")
        for i in range(members - len(have_members))
    )
    new_seats = PanelMembership.objects.bulk_create(
        PanelMembership(panel=panel, user=user, status=PanelMembership.Status.ACCEPTED, answered_at=now)
        for user in new_users
    )
    have = panel.assignments.count()
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Community Group {i:03d}",
            kind="registered_charity",
            address_line_1="1 High Street",
            town="Leeds",
            postcode="LS1 1AA",
            main_contact=facilitator,
        )
        for i in range(applications - have)
    )
    new_applications = Application.objects.bulk_create(
        Application(
            funding_round=funding_round,
            organisation=organisation,
            project_title="Lunch club",
            amount_requested=50000,
            status=Application.Status.ELIGIBLE,
            reference=f"BIG-{i:04d}",
            submitted_at=now,
            created_by=facilitator,
        )
        for i, organisation in enumerate(organisations)
    )
    PanelAssignment.objects.bulk_create(
        PanelAssignment(panel=panel, application=application, assigned_by=facilitator)
        for application in new_applications
    )
    criteria = list(funding_round.criteria.filter(kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED))
    everyone = have_members + new_seats
    pairs = [(seat, application) for application in new_applications for seat in everyone]
    pairs += [
        (seat, application)
        for seat in new_seats
        for application in Application.objects.filter(panel_assignment__panel=panel).exclude(
            pk__in=[a.pk for a in new_applications]
        )
    ]
    InterestDeclaration.objects.bulk_create(
        InterestDeclaration(
            membership=seat,
            application=application,
            recorded_by=seat.user,
            # Every 50th pair a conflict, never the viewer's, so the viewer still scores them all.
            has_conflict=index % 50 == 7 and seat != viewer_seat,
            nature="Friend" if index % 50 == 7 else "",
        )
        for index, (seat, application) in enumerate(pairs)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(membership=seat, application=application, status=Assessment.Status.SUBMITTED, submitted_at=now)
        for seat, application in pairs
    )
    Score.objects.bulk_create(
        Score(assessment=assessment, criterion=criterion, value=(assessment.pk + criterion.pk) % 5)
        for assessment in assessments
        for criterion in criteria
    )


@pytest.mark.django_db
def test_the_panels_pages_cost_the_same_queries_at_200_applications_and_30_members(
    member, colleague, panel, application, facilitator, capsys
):
    second = add_application(panel, facilitator)
    for person in (member, colleague):
        for each in (application, second):
            declare(person, each)
            submit_scores(person, each)
    member_client, staff_client = Client(), Client()
    member_client.force_login(member)
    staff_client.force_login(facilitator)
    pages = {
        "panel_list": (member_client, reverse("panels:panel_list")),
        "panel_detail": (member_client, reverse("panels:panel_detail", args=[panel.pk])),
        "panel_results": (member_client, reverse("panels:panel_results", args=[panel.pk])),
        "panel_results (staff)": (staff_client, reverse("panels:panel_results", args=[panel.pk])),
        "panel_manage": (staff_client, reverse("panels:panel_manage", args=[panel.pk])),
    }
    for client, url in pages.values():
        count_get_queries(client, url)  # warm Django's per-process caches
    small = {name: count_get_queries(client, url) for name, (client, url) in pages.items()}

    viewer_seat = PanelMembership.objects.get(panel=panel, user=member)
    grow(panel, facilitator, viewer_seat, APPLICATIONS, MEMBERS)
    assert panel.assignments.count() == APPLICATIONS and panel.memberships.count() == MEMBERS
    assert Assessment.objects.filter(status="submitted").count() == APPLICATIONS * MEMBERS

    timings = {}
    for name, (client, url) in pages.items():
        started = time.perf_counter()
        large = count_get_queries(client, url)
        timings[name] = time.perf_counter() - started
        assert large == small[name], f"{name}: {small[name]} queries at 2 × 2, {large} at 200 × 30"
    page = member_client.get(pages["panel_results"][1]).content.decode()
    # Every application in the ranked summary; the scores by criterion five at a time.
    summary = page[page.index('id="results-summary"') : page.index("</table>", page.index('id="results-summary"'))]
    assert summary.count('<tr class="govuk-table__row">') == APPLICATIONS + 1  # with the header row
    assert page.count("govuk-summary-card__title-wrapper") == 5
    page = staff_client.get(pages["panel_manage"][1]).content.decode()
    assert f"{APPLICATIONS} of {APPLICATIONS} submitted" in page
    assert "Weighted mean" not in page and "Average score" not in page
    with capsys.disabled():
        for name, seconds in timings.items():
            print(f"\n{name}: {small[name]} queries, {seconds * 1000:.0f} ms at {APPLICATIONS} × {MEMBERS}", end="")
