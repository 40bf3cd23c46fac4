"""Every link the demo shows a person leads to a page that person may open: no link to a
refusal ("You cannot do this") and no server error. People follow links from their home page,
as a newcomer does after `make run`, up to a fixed number of pages each."""

import io
import re

import pytest
from django.core.management import call_command

from commissioning.models import User

pytestmark = pytest.mark.django_db

PEOPLE = [
    None,  # a visitor
    "applicant1@demo.example",
    "criteria1@demo.example",
    "panel1@demo.example",
    "panel8@demo.example",  # on paper, a taken-down sheet waiting for them
    "panel12@demo.example",  # declined the honorarium
    "staff@demo.example",
]
PAGES_EACH = 80
LINK = re.compile(r'href="(/[^"#?]*)')
# Files and the actions that are not pages to read: followed by other tests.
NOT_PAGES = ("/static/", "/admin/", "/sign-out/", "/media/")


def links(page: str) -> list[str]:
    return [
        href
        for href in LINK.findall(page)
        if not href.startswith(NOT_PAGES) and not href.endswith((".pdf", ".csv", ".json", ".ics", "/download/"))
    ]


def test_no_link_the_demo_shows_leads_to_a_refusal_or_an_error(client):
    call_command("seed_demo", stdout=io.StringIO())
    problems = []
    for email in PEOPLE:
        client.logout()
        if email:
            client.force_login(User.objects.get(email=email))
        seen, waiting = set(), ["/"]
        while waiting and len(seen) < PAGES_EACH:
            url = waiting.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            if response.status_code == 403 or response.status_code >= 500:
                problems.append(f"{email or 'visitor'}: {url} answered {response.status_code}")
            elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                waiting += [href for href in links(response.content.decode()) if href not in seen]
        assert len(seen) > 5, f"{email or 'visitor'} reached only {sorted(seen)}"
    assert problems == []
