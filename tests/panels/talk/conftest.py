"""Talking together reuses the member screens' set-up: a panel at shortlisting with an application,
a seated and inducted member (Pamela Panel) and a colleague (Colin Colleague)."""

from tests.panels.views.conftest import (  # noqa: F401 (fixtures)
    application,
    colleague,
    funding_round,
    member,
    member_client,
    panel,
)
