"""What the panel rules know about one person on one panel, read once per request.

The rules in panels/permissions.py answer from a `PanelFacts`: one object answers one
application and, through `commissioning.permissions.can_each`, a whole list page in the same
fixed number of queries, so no page needs to work the rules out again to save queries. Each
read goes through `read_once`, so the view's check, the rules and the service's own check in
one request read the seat, the declarations and the rest once; saving any of the rows they rest
on (panels/apps.py connects `forget_reads`) makes the next question read afresh.
"""

from django.utils.functional import cached_property

from commissioning.permissions import has_grant, read_once
from panels.models import Assessment, Panel, PanelMembership, ShortlistOutcome


class PanelFacts:
    """`user`'s accepted seat on `panel` (None without the grant or the seat), their
    declarations by application, the induction modules they have done, their submitted
    assessments as (application, stage) pairs, and the panel's shortlisted applications: one
    query each (and the grant's), the last three read only when a rule asks."""

    def __init__(self, user, panel: Panel):
        from panels.permissions import PANEL_GRANT

        self.panel = panel
        seated = has_grant(user, PANEL_GRANT, panel)
        self.membership, self.declarations = read_once(
            ("panel seat", user.pk, panel.pk), lambda: _seat_and_declarations(user, panel) if seated else (None, {})
        )

    @cached_property
    def modules_done(self) -> frozenset[str]:
        seat = self.membership
        if seat is None:
            return frozenset()
        return read_once(
            ("induction modules", seat.pk), lambda: frozenset(seat.inductions.values_list("module", flat=True))
        )

    @cached_property
    def submitted(self) -> frozenset[tuple[int, str]]:
        seat = self.membership
        if seat is None:
            return frozenset()
        # A sheet staff took down is the member's once they confirm it.
        rows = Assessment.objects.standing().filter(membership=seat).values_list("application_id", "stage")
        return read_once(("submitted assessments", seat.pk), lambda: frozenset(rows))

    @cached_property
    def shortlisted(self) -> frozenset[int]:
        included = ShortlistOutcome.objects.filter(panel=self.panel, outcome=ShortlistOutcome.Outcome.INCLUDED)
        rows = included.values_list("application_id", flat=True)
        return read_once(("shortlisted", self.panel.pk), lambda: frozenset(rows))

    def answers_for(self, application) -> bool:
        assignment = getattr(application, "panel_assignment", None)
        return assignment is not None and assignment.panel_id == self.panel.pk


def _seat_and_declarations(user, panel: Panel):
    seat = PanelMembership.objects.filter(panel=panel, user=user, status=PanelMembership.Status.ACCEPTED).first()
    return seat, ({row.application_id: row for row in seat.declarations.all()} if seat else {})


def for_applications(user, applications) -> PanelFacts | None:
    """The facts reader of the application rules: one panel's facts for a list of its
    applications (an application of another panel is answered with its own facts)."""
    for application in applications:
        assignment = getattr(application, "panel_assignment", None)
        if assignment is not None:
            return PanelFacts(user, assignment.panel)
    return None


def of(user, application, facts: PanelFacts | None) -> PanelFacts | None:
    """The facts that answer for `application`: those given when they are its panel's."""
    if facts is not None and facts.answers_for(application):
        return facts
    assignment = getattr(application, "panel_assignment", None)
    return None if assignment is None else PanelFacts(user, assignment.panel)
