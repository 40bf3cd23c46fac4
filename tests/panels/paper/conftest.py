"""Paper and phone: Pamela Panel (the panel_member persona) sits on Panel A at shortlisting,
inducted and declared free of conflict on its application, and chose paper; Fiona (the
facilitator) supports the panel and may take down Pamela's sheet for her."""

import pytest

from panels.models import Adjustment
from tests.panels.factories import seat_and_declare


@pytest.fixture
def seat(panel_member, panel, application):
    return seat_and_declare(panel_member, panel, application)


@pytest.fixture
def on_paper(seat, facilitator):
    Adjustment.objects.create(membership=seat, kind=Adjustment.Kind.PAPER_PACK, recorded_by=facilitator)
    return seat


@pytest.fixture
def on_phone(seat, facilitator):
    Adjustment.objects.create(membership=seat, kind=Adjustment.Kind.PHONE, recorded_by=facilitator)
    return seat


@pytest.fixture
def criteria(funding_round):
    return list(funding_round.criteria.filter(kind="scored", status="agreed").order_by("position", "pk"))


@pytest.fixture
def sheet(criteria):
    """Pamela's sheet: 3 on every criterion, with a comment."""
    return {criterion.pk: (3, f"Good on {criterion.title.lower()}") for criterion in criteria}
