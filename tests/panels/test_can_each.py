"""The policy answers a list in one go (`can_each`), fed by one read of the panel's facts, and
its answers are exactly `can()`'s, object by object, for each kind of person and application."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.models import FundingRound
from commissioning.permissions import can, can_each
from panels.models import InductionCompletion, InductionModule, ShortlistOutcome
from tests.commissioning.factories import UserFactory
from tests.panels.factories import assign, eligible_application, seat
from tests.panels.views.conftest import declare

ACTIONS = ["panels.score_application", "panels.vote", "panels.view_application", "panels.declare_interest"]


def world(panel, facilitator, member, colleague, count=4):
    """`count` applications: declared clear by both, conflicted for the colleague, undeclared,
    and not shortlisted; the member has done the interviewing module, the colleague has not."""
    applications = []
    for n in range(count):
        application = eligible_application(panel.funding_round)
        assign(panel, application, facilitator)
        if n % 4 != 2:
            declare(member, application)
            declare(colleague, application, conflict=n % 4 == 1)
        if n % 4 != 3:
            ShortlistOutcome.objects.create(application=application, panel=panel, outcome="included")
        applications.append(application)
    membership = member.panel_memberships.get(panel=panel)
    InductionCompletion.objects.create(membership=membership, module=InductionModule.INTERVIEWING, recorded_by=member)
    return applications


def fresh(applications):
    return list(type(applications[0]).objects.filter(pk__in=[a.pk for a in applications]).order_by("pk"))


@pytest.mark.parametrize("stage", [FundingRound.Status.SHORTLISTING, FundingRound.Status.INTERVIEWS])
@pytest.mark.parametrize("action", ACTIONS)
def test_can_each_agrees_with_can_for_every_object(
    stage, action, panel, facilitator, member, colleague, panel_member, applicant
):
    applications = world(panel, facilitator, member, colleague)
    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=stage)
    outsider = UserFactory(email="outsider@example.org")
    answers = set()
    for user in (member, colleague, facilitator, applicant, outsider):
        each = can_each(user, action, fresh(applications))
        one_by_one = {application.pk: can(user, action, application) for application in fresh(applications)}
        assert each == one_by_one, f"{user} {action}"
        answers |= {decision.allowed for decision in each.values()}
    # The world has both answers (nobody votes at the interviews), so agreeing means something.
    voting_closed = action == "panels.vote" and stage == FundingRound.Status.INTERVIEWS
    assert answers == ({False} if voting_closed else {True, False})


def test_can_each_costs_the_same_queries_however_many_applications(panel, facilitator, member, colleague):
    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.INTERVIEWS)

    def queries(applications):
        applications = list(
            type(applications[0])
            .objects.filter(pk__in=[a.pk for a in applications])
            .select_related("panel_assignment", "funding_round")
        )
        with CaptureQueriesContext(connection) as captured:
            can_each(member, "panels.score_application", applications)
        return len(captured)

    few = world(panel, facilitator, member, colleague, count=2)
    first = queries(few)
    others = [UserFactory(), UserFactory()]
    for person in others:
        seat(person, panel)
    more = few + world(panel, facilitator, *others, count=6)
    assert queries(more) == first


@pytest.fixture
def member(panel_member, panel):
    seat(panel_member, panel)
    return panel_member
