"""The member panel screens' set-up (a panel at shortlisting, a seated member, a colleague), plus
three applications as a member sees them: one declared "no conflict", one declared a conflict,
and one not declared on yet. Each has its own words, so the tests can tell them apart."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.applications.factories import answer_everything
from tests.panels.views import conftest as member_screens

add_application = member_screens.add_application
declare = member_screens.declare


def make_application(panel, by, organisation: str, project: str, answer: str, amount="12500"):
    application = add_application(panel, by)
    application.organisation.name = organisation
    application.organisation.save()
    application.project_title = project
    application.amount_requested = Decimal(amount)
    application.save()
    answer_everything(application, text=answer)
    return application


@pytest.fixture
def applications(panel, member, facilitator):
    readable = make_application(
        panel,
        facilitator,
        "Leeds Tea Dance Club",
        "Tea dances for lonely people",
        "Our tea dances bring forty people together every Thursday.",
    )
    conflicted = make_application(
        panel,
        facilitator,
        "Armley Lunch Club",
        "Hot lunches in Armley",
        "Volunteers cook hot lunches in the church hall.",
    )
    undeclared = make_application(
        panel,
        facilitator,
        "Bramley Walking Group",
        "Gentle walks for all",
        "Gentle walks leave the library every Tuesday morning.",
    )
    declare(member, readable)
    declare(member, conflicted, conflict=True)
    return SimpleNamespace(readable=readable, conflicted=conflicted, undeclared=undeclared)
