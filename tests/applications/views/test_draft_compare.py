"""A version set aside when two colleagues saved the same draft, beside the saved one."""

import pytest
from django.utils import timezone

from applications.models import Answer, Application, DraftVersion
from tests.applications.factories import OrganisationFactory, join_organisation
from tests.helpers import assert_page_queries

from .application_support import add_questions, draft_of, questions_of, sign_in_url, text, url


@pytest.fixture
def draft(applicant):
    return draft_of(applicant)


@pytest.fixture
def set_aside(applicant, draft):
    first, second = questions_of(draft)
    Answer.objects.create(application=draft, question=first, text="Older people in Armley.")
    Answer.objects.create(application=draft, question=second, text="Door knocking & posters.")
    return DraftVersion.objects.create(
        application=draft,
        saved_by=applicant,
        based_on_version=1,
        content={
            "project_title": "Tea and a lift",
            "amount_requested": "80000",
            "answers": {str(first.pk): "Older people in Armley.", str(second.pk): "Phone calls <and> visits."},
        },
    )


def row(page: str, label: str) -> str:
    start = page.index(f'<th scope="row" class="govuk-table__header">{label}</th>')
    return page[start : page.index("</tr>", start)]


def test_both_versions_side_by_side_with_the_differences_in_words(client, applicant, draft, set_aside):
    client.force_login(applicant)

    response = client.get(url("draft_compare", draft, set_aside.pk))

    assert response.status_code == 200
    page = text(response)
    assert "The set-aside version beside the saved application, part by part</caption>" in page
    title = row(page, "Project title")
    assert "Tea and a lift" in title and "Tea, talk and a lift there" in title and "Different" in title
    amount = row(page, "Amount asked for")
    assert "£80,000" in amount and "£75,000" in amount and "Different" in amount
    assert "The same" in row(page, "Who is your project for?")
    answer = row(page, "How will you find lonely people?")
    assert "Phone calls &lt;and&gt; visits." in answer
    assert "Door knocking &amp; posters." in answer
    assert "<strong>Different</strong>" in answer
    second = questions_of(draft)[1]
    assert f"{url('application_section', draft, second.criterion_id)}#id_question_{second.pk}" in answer
    assert "How to copy across what you need" in page
    assert "Aisha Applicant saved changes at" in page


def test_only_the_fields_in_the_set_aside_save_are_compared(client, applicant, draft):
    first = questions_of(draft)[0]
    version = DraftVersion.objects.create(
        application=draft, saved_by=applicant, based_on_version=1, content={"answers": {str(first.pk): "Mine"}}
    )
    client.force_login(applicant)

    page = text(client.get(url("draft_compare", draft, version.pk)))

    assert "Who is your project for?" in page
    assert "Project title" not in page
    assert "How will you find lonely people?" not in page


def test_a_version_of_another_application_is_404(client, applicant, draft, set_aside):
    other = draft_of(applicant)
    client.force_login(applicant)

    assert client.get(url("draft_compare", other, set_aside.pk)).status_code == 404


def test_visitors_are_asked_to_sign_in(client, draft, set_aside):
    response = client.get(url("draft_compare", draft, set_aside.pk))

    assert response.status_code == 302
    assert response.url == sign_in_url(url("draft_compare", draft, set_aside.pk))


def test_another_organisations_member_gets_404(client, other_applicant, draft, set_aside):
    join_organisation(other_applicant, OrganisationFactory(main_contact=other_applicant))
    client.force_login(other_applicant)

    assert client.get(url("draft_compare", draft, set_aside.pk)).status_code == 404


def test_staff_get_404_for_a_draft(client, facilitator, draft, set_aside):
    client.force_login(facilitator)

    assert client.get(url("draft_compare", draft, set_aside.pk)).status_code == 404


def test_staff_get_404_even_once_the_application_is_sent(client, facilitator, draft, set_aside):
    Application.objects.filter(pk=draft.pk).update(
        status="submitted", reference="TTS-2018-0099", submitted_at=timezone.now()
    )
    client.force_login(facilitator)

    assert client.get(url("draft_compare", draft, set_aside.pk)).status_code == 404


def test_query_count_does_not_grow_with_more_answers(client, applicant, draft, set_aside):
    client.force_login(applicant)

    def more():
        for question in add_questions(draft.funding_round, 5):
            Answer.objects.create(application=draft, question=question, text="Saved")
            set_aside.content["answers"][str(question.pk)] = "Typed"
        set_aside.save()

    assert_page_queries(client, url("draft_compare", draft, set_aside.pk), at_most=9, add_data=more)
