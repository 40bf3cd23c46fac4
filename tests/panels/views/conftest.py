"""Helpers for the panel tests (the fixtures they share are in tests/panels/conftest.py). The
staff screens' modules define their own fixtures, which win."""

from panels import services
from tests.panels.factories import assign, eligible_application


def add_application(panel, by):
    application = eligible_application(panel.funding_round)
    assign(panel, application, by)
    return application


def declare(user, application, *, conflict=False):
    return services.scoring.declare_interest(
        actor=user, application=application, has_conflict=conflict, nature="I volunteer there" if conflict else ""
    )


def criteria(application):
    from commissioning.models import Criterion

    return list(application.funding_round.criteria.filter(kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED))


def submit_scores(user, application, value=3):
    return services.scoring.save_assessment(
        actor=user,
        application=application,
        scores={criterion.pk: (value, "Clear plan.") for criterion in criteria(application)},
        overall_comment="A strong local group.",
        submit=True,
    )


def interviews(panel, *shortlisted):
    """Move the panel's round on to the interviews, with `shortlisted` applications on the
    shortlist, and every seated member through the interviewing module."""
    from commissioning.models import FundingRound
    from panels.models import InductionCompletion, InductionModule, ShortlistOutcome

    for application in shortlisted:
        ShortlistOutcome.objects.create(
            application=application, panel=panel, outcome=ShortlistOutcome.Outcome.INCLUDED, include_votes=3
        )
    for membership in panel.memberships.all():
        InductionCompletion.objects.get_or_create(
            membership=membership, module=InductionModule.INTERVIEWING, defaults={"recorded_by": membership.user}
        )
    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.INTERVIEWS)
    panel.funding_round.refresh_from_db()
