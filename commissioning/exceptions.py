"""The core app's domain errors. Views turn them into plain-English messages."""


class RoundError(Exception):
    """Something asked of a funding round cannot be done; the message says why."""


class TimelineError(RoundError):
    """The stage dates do not make a timeline. `errors` maps a form field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


class GatesNotMet(RoundError):
    """A round cannot move on yet. `failures` lists what still needs doing."""

    def __init__(self, failures: list[str]):
        self.failures = failures
        super().__init__("This round cannot move on yet: " + "; ".join(failures))


class OutboxError(Exception):
    """Something asked of the outbox cannot be done; the message says why."""


class SignInLinkError(Exception):
    """A sign-in link cannot be sent now (too many asked for); the message says what to do."""
