"""Domain errors for organisations and applications. Views show their messages as written."""


class ApplicationError(Exception):
    """Something asked of an application or organisation cannot be done; the message says why."""


class InvalidAnswers(ApplicationError):
    """Answers or amounts that break the round's rules. `errors` maps a field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


class DraftConflict(ApplicationError):
    """A colleague saved the draft since this person opened it. Their text is kept aside."""

    def __init__(self, set_aside):
        self.set_aside = set_aside
        super().__init__(
            "A colleague saved this application after you opened it, so your changes were not saved over theirs. "
            "Your version is kept: compare the two below and copy across what you need."
        )


class AttachmentRefused(ApplicationError):
    """An upload we cannot accept; the message says why in plain English."""
