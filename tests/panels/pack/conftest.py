"""The member panel screens' set-up (a panel at shortlisting, a seated member, a colleague), plus
three applications as a member sees them: one declared "no conflict", one declared a conflict,
and one not declared on yet. Each has its own words, so the tests can tell them apart."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from panels.models import PackBuild
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


def prepare_and_download(client, page_url: str):
    """What a person does: ask for a pack on its page, then follow the page's download link.
    In tests the task runs at once, so the pack is ready when the page comes back."""
    asked = client.post(page_url)
    assert asked.status_code == 302, asked.content.decode()[:500]
    page = client.get(page_url)
    assert page.status_code == 200
    build = PackBuild.objects.filter(membership__panel__pk=page.context["panel"].pk).first()
    download_url = reverse("panels:pack_download", args=[build.pk])
    assert f'href="{download_url}"' in page.content.decode(), "the page offers the ready pack"
    return client.get(download_url)


def pdf_of(response) -> bytes:
    """The bytes of a downloaded file (downloads are streamed)."""
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)
