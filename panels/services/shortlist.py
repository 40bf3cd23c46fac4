"""The shortlist: votes to include or exclude, counted into each application's outcome."""

from django.db import transaction
from django.utils import timezone

from applications.models import Application
from commissioning.models import User
from commissioning.permissions import require
from commissioning.services import record_event
from panels import voting
from panels.audit import Verb
from panels.exceptions import PanelError
from panels.models import (
    InterestDeclaration,
    PanelMembership,
    ShortlistOutcome,
    Vote,
)
from panels.services.common import seat_of


def members_who_can_take_part(application: Application) -> int:
    """Accepted members of the application's panel who have not declared (or been recorded with)
    a conflict on it."""
    panel_id = application.panel_assignment.panel_id
    # A subquery, not exclude(declarations__application=…, declarations__has_conflict=True): across
    # a multi-valued relation that excludes a member with a conflict on ANY application who merely
    # declared something on this one.
    conflicted = InterestDeclaration.objects.filter(application=application, has_conflict=True).values("membership_id")
    return (
        PanelMembership.objects.filter(panel_id=panel_id, status=PanelMembership.Status.ACCEPTED)
        .exclude(pk__in=conflicted)
        .count()
    )


@transaction.atomic
def recount_shortlist(application: Application) -> ShortlistOutcome:
    """Count the shortlist votes of members who can take part; store where the vote stands.
    The application's row is locked first, so two counts at the same moment (two members voting
    on two servers) are taken one after the other and the later one sees every committed vote."""
    Application.objects.select_for_update().get(pk=application.pk)
    panel = application.panel_assignment.panel
    conflicted = InterestDeclaration.objects.filter(application=application, has_conflict=True).values("membership_id")
    # Only members still on the panel count: a seat that ended takes its vote with it.
    votes = Vote.objects.filter(
        application=application, stage=Vote.Stage.SHORTLISTING, membership__status=PanelMembership.Status.ACCEPTED
    ).exclude(membership_id__in=conflicted)
    include = votes.filter(choice=Vote.Choice.INCLUDE).count()
    exclude = votes.filter(choice=Vote.Choice.EXCLUDE).count()
    counted = voting.count_shortlist(include, exclude, panel.quorum)
    outcome, _ = ShortlistOutcome.objects.update_or_create(
        application=application,
        defaults={
            "panel": panel,
            "outcome": counted.outcome,
            "include_votes": include,
            "exclude_votes": exclude,
            "updated_at": timezone.now(),
        },
    )
    return outcome


@transaction.atomic
def cast_shortlist_vote(*, actor: User, application: Application, include: bool) -> Vote:
    """Include on the shortlist or not. Voting again changes the vote (never a second one)."""
    require(actor, "panels.vote", application)
    if application.funding_round.status != application.funding_round.Status.SHORTLISTING:
        raise PanelError("Shortlist votes are cast during the shortlisting stage.")
    choice = Vote.Choice.INCLUDE if include else Vote.Choice.EXCLUDE
    vote, created = Vote.objects.select_for_update().get_or_create(
        membership=seat_of(actor, application),
        application=application,
        stage=Vote.Stage.SHORTLISTING,
        defaults={"choice": choice},
    )
    changed_from = None if created else vote.choice
    if not created:
        vote.choice, vote.cast_at = choice, timezone.now()
        vote.save(update_fields=["choice", "cast_at"])
    record_event(
        actor=actor,
        verb=Verb.VOTE_CAST,
        target=application,
        data={"stage": Vote.Stage.SHORTLISTING, "choice": choice, "changed_from": changed_from},
    )
    recount_shortlist(application)
    return vote
