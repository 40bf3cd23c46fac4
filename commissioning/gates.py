"""Gates: what must be true before a round moves out of a stage.

Each app registers the gates whose facts it owns, in `AppConfig.ready()`, as next_steps
providers are registered: `register(stage, title, checker)`, where `stage` is the stage the
round is leaving and `checker(funding_round, now)` returns what is not yet true, in plain
English (nothing when the gate is met). Staff see every gate of the next move as a checklist;
the service that moves the round asks them again and refuses while any is unmet.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

Checker = Callable[[object, object], Iterable[str]]
_gates: dict[str, list[tuple[str, Checker]]] = {}


@dataclass(frozen=True)
class GateCheck:
    title: str
    unmet: list[str]

    @property
    def is_met(self) -> bool:
        return not self.unmet


def register(stage, title: str, checker: Checker) -> None:
    """`checker` must hold before a round leaves `stage` (a FundingRound.Status)."""
    gates = _gates.setdefault(str(stage), [])
    if all(registered is not checker for _, registered in gates):
        gates.append((title, checker))


def checklist(funding_round, now=None) -> list[GateCheck]:
    """Every gate on the round's next move, met or not, in the order they were registered."""
    from django.utils import timezone

    now = now or timezone.now()
    return [
        GateCheck(title, list(checker(funding_round, now))) for title, checker in _gates.get(funding_round.status, [])
    ]


def unmet(funding_round, now=None) -> list[str]:
    return [reason for check in checklist(funding_round, now) for reason in check.unmet]


# The core app's own gates: the criteria group, the criteria, the form, the timeline, the deadline.


def _criteria_group_ready(funding_round, now) -> Iterable[str]:
    from commissioning.models import Stage

    if not any(stage.kind == Stage.Kind.CRITERIA for stage in funding_round.stages.all()):
        yield "Set the dates for agreeing the criteria."
    if not funding_round.criteria_group.exists():
        yield "Invite at least one older person to the criteria group."


def _criteria_agreed(funding_round, now) -> Iterable[str]:
    from commissioning.models import Criterion

    criteria = list(funding_round.criteria.all())
    undecided = [c for c in criteria if c.status == Criterion.Status.PROPOSED]
    if undecided:
        yield (
            f"{len(undecided)} of {len(criteria)} criteria are still under discussion: "
            "each must be agreed or withdrawn."
        )
    if not any(c.is_agreed and c.is_scored for c in criteria):
        yield "The criteria group must agree at least one scored criterion."


def _strands_within_budget(funding_round, now) -> Iterable[str]:
    """The agreed strands' shares add up to the round's budget, or leave a reserve: never more."""
    from commissioning.models import Strand
    from commissioning.templatetags.money import money

    pointing = {row.applies_to_id for row in [*funding_round.criteria.all(), *funding_round.questions.all()]}
    if pointing - {None} and Strand.objects.filter(pk__in=pointing).exclude(proposal__status="agreed").exists():
        yield (
            "A criterion or question is for a strand the group has not agreed: "
            "make it for every strand, or agree the strand."
        )
    if not any(criterion.is_strand and criterion.is_agreed for criterion in funding_round.criteria.all()):
        return  # no strands: nothing more to read
    shares = sum(strand.budget_share for strand in Strand.objects.filter(funding_round=funding_round).agreed())
    if shares > funding_round.budget:
        yield (
            f"The agreed strands share out {money(shares)}, more than the round's budget of "
            f"{money(funding_round.budget)}: the group must agree smaller shares."
        )


def _form_ready(funding_round, now) -> Iterable[str]:
    questions = list(funding_round.questions.all())
    if not questions:
        yield "Add at least one question to the application form."
    withdrawn = {c.pk for c in funding_round.criteria.all() if c.is_withdrawn}
    if any(question.criterion_id in withdrawn for question in questions):
        yield "A question serves a withdrawn criterion: link it to an agreed one or remove it."


def _timeline_set(funding_round, now) -> Iterable[str]:
    from commissioning.models import Stage

    stages = {stage.kind for stage in funding_round.stages.all()}
    missing = [kind.label.lower() for kind in Stage.Kind if kind not in stages]
    if missing:
        yield f"Set the dates for every stage; still missing: {', '.join(missing)}."


def _deadline_passed(funding_round, now) -> Iterable[str]:
    deadline = funding_round.application_deadline
    if deadline and now < deadline:
        yield "Applications are still open: the deadline has not passed."


def register_core_gates() -> None:
    from commissioning.models import FundingRound

    Status = FundingRound.Status
    register(Status.DRAFT, "The criteria group and its dates", _criteria_group_ready)
    register(Status.CRITERIA, "Every criterion agreed or withdrawn", _criteria_agreed)
    register(Status.CRITERIA, "The strands' shares of the budget", _strands_within_budget)
    register(Status.CRITERIA, "The application form", _form_ready)
    register(Status.CRITERIA, "Dates for every stage", _timeline_set)
    register(Status.OPEN, "The deadline for applications", _deadline_passed)
