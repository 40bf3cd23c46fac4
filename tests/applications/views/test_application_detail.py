"""An application's page: a draft's task list, a closed round's kind words, and once sent,
the applicant's status page in plain English."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from applications.models import Answer, Application
from tests.applications.factories import ApplicationFactory, OrganisationFactory, answer_everything, join_organisation
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries

from .application_support import add_questions, close_applications, draft_of, questions_of, sign_in_url, text, url


@pytest.fixture
def draft(applicant):
    return draft_of(applicant)


def task_status(page: str, task_id: str) -> str:
    """The words in a task's status cell, tags removed."""
    start = page.index(f'id="{task_id}-status"')
    cell = page[page.index(">", start) + 1 : page.index("</div>", start)]
    for tag in ('<strong class="govuk-tag govuk-tag--blue">', '<strong class="govuk-tag govuk-tag--light-blue">'):
        cell = cell.replace(tag, "")
    return cell.replace("</strong>", "").strip()


def test_a_draft_is_a_task_list_with_each_part_and_its_status(client, applicant, draft):
    must_have_question, scored_question = questions_of(draft)
    Answer.objects.create(application=draft, question=must_have_question, text="Older people in Armley.")
    client.force_login(applicant)

    page = text(client.get(url("application_detail", draft)))

    assert '<h1 class="govuk-heading-xl">Tea, talk and a lift there</h1>' in page
    assert task_status(page, "task-project") == "Completed"
    assert task_status(page, f"task-{must_have_question.criterion_id}") == "Completed"
    assert task_status(page, f"task-{scored_question.criterion_id}") == "Not started"
    assert task_status(page, "task-files") == "Not started"
    assert task_status(page, "task-check") == "Cannot start yet"
    assert url("application_project", draft) in page
    assert url("application_section", draft, scored_question.criterion_id) in page
    assert url("attachment_list", draft) in page
    # Each section's hint is what good looks like, in the group's own words.
    assert "What good looks like: A clear plan to reach people who do not go to groups already." in page


def test_a_section_half_answered_is_in_progress(client, applicant, draft):
    extra = add_questions(draft.funding_round, 2)
    Answer.objects.create(application=draft, question=extra[0], text="Some of it.")
    client.force_login(applicant)

    page = text(client.get(url("application_detail", draft)))

    assert task_status(page, f"task-{extra[0].criterion_id}") == "In progress"


def test_an_answer_over_its_word_limit_leaves_the_section_in_progress(client, applicant, draft):
    must_have_question = questions_of(draft)[0]
    Answer.objects.create(application=draft, question=must_have_question, text="word " * 101)
    client.force_login(applicant)

    page = text(client.get(url("application_detail", draft)))

    assert task_status(page, f"task-{must_have_question.criterion_id}") == "In progress"


def test_an_empty_draft_has_nothing_started(client, applicant):
    draft = draft_of(applicant, project_title="", amount_requested=None)
    client.force_login(applicant)

    page = text(client.get(url("application_detail", draft)))

    assert task_status(page, "task-project") == "Not started"
    assert f"Your application to {draft.funding_round.title}" in page


def test_check_and_send_opens_once_everything_is_answered(client, applicant, draft):
    answer_everything(draft)
    client.force_login(applicant)

    page = text(client.get(url("application_detail", draft)))

    assert task_status(page, "task-check") == "Not started"
    assert f'href="{url("application_check", draft)}" aria-describedby="task-check-hint task-check-status"' in page


def test_the_page_gives_the_deadline_and_who_saved_last(client, applicant, draft):
    saved_at = datetime(2018, 3, 3, 14, 32, tzinfo=ZoneInfo("Europe/London"))
    Application.objects.filter(pk=draft.pk).update(updated_at=saved_at)
    close_on = draft.funding_round.applications_close_on
    client.force_login(applicant)

    page = text(client.get(url("application_detail", draft)))

    assert "Saved at 14:32 on 3 March 2018 by Aisha Applicant." in page
    assert f"you can send it until midnight at the end of {close_on:%A} {close_on.day} {close_on:%B %Y}" in page


def test_a_colleague_in_the_organisation_sees_the_draft(client, draft):
    colleague = UserFactory(full_name="Colin Colleague")
    join_organisation(colleague, draft.organisation)
    client.force_login(colleague)

    response = client.get(url("application_detail", draft))

    assert response.status_code == 200
    assert "Saved at" in text(response)


