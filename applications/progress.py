""" "Where your application is": the numbered steps on a sent application's status page.

Each app registers a provider in `AppConfig.ready()`, as `next_steps` providers do: this app
knows the first steps (sent, checked by staff), the panels app the rest (with the panel,
shortlisted, interview, decision). A provider takes the application, with its round loaded,
and returns its steps in order; the page numbers them and shows each one's status.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    title: str
    status: str
    hint: str = ""
    # A GOV.UK tag colour ("light-blue", "blue", "grey") when the status is a tag, not plain words.
    tag: str = ""
    # Where the applicant acts on this step now (the title becomes a link), if anywhere.
    url: str = ""
    # A link on the status itself (to the decision lower down the page).
    status_url: str = ""
    # The status element's id, for the link's aria-describedby and for tests.
    status_id: str = ""


Provider = Callable[[object], Iterable[Step]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def steps_for(application) -> list[tuple[int, Step]]:
    """Every registered step, numbered from 1, for an application being assessed; none otherwise."""
    if not application.is_being_assessed:
        return []
    steps = [step for provider in _providers for step in provider(application)]
    return list(enumerate(steps, start=1))


def application_steps(application) -> Iterable[Step]:
    yield Step("Sent", "Done")
    checked = "Done: eligible" if application.is_eligible else "Happening now"
    yield Step(
        "Checked by staff",
        checked,
        hint="Is it complete, and does it meet the must-haves?",
        tag="" if application.is_eligible else "light-blue",
    )
