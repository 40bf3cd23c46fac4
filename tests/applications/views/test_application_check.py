"""Check your answers: every answer with a way to change it, what is still missing with a
link to put it right, and the declaration only when the application is complete."""

import pytest

from applications.models import Answer
from tests.applications.factories import ApplicationFactory, OrganisationFactory, answer_everything, join_organisation
from tests.helpers import assert_page_queries

from .application_support import add_questions, close_applications, draft_of, questions_of, sign_in_url, text, url


@pytest.fixture
def draft(applicant):
    return draft_of(applicant)


def test_a_complete_draft_shows_every_answer_and_the_declaration(client, applicant, draft):
    answer_everything(draft, "We meet every Tuesday & Thursday.")
    client.force_login(applicant)

    response = client.get(url("application_check", draft))

    assert response.status_code == 200
    page = text(response)
    assert "Check your answers before sending your application" in page
    assert "Tea, talk and a lift there" in page
    assert "£75,000" in page
    assert page.count("We meet every Tuesday &amp; Thursday.") == 2
    for question in questions_of(draft):
        assert f'href="{url("application_section", draft, question.criterion_id)}#id_question_{question.pk}"' in page
        assert f"your answer to “{question.text}”" in page
    assert f'href="{url("application_project", draft)}#id_amount_requested"' in page
    assert "I confirm the information in this application is true and complete" in page
    assert f'action="{url("application_submit", draft)}"' in page
    assert "not finished yet" not in page


def test_an_unfinished_draft_lists_what_is_missing_with_links_and_no_declaration(client, applicant):
    draft = draft_of(applicant, project_title="", amount_requested=None)
    first, second = questions_of(draft)
    Answer.objects.create(application=draft, question=first, text="word " * 101)
    client.force_login(applicant)

    page = text(client.get(url("application_check", draft)))

    assert "Your application is not finished yet." in page
    project = url("application_project", draft)
    assert f'<a class="govuk-notification-banner__link" href="{project}">Give your project a title</a>' in page
    assert f'href="{project}">Say how much money you are asking for</a>' in page
    section = url("application_section", draft, first.criterion_id)
    assert (
        f'href="{section}#id_question_{first.pk}">Shorten your answer to “Who is your project for?” '
        "to 100 words or fewer</a>" in page
    )
    section = url("application_section", draft, second.criterion_id)
    assert f'href="{section}#id_question_{second.pk}">Answer “How will you find lonely people?”</a>' in page
    assert "I confirm the information" not in page
    assert url("application_submit", draft) not in page


def test_a_sent_application_cannot_be_checked_again(client, applicant):
    application = draft_of(applicant, submitted=True)
    client.force_login(applicant)

    response = client.get(url("application_check", application))

    assert response.status_code == 403
    assert "This application has been sent, so it can no longer be changed." in text(response)


def test_after_the_deadline_the_check_page_says_the_round_has_closed(client, applicant, draft):
    answer_everything(draft)
    close_applications(draft.funding_round)
    client.force_login(applicant)

    response = client.get(url("application_check", draft))

    assert response.status_code == 403
    assert "This funding round has closed, so applications can no longer be changed or sent." in text(response)


def test_visitors_are_asked_to_sign_in(client, draft):
    response = client.get(url("application_check", draft))

    assert response.status_code == 302
    assert response.url == sign_in_url(url("application_check", draft))


def test_another_organisations_member_gets_404(client, other_applicant, draft):
    join_organisation(other_applicant, OrganisationFactory(main_contact=other_applicant))
    client.force_login(other_applicant)

    assert client.get(url("application_check", draft)).status_code == 404


def test_staff_get_404_for_a_draft(client, facilitator, draft):
    client.force_login(facilitator)

    assert client.get(url("application_check", draft)).status_code == 404


def test_staff_cannot_check_a_sent_application_for_the_applicant(client, facilitator):
    application = ApplicationFactory(submitted=True)
    client.force_login(facilitator)

    assert client.get(url("application_check", application)).status_code == 403


def test_query_count_does_not_grow_with_questions_and_answers(client, applicant, draft):
    answer_everything(draft)
    client.force_login(applicant)

    def more():
        for question in add_questions(draft.funding_round, 5):
            Answer.objects.create(application=draft, question=question, text="More words.")

    assert_page_queries(client, url("application_check", draft), at_most=9, add_data=more)
