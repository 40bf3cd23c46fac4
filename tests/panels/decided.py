"""Decided applications, as the decision services leave them: a round at its decision stage (or
later), a panel with a chair, an application given to it, the members' decision votes, the
panel's decision and its feedback on each criterion. Rows are built directly."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from commissioning.models import Criterion, FundingRound
from panels.models import CriterionFeedback, FundingDecision, Panel, PanelMembership, Vote
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation
from tests.commissioning.factories import UserFactory
from tests.panels.factories import assign, seat, shortlisting_round

DECIDED_AT = datetime(2018, 7, 20, 15, 0, tzinfo=ZoneInfo("Europe/London"))
RATIONALE = "A warm, well-run group that older people lead. The panel wants it to reach more carers."
STRENGTHS = "Older people sit on the committee and choose what happens."
COULD_BE_BETTER = "Say how you will reach people who never leave the house."


def decided_round(status=FundingRound.Status.FEEDBACK, **fields) -> FundingRound:
    """A round with the scored criterion "Reaches lonely older people" (and "Will last beyond the
    grant"), a must-have, and Panel A with a chair and two members, at `status`."""
    funding_round = shortlisting_round()
    FundingRound.objects.filter(pk=funding_round.pk).update(status=status, **fields)
    funding_round.refresh_from_db()
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    for number, name in enumerate(["Brenda Sutcliffe", "Arthur Mensah", "Sheila Patel"]):
        membership = seat(UserFactory(email=f"volunteer{number}@example.org", full_name=name), panel)
        PanelMembership.objects.filter(pk=membership.pk).update(is_chair=number == 0)
    return funding_round


def decide(
    funding_round: FundingRound,
    organisation=None,
    *,
    outcome=FundingDecision.Outcome.FUND,
    amount=Decimal("85000"),
    asked=Decimal("90000"),
    conditions="",
    title="Tea, talk and a lift there",
    decided_at=DECIDED_AT,
):
    """An application from `organisation` (a new charity when None) that the round's Panel A decided."""
    panel = Panel.objects.get(funding_round=funding_round, name="Panel A")
    staff = UserFactory(email="sam.staff@example.org", full_name="Sam Staff", facilitator=True)
    organisation = organisation or OrganisationFactory()
    application = ApplicationFactory(
        funding_round=funding_round,
        organisation=organisation,
        submitted=True,
        status="eligible",
        amount_requested=asked,
        project_title=title,
    )
    assign(panel, application, staff)
    choice = outcome
    for membership in panel.memberships.all():
        Vote.objects.create(
            membership=membership,
            application=application,
            stage=Vote.Stage.DECISION,
            choice=choice,
            amount=None if outcome == FundingDecision.Outcome.DECLINE else amount,
            conditions=conditions,
        )
    chair = panel.memberships.get(is_chair=True).user
    FundingDecision.objects.create(
        application=application,
        panel=panel,
        outcome=outcome,
        amount_awarded=None if outcome == FundingDecision.Outcome.DECLINE else amount,
        conditions=conditions,
        rationale=RATIONALE,
        recorded_by=chair,
        decided_at=decided_at,
        **FundingDecision.as_decided(application, outcome=outcome),
    )
    for criterion in funding_round.criteria.filter(kind=Criterion.Kind.SCORED).order_by("position"):
        CriterionFeedback.objects.create(
            application=application,
            criterion=criterion,
            strengths=f"{criterion.title}: {STRENGTHS}",
            could_be_better=f"{criterion.title}: {COULD_BE_BETTER}",
            written_by=chair,
        )
    return application


def applicant_of(application, user=None):
    """`user` (or a new person) joins the application's organisation."""
    user = user or UserFactory()
    join_organisation(user, application.organisation)
    return user
