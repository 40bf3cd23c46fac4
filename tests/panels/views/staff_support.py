"""Shared set-up for the staff panel screens."""

from applications.models import Application
from tests.applications.factories import ApplicationFactory


def eligible(funding_round, **fields) -> Application:
    return ApplicationFactory(funding_round=funding_round, submitted=True, status=Application.Status.ELIGIBLE, **fields)
