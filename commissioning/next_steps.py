""" "What I need to do next": the home page's list for a signed-in person.

Each app registers a provider in `AppConfig.ready()`; a provider takes the user and
returns the steps that apply to them (criteria to respond to, applications to score...).
The home page shows them all, so nobody has to hunt through menus for their work.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse

from .permissions import can


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
