"""Signals the core app sends, so other apps can act on its events without the core app
importing them (see CONVENTIONS.md: `commissioning` imports neither `applications` nor `panels`)."""

from django.dispatch import Signal

# Sent once the transaction that moved a funding round on has committed. Arguments:
# `funding_round`, `actor` (who moved it) and `from_status`, `to_status` (FundingRound.Status values).
# The panels app listens for DECISION → FEEDBACK and emails applicants their decision.
round_advanced = Signal()

# Sent once the transaction that moved a live round's deadline (the last day of its open stage,
# while applications are open) has committed. Arguments: `funding_round`, `actor`,
# `old_deadline` and `new_deadline` (aware datetimes). The applications app tells everyone
# holding a draft.
deadline_moved = Signal()

# Sent inside the transaction that changed someone's role, so
# what the receivers change commits or rolls back with the role. Arguments: `user`, `actor`,
# `from_role`, `to_role` (User.Role values). The panels app ends the seats of anyone who
# becomes staff: staff facilitate panels, they never sit on them.
role_changed = Signal()
