import pytest

from tests.panels.report.world import decided_round


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Reports are files: each test keeps its own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def decided(db, facilitator):
    """A round at feedback to applicants: 5 applications, 2 panels of 3 members in all."""
    return decided_round(applications=5, members=6, panels=2, staff=facilitator)
