"""Writes across panel objects, by area: each checks the policy, validates and logs.

Callers write `services.scoring.save_assessment(...)`: the area says where to read the rule.
"""

from panels.services import (  # noqa: F401  (the areas, loaded so that `services.<area>` works)
    common,
    decisions,
    expenses,
    interviews,
    letters,
    membership,
    pack,
    paper,
    reminders,
    reports,
    scoring,
    shortlist,
    strands,
    talk,
)
