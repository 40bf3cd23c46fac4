"""Domain errors for panels. Views show their messages as written."""


class PanelError(Exception):
    """Something asked of a panel cannot be done; the message says why."""


class IncompleteAssessment(PanelError):
    """An assessment sent with criteria left blank. `missing` lists them by title."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("Score every criterion before you submit. Still to score: " + "; ".join(missing) + ".")


class SlotTaken(PanelError):
    """Someone else booked the interview slot a moment earlier."""


class BudgetExceeded(PanelError):
    """A funding amount that would take the round over its budget; the message says what is left."""
