""" "What I need to do next": the home page's list for a signed-in person.

Each app registers a provider in `AppConfig.ready()`; a provider takes the user and
returns the steps that apply to them (criteria to respond to, applications to score...).
The home page shows them all, so nobody has to hunt through menus for their work.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

from commissioning.permissions import CRITERIA_GRANT, can, granted, granted_pks


@dataclass(frozen=True)
class NextStep:
    title: str
    url: str
    description: str = ""


Provider = Callable[[object], Iterable[NextStep]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def for_user(user) -> list[NextStep]:
    return [step for provider in _providers for step in provider(user)]


def staff_steps(user) -> Iterable[NextStep]:
    if can(user, "commissioning.manage_rounds"):
        yield NextStep(
            "Set up and run funding rounds",
            reverse("commissioning:round_list"),
            "Programmes, rounds, timelines, questions and the criteria group.",
        )
    if can(user, "commissioning.view_activity"):
        yield NextStep(
            "Read the activity log",
            reverse("commissioning:activity"),
            "Everything staff and volunteers have done, newest first.",
        )
    if can(user, "commissioning.use_admin"):
        yield NextStep(
            "Open Django admin",
            reverse("admin:index"),
            "Technical administration: accounts and roles.",
        )


def criteria_steps(user) -> Iterable[NextStep]:
    """For each round in its criteria stage where this person is in the group: what is left to answer."""
    from commissioning.models import Criterion, FundingRound

    # The rounds whose group this person sits in (staff support every group but sit in none).
    if not getattr(user, "is_authenticated", False) or not granted_pks(user, CRITERIA_GRANT, FundingRound):
        return
    rounds = granted(user, CRITERIA_GRANT, FundingRound.objects.filter(status=FundingRound.Status.CRITERIA))
    rounds = rounds.annotate(
        open_criteria=Count("criteria", filter=~Q(criteria__status=Criterion.Status.WITHDRAWN), distinct=True),
        answered=Count(
            "criteria__responses",
            filter=Q(criteria__responses__member=user) & ~Q(criteria__status=Criterion.Status.WITHDRAWN),
            distinct=True,
        ),
    ).order_by("title")
    for funding_round in rounds:
        left = funding_round.open_criteria - funding_round.answered
        yield NextStep(
            f"Agree the criteria for “{funding_round.title}”",
            reverse("commissioning:criteria_list", args=[funding_round.slug]),
            f"You have {left} criteri{'on' if left == 1 else 'a'} to answer."
            if left
            else "You have answered every criterion. You can still propose one or join the discussion.",
        )
