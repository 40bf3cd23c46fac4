"""Every draft in the demo can be worked through to the end (issue 11): after `seed_demo`, each
member of each drafting organisation signs in, opens the task list, goes through every section
with "Save and continue" (keeping what is there) and reaches "Check your answers". No page
answers 500; each section page's aria-describedby names ids that are on it.

The demo's open round has questions with a word limit and no help text: the shape that once
made crispy-forms-gds answer 500 and stopped applicant1 finishing their draft."""

import html
import re
from io import StringIO

import pytest
from django.core.management import call_command

from applications.models import Application, OrganisationMember
from commissioning.permissions import can
from tests.applications.views.test_question_shapes import assert_accessible_markup

from .application_support import text, url

pytestmark = pytest.mark.django_db

TEXTAREA = re.compile(r'<textarea[^>]*name="(question_\d+)"[^>]*>(.*?)</textarea>', re.S)
VERSION = re.compile(r'name="version" value="(\d+)"')


def section_links(page: str, application: Application) -> list[str]:
    prefix = url("application_detail", application) + "sections/"
    return list(dict.fromkeys(re.findall(rf'href="({re.escape(prefix)}\d+/)"', page)))


def walk(client, application: Application) -> list[str]:
    """Open the task list and go through every section with "Save and continue", keeping the
    answers as they are. Returns the section pages visited, in order."""
    task_list = url("application_detail", application)
    response = client.get(task_list)
    assert response.status_code == 200
    links = section_links(text(response), application)
    assert links, "the task list links to its sections"
    visited, section = [], links[0]
    while section != task_list:
        assert section not in visited, f"{section} came round twice"
        response = client.get(section)
        assert response.status_code == 200, section
        page = text(response)
        assert_accessible_markup(page)
        visited.append(section)
        answers = {name: html.unescape(value).removeprefix("\n") for name, value in TEXTAREA.findall(page)}
        assert answers, f"{section} has no questions"
        response = client.post(section, {**answers, "version": VERSION.search(page)[1], "action": "continue"})
        assert response.status_code == 302, f"{section} answered {response.status_code}"
        section = response.url
    assert visited == links, "Save and continue goes through the sections in the task list's order"
    response = client.get(url("application_check", application))
    assert response.status_code == 200
    assert "Check your answers" in text(response)
    return visited


def test_every_demo_draft_can_be_worked_through_by_each_of_its_applicants(client):
    """Drafts still open to editing are walked to the end; the others (their round's deadline
    has passed) still show their task list, and their sections answer without a 5xx."""
    call_command("seed_demo", stdout=StringIO())
    drafts = list(Application.objects.filter(status=Application.Status.DRAFT).select_related("funding_round"))
    assert len(drafts) >= 4, "the demo has its drafts"
    people_walked = people_shut_out = 0
    for draft in drafts:
        members = OrganisationMember.objects.filter(organisation=draft.organisation, user__is_active=True)
        people = [membership.user for membership in members.select_related("user")]
        assert people, f"{draft} has someone to work on it"
        for person in people:
            client.force_login(person)
            criteria = sorted(set(draft.funding_round.questions.values_list("criterion", flat=True)))
            if can(person, "applications.edit_application", draft):
                assert len(walk(client, draft)) == len(criteria)
                people_walked += 1
            else:
                assert client.get(url("application_detail", draft)).status_code == 200
                for criterion in criteria:
                    assert client.get(url("application_section", draft, criterion)).status_code < 500
                people_shut_out += 1
            client.logout()
    assert people_walked >= 1, "applicant1's draft in the open round is among them"