def test_after_the_deadline_the_draft_stays_readable_and_the_page_says_so_kindly(client, applicant, draft):
    answer_everything(draft, "We run a lunch club on Tuesdays.")
    close_applications(draft.funding_round)
    client.force_login(applicant)

    response = client.get(url("application_detail", draft))

    assert response.status_code == 200
    page = text(response)
    assert "This funding round has closed, so this application can no longer be sent." in page
    assert "Your answers are kept below" in page
    assert "We run a lunch club on Tuesdays." in page
    assert "govuk-task-list" not in page
    assert url("application_check", draft) not in page


def test_a_sent_application_shows_where_it_is(client, applicant):
    application = draft_of(applicant, submitted=True, reference="TTS-2018-0007")
    Application.objects.filter(pk=application.pk).update(
        submitted_at=datetime(2018, 3, 3, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    )
    answer_everything(application, "We will visit people at home.")
    client.force_login(applicant)

    page = text(client.get(url("application_detail", application)))

    assert "Sent on 3 March 2018. Your reference is <strong>TTS-2018-0007</strong>." in page
    assert "We are checking your application." in page
    for step in ("3. With the panel", "4. Shortlisted", "5. Interview", "6. Decision"):
        assert step in page
    assert page.count("Not reached yet") == 4
    # Read-only: the answers, no way to change them, and a way to withdraw.
    assert "We will visit people at home." in page
    assert "Change<span" not in page
    assert url("application_withdraw", application) in page


def test_an_eligible_application_is_with_a_panel(client, applicant):
    application = draft_of(applicant, submitted=True, status=Application.Status.ELIGIBLE)
    client.force_login(applicant)

    page = text(client.get(url("application_detail", application)))

    assert "Your application is eligible. It is with a panel." in page
    assert "Done: eligible" in page
    assert page.count("Not reached yet") == 3


def test_a_not_eligible_application_gives_the_reason(client, applicant):
    application = draft_of(
        applicant,
        submitted=True,
        status=Application.Status.NOT_ELIGIBLE,
        eligibility_reason="Your project is in Bradford; this round is for Leeds.",
    )
    client.force_login(applicant)

    page = text(client.get(url("application_detail", application)))

    assert "Your application is not eligible, so it will not go to a panel." in page
    assert "Your project is in Bradford; this round is for Leeds." in page
    assert "Not reached yet" not in page
    assert url("application_withdraw", application) not in page


def test_a_withdrawn_application_says_so_and_cannot_be_withdrawn_again(client, applicant):
    application = draft_of(applicant, submitted=True, status=Application.Status.WITHDRAWN, withdrawn_at=timezone.now())
    client.force_login(applicant)

    page = text(client.get(url("application_detail", application)))

    assert "You withdrew this application on" in page
    assert url("application_withdraw", application) not in page


def test_visitors_are_asked_to_sign_in(client, draft):
    response = client.get(url("application_detail", draft))

    assert response.status_code == 302
    assert response.url == sign_in_url(url("application_detail", draft))


def test_another_organisations_member_gets_404(client, other_applicant, draft):
    join_organisation(other_applicant, OrganisationFactory(main_contact=other_applicant))
    client.force_login(other_applicant)

    assert client.get(url("application_detail", draft)).status_code == 404


def test_staff_do_not_see_drafts(client, facilitator, draft):
    client.force_login(facilitator)

    assert client.get(url("application_detail", draft)).status_code == 404


def test_staff_see_a_sent_application_but_cannot_withdraw_it(client, facilitator):
    application = ApplicationFactory(submitted=True)
    client.force_login(facilitator)

    response = client.get(url("application_detail", application))

    assert response.status_code == 200
    assert url("application_withdraw", application) not in text(response)


def test_draft_query_count_does_not_grow_with_questions_and_answers(client, applicant, draft):
    answer_everything(draft)
    client.force_login(applicant)

    def more():
        for question in add_questions(draft.funding_round, 5):
            Answer.objects.create(application=draft, question=question, text="More words.")

    count = assert_page_queries(client, url("application_detail", draft), at_most=11, add_data=more)
    assert count <= 11


def test_status_page_query_count_does_not_grow_with_questions_and_answers(client, applicant):
    application = draft_of(applicant, submitted=True)
    answer_everything(application)
    client.force_login(applicant)

    def more():
        for question in add_questions(application.funding_round, 5):
            Answer.objects.create(application=application, question=question, text="More words.")

    assert_page_queries(client, url("application_detail", application), at_most=13, add_data=more)
