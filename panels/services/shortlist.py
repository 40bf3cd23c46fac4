"""The shortlist: votes to include or exclude, counted into each application's outcome."""

from django.db import transaction
from django.utils import timezone

from applications.models import Application
from commissioning.models import User
from commissioning.permissions import require
from commissioning.services import record_event
from panels import results, voting
from panels.audit import Verb
from panels.exceptions import PanelError
from panels.models import (
    ShortlistOutcome,
    Vote,
)
from panels.services.common import make_own, seat_of


@transaction.atomic
def recount_shortlist(application: Application) -> ShortlistOutcome:
    """Count the shortlist votes of members who can take part; store where the vote stands.
    The application's row is locked first, so two counts at the same moment (two members voting
    on two servers) are taken one after the other and the later one sees every committed vote."""
    Application.objects.select_for_update().get(pk=application.pk)
    panel = application.panel_assignment.panel
    include, exclude = results.shortlist_votes(application)
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
    replaces_taken_down = not created and make_own(vote)
    if not created:
        vote.choice, vote.cast_at = choice, timezone.now()
        vote.save(update_fields=["choice", "cast_at"])
    record_event(
        actor=actor,
        verb=Verb.VOTE_CAST,
        target=application,
        data={
            "stage": Vote.Stage.SHORTLISTING,
            "choice": choice,
            "changed_from": changed_from,
            "replaces_taken_down": replaces_taken_down,
        },
    )
    recount_shortlist(application)
    return vote
