"""Loading what a panel's screens are about, shared by the member, staff, talk and deciding
screens: the panel (404 for anyone outside it), the person's seat, an application given to
the panel, and which stage's assessments the pages show."""

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from applications.models import Application
from commissioning.models import Criterion
from commissioning.permissions import require, visible
from panels import voting
from panels.models import Assessment, InterestDeclaration, Panel, PanelMembership, ShortlistOutcome

SHORTLISTING = Assessment.Stage.SHORTLISTING
INTERVIEWS = Assessment.Stage.INTERVIEWS
ACCEPTED = PanelMembership.Status.ACCEPTED
INCLUDED = ShortlistOutcome.Outcome.INCLUDED


def with_members_who_can_take_part(assignments):
    """Annotate a panel's assignments with `members_who_can_take_part`: accepted members less
    those with a conflict on the application (as `PanelMembership.objects.taking_part_in` counts),
    inside the one query that lists them, however many applications there are."""
    accepted = (
        PanelMembership.objects.filter(panel=OuterRef("panel"), status=ACCEPTED)
        .order_by()
        .values("panel")
        .annotate(n=Count("pk"))
        .values("n")
    )
    conflicted = (
        InterestDeclaration.objects.filter(
            application=OuterRef("application"),
            has_conflict=True,
            membership__panel=OuterRef("panel"),
            membership__status=ACCEPTED,
        )
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    return assignments.annotate(
        members_who_can_take_part=Coalesce(Subquery(accepted, output_field=IntegerField()), zero)
        - Coalesce(Subquery(conflicted, output_field=IntegerField()), zero)
    )


def with_progress(memberships, stage: str, assignments):
    """Annotate a panel's memberships with their progress at `stage` on `assignments` (the ones
    in that stage), counting only the applications each member can take part in: a conflict,
    whenever declared or recorded, takes that application out of their count rather than
    leaving it outstanding. `recused_count` is how many it took out; `taking_part_count` how
    many are left; `submitted_count` how many of those they have submitted. Inside the one
    query that lists the members, however many there are."""
    application_ids = [assignment.application_id for assignment in assignments]

    def count(queryset):
        counted = queryset.order_by().values("membership").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0, output_field=IntegerField()))

    recused = InterestDeclaration.objects.filter(application_id__in=application_ids, has_conflict=True)
    # NOT EXISTS on (membership, application), which the one-declaration constraint indexes.
    own_conflict = InterestDeclaration.objects.filter(
        membership=OuterRef("membership"), application=OuterRef("application"), has_conflict=True
    )
    # Submitted, and confirmed by the member if staff took it down from a paper sheet.
    submitted = (
        Assessment.objects.standing()
        .filter(application_id__in=application_ids, stage=stage)
        .exclude(Exists(own_conflict))
    )
    return memberships.annotate(
        recused_count=count(recused.filter(membership=OuterRef("pk"))),
        submitted_count=count(submitted.filter(membership=OuterRef("pk"))),
        taking_part_count=Value(len(application_ids), output_field=IntegerField()) - F("recused_count"),
    )


def below_quorum(panel: Panel, assignments) -> list:
    """The assignments (annotated as above) where recusals leave fewer members than the quorum."""
    return [a for a in assignments if voting.below_quorum(a.members_who_can_take_part, panel.quorum)]


def panel_or_404(user, pk: int) -> Panel:
    panels = visible(user, "panels.view_panel", Panel.objects.select_related("funding_round"))
    return get_object_or_404(panels.prefetch_related("funding_round__stages"), pk=pk)


def seat_of(user, panel: Panel) -> PanelMembership | None:
    """The user's accepted seat on the panel; None for the staff who support it."""
    return PanelMembership.objects.filter(panel=panel, user=user, status=PanelMembership.Status.ACCEPTED).first()


def application_or_404(panel: Panel, pk: int) -> Application:
    """An application given to this panel; any other is 404."""
    applications = Application.objects.select_related("organisation", "panel_assignment", "shortlist_outcome")
    application = get_object_or_404(applications, pk=pk, panel_assignment__panel=panel)
    application.funding_round = panel.funding_round
    application.panel_assignment.panel = panel
    return application


def scored_criteria(panel: Panel) -> list[Criterion]:
    return list(panel.funding_round.criteria.filter(kind=Criterion.Kind.SCORED, status=Criterion.Status.AGREED))


def staff_panel_or_404(user, pk: int) -> Panel:
    """A panel for the staff screens that run it: 404 when there is none, 403 for anyone else."""
    panel = get_object_or_404(Panel.objects.select_related("funding_round"), pk=pk)
    require(user, "panels.manage_panels", panel)
    return panel
