from guardian.shortcuts import assign_perm

from applications.models import Application
from commissioning.models import FundingRound
from panels.models import (
    REQUIRED_BEFORE_SCORING,
    InductionCompletion,
    InductionModule,
    InterestDeclaration,
    Panel,
    PanelAssignment,
    PanelMembership,
)
from panels.permissions import PANEL_GRANT
from tests.applications.factories import ApplicationFactory, answer_everything, open_round


def shortlisting_round() -> FundingRound:
    """A round at shortlisting with two scored criteria (weights 2 and 1) and one must-have."""
    from tests.commissioning.factories import CriterionFactory

    funding_round = open_round(title="New projects 2018")
    # Criteria were agreed before the round opened: add the second one "back then".
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.CRITERIA)
    CriterionFactory(funding_round=funding_round, agreed=True, title="Will last beyond the grant", weight=1)
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.SHORTLISTING)
    funding_round.refresh_from_db()
    return funding_round


def eligible_application(funding_round: FundingRound) -> Application:
    application = ApplicationFactory(funding_round=funding_round, submitted=True, status=Application.Status.ELIGIBLE)
    answer_everything(application)
    return application


def seat(user, panel: Panel, *, inducted: bool = True) -> PanelMembership:
    """An accepted seat with its grant (and the required induction), as the services leave it."""
    membership = PanelMembership.objects.create(panel=panel, user=user, status=PanelMembership.Status.ACCEPTED)
    assign_perm(PANEL_GRANT, user, panel)
    if inducted:
        for module in REQUIRED_BEFORE_SCORING:
            InductionCompletion.objects.create(membership=membership, module=module, recorded_by=user)
    return membership


def seat_and_declare(user, panel: Panel, *applications: Application) -> PanelMembership:
    """Seated, inducted (interviewing too) and declared free of conflict on `applications`:
    written straight to the tables, as a mistake or a role change could leave a staff person,
    so that only the staff veto stands between them and the volunteers' decisions."""
    membership = seat(user, panel)
    InductionCompletion.objects.create(membership=membership, module=InductionModule.INTERVIEWING, recorded_by=user)
    for application in applications:
        InterestDeclaration.objects.create(
            membership=membership, application=application, has_conflict=False, recorded_by=user
        )
    return membership


def assign(panel: Panel, application: Application, by) -> PanelAssignment:
    return PanelAssignment.objects.create(panel=panel, application=application, assigned_by=by)


def panel_with_an_application(funding_round: FundingRound | None = None) -> tuple[Panel, Application]:
    """Panel A of a shortlisting round, with one eligible application assigned by staff@example.org."""
    from tests.commissioning.factories import UserFactory

    funding_round = funding_round or shortlisting_round()
    facilitator = UserFactory(email="staff@example.org", facilitator=True)
    panel = Panel.objects.create(funding_round=funding_round, name="Panel A")
    application = eligible_application(funding_round)
    assign(panel, application, facilitator)
    return panel, application
