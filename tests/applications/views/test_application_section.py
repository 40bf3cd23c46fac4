"""A section: the questions serving one criterion, live word counts, limits enforced on the
server, save and come back later, autosave, and two colleagues on one draft."""

import json
import re

import pytest

from applications.audit import Verb
from applications.models import Answer, DraftVersion
from commissioning.models import AuditEvent, FundingRound
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation, open_round
from tests.commissioning.factories import CriterionFactory, UserFactory
from tests.helpers import assert_page_queries

from .application_support import (
    add_questions,
    autosave,
    close_applications,
    draft_of,
    messages_of,
    questions_of,
    sign_in_url,
    text,
    url,
)


@pytest.fixture
def draft(applicant):
    return draft_of(applicant)


@pytest.fixture
def first_question(draft):
    """ "Who is your project for?", limited to 100 words, the only question of the first section."""
    return questions_of(draft)[0]


@pytest.fixture
def second_question(draft):
    return questions_of(draft)[1]


def section_url(draft, question):
    return url("application_section", draft, question.criterion_id)


def answers_of(draft) -> dict[int, str]:
    return dict(Answer.objects.filter(application=draft).values_list("question_id", "text"))


def test_each_question_has_a_live_word_count_and_its_help(client, applicant, draft, first_question):
    client.force_login(applicant)

    response = client.get(section_url(draft, first_question))

    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="govuk-heading-xl">Works with older people in Leeds</h1>' in page
    assert 'data-module="govuk-character-count" data-maxwords="100"' in page
    assert "You can enter up to 100 words" in page
    assert "Who is your project for?" in page
    assert "Tell us who you will reach and how." in page
    assert '<input type="hidden" name="version" value="1" id="id_version">' in page
    assert "Save and come back later" in page
    assert 'aria-live="polite"' in page
    # The autosave script, allowed by the page's content security policy.
    assert re.search(r'<script type="module" src="/static/js/autosave.js" nonce="([^"]+)"></script>', page)
    nonce = re.search(r'autosave.js" nonce="([^"]+)"', page)[1]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_the_questions_help_text_is_shown_as_text_not_html(client, applicant):
    funding_round = open_round()
    (question,) = add_questions(funding_round, 1)
    question.__class__.objects.filter(pk=question.pk).update(help_text="Use <b>bold</b> words")
    draft = draft_of(applicant, funding_round=funding_round)
    client.force_login(applicant)

    page = text(client.get(section_url(draft, question)))

    assert "Use &lt;b&gt;bold&lt;/b&gt; words" in page


def test_save_and_continue_goes_to_the_next_section(client, applicant, draft, first_question, second_question):
    client.force_login(applicant)

    response = client.post(
        section_url(draft, first_question),
        {f"question_{first_question.pk}": "Older people in Armley.", "version": 1, "action": "continue"},
    )

    assert response.status_code == 302
    assert response.url == section_url(draft, second_question)
    assert messages_of(response) == ["Your answers for “Works with older people in Leeds” are saved."]
    assert answers_of(draft) == {first_question.pk: "Older people in Armley."}
    draft.refresh_from_db()
    assert draft.version == 2
    event = AuditEvent.objects.get(verb=Verb.DRAFT_SAVED)
    assert (event.actor, event.target) == (applicant, draft)


def test_save_and_continue_from_the_last_section_goes_to_the_task_list(client, applicant, draft, second_question):
    client.force_login(applicant)

    response = client.post(
        section_url(draft, second_question),
        {f"question_{second_question.pk}": "Door knocking.", "version": 1, "action": "continue"},
    )

    assert response.url == draft.get_absolute_url()


def test_save_and_come_back_later_goes_to_the_task_list(client, applicant, draft, first_question):
    client.force_login(applicant)

    response = client.post(
        section_url(draft, first_question),
        {f"question_{first_question.pk}": "Half an answer", "version": 1, "action": "save"},
    )

    assert response.url == draft.get_absolute_url()
    assert answers_of(draft) == {first_question.pk: "Half an answer"}


def test_coming_back_shows_the_saved_answer(client, applicant, draft, first_question):
    Answer.objects.create(application=draft, question=first_question, text="Saved words & more")
    client.force_login(applicant)

    page = text(client.get(section_url(draft, first_question)))

    assert "Saved words &amp; more</textarea>" in page


def test_an_answer_over_its_word_limit_is_refused_on_its_field_and_every_word_is_kept(client, applicant):
    funding_round = open_round()
    short, other = add_questions(funding_round, 2)  # both limited to 50 words, in one section
    draft = draft_of(applicant, funding_round=funding_round)
    too_long = " ".join(["word"] * 51)
    client.force_login(applicant)

    response = client.post(
        section_url(draft, short),
        {f"question_{short.pk}": too_long, f"question_{other.pk}": "A fine answer", "version": 1, "action": "save"},
    )

    assert response.status_code == 200
    page = text(response)
    message = "Your answer has 51 words. Keep it to 50 words or fewer"
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in page
    assert f'<li><a href="#id_question_{short.pk}">{message}</a></li>' in page
    assert f"{too_long}</textarea>" in page
    assert "A fine answer</textarea>" in page
    assert answers_of(draft) == {}


def test_autosave_answers_in_json(client, applicant, draft, first_question):
    client.force_login(applicant)

    response = autosave(
        client, section_url(draft, first_question), {f"question_{first_question.pk}": "Typed so far", "version": 1}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    answer = json.loads(response.content)
    assert answer["version"] == 2
    assert answer["saved_at"][2] == ":"
    assert answers_of(draft) == {first_question.pk: "Typed so far"}


def test_autosave_over_the_word_limit_says_why_and_saves_nothing(client, applicant, draft, first_question):
    client.force_login(applicant)

    response = autosave(
        client, section_url(draft, first_question), {f"question_{first_question.pk}": "word " * 101, "version": 1}
    )

    assert response.status_code == 422
    assert json.loads(response.content) == {
        "errors": {f"question_{first_question.pk}": "Your answer has 101 words. Keep it to 100 words or fewer"}
    }
    assert answers_of(draft) == {}


def test_without_the_header_the_same_save_answers_with_a_page(client, applicant, draft, first_question):
    client.force_login(applicant)

    response = client.post(
        section_url(draft, first_question), {f"question_{first_question.pk}": "Typed so far", "version": 1}
    )

    assert response.status_code == 302
    assert answers_of(draft) == {first_question.pk: "Typed so far"}


def test_two_colleagues_save_the_same_version_and_nothing_is_lost(client, applicant, draft, first_question):
    colleague = UserFactory(full_name="Colin Colleague")
    join_organisation(colleague, draft.organisation)
    field = f"question_{first_question.pk}"
    # Both open the section at version 1.
    for person in (applicant, colleague):
        client.force_login(person)
        assert 'name="version" value="1"' in text(client.get(section_url(draft, first_question)))

    client.force_login(applicant)
    first = client.post(section_url(draft, first_question), {field: "Aisha's words", "version": 1, "action": "save"})
    client.force_login(colleague)
    second = client.post(section_url(draft, first_question), {field: "Colin's words", "version": 1, "action": "save"})

    assert first.status_code == 302
    assert second.status_code == 409
    page = text(second)
    assert "A colleague saved this application after you opened it, so your changes were not saved over theirs." in page
    set_aside = DraftVersion.objects.get()
    assert (set_aside.saved_by, set_aside.based_on_version) == (colleague, 1)
    assert set_aside.content["answers"] == {str(first_question.pk): "Colin's words"}
    assert f'href="{url("draft_compare", draft, set_aside.pk)}"' in page
    # The first save is what is stored, and the form now builds on it.
    assert answers_of(draft) == {first_question.pk: "Aisha's words"}
    assert "Aisha&#x27;s words</textarea>" in page
    assert 'name="version" value="2"' in page
    assert AuditEvent.objects.filter(verb=Verb.DRAFT_CONFLICT, actor=colleague).exists()
    # Both versions side by side on the compare page.
    compare = text(client.get(url("draft_compare", draft, set_aside.pk)))
    assert "Colin&#x27;s words" in compare
    assert "Aisha&#x27;s words" in compare
    assert "<strong>Different</strong>" in compare


def test_autosave_from_an_older_version_points_to_the_comparison(client, applicant, draft, first_question):
    field = f"question_{first_question.pk}"
    client.force_login(applicant)
    client.post(section_url(draft, first_question), {field: "First", "version": 1})

    response = autosave(client, section_url(draft, first_question), {field: "Stale", "version": 1})

    assert response.status_code == 409
    set_aside = DraftVersion.objects.get()
    answer = json.loads(response.content)
    assert answer["conflict"] == url("draft_compare", draft, set_aside.pk)
    assert answers_of(draft) == {first_question.pk: "First"}


def test_a_criterion_of_another_round_is_404(client, applicant, draft):
    other_round = open_round()
    other_criterion = other_round.questions.first().criterion
    client.force_login(applicant)

    assert client.get(url("application_section", draft, other_criterion.pk)).status_code == 404


def test_a_criterion_without_questions_is_404(client, applicant, draft):
    FundingRound.objects.filter(pk=draft.funding_round_id).update(status=FundingRound.Status.CRITERIA)
    criterion = CriterionFactory(funding_round=draft.funding_round, agreed=True)
    FundingRound.objects.filter(pk=draft.funding_round_id).update(status=FundingRound.Status.OPEN)
    client.force_login(applicant)

    assert client.get(url("application_section", draft, criterion.pk)).status_code == 404


def test_a_sent_application_cannot_be_changed(client, applicant):
    application = draft_of(applicant, submitted=True)
    question = questions_of(application)[0]
    client.force_login(applicant)

    for response in (
        client.get(section_url(application, question)),
        client.post(section_url(application, question), {f"question_{question.pk}": "Late", "version": 1}),
    ):
        assert response.status_code == 403
        assert "This application has been sent, so it can no longer be changed." in text(response)
    assert answers_of(application) == {}


def test_after_the_deadline_nothing_can_be_changed(client, applicant, draft, first_question):
    close_applications(draft.funding_round)
    client.force_login(applicant)

    response = client.post(section_url(draft, first_question), {f"question_{first_question.pk}": "Late", "version": 1})

    assert response.status_code == 403
    assert "This funding round has closed" in text(response)
    assert answers_of(draft) == {}


def test_visitors_are_asked_to_sign_in(client, draft, first_question):
    response = client.get(section_url(draft, first_question))

    assert response.status_code == 302
    assert response.url == sign_in_url(section_url(draft, first_question))


def test_another_organisations_member_gets_404(client, other_applicant, draft, first_question):
    join_organisation(other_applicant, OrganisationFactory(main_contact=other_applicant))
    client.force_login(other_applicant)

    assert client.get(section_url(draft, first_question)).status_code == 404
    response = client.post(section_url(draft, first_question), {f"question_{first_question.pk}": "Mine", "version": 1})
    assert response.status_code == 404
    assert answers_of(draft) == {}


def test_staff_get_404_for_a_draft(client, facilitator, draft, first_question):
    client.force_login(facilitator)

    assert client.get(section_url(draft, first_question)).status_code == 404


def test_staff_cannot_change_a_sent_application(client, facilitator):
    application = ApplicationFactory(submitted=True)
    client.force_login(facilitator)

    assert client.get(section_url(application, questions_of(application)[0])).status_code == 403


def test_query_count_does_not_grow_with_more_questions(client, applicant):
    funding_round = open_round()
    (first,) = add_questions(funding_round, 1)
    criterion = first.criterion
    draft = draft_of(applicant, funding_round=funding_round)
    Answer.objects.create(application=draft, question=first, text="Words")
    client.force_login(applicant)

    def more():
        for question in add_questions(funding_round, 4, criterion=criterion):
            Answer.objects.create(application=draft, question=question, text="More words")

    assert_page_queries(client, section_url(draft, first), at_most=8, add_data=more)


def test_a_word_limit_without_help_text_shows_the_count_not_an_error(client, applicant):
    # The demo's open round has such questions; the page answered 500 (a KeyError in crispy-forms-gds).
    funding_round = open_round()
    (question,) = add_questions(funding_round, 1)
    question.__class__.objects.filter(pk=question.pk).update(help_text="", word_limit=50)
    draft = draft_of(applicant, funding_round=funding_round)
    client.force_login(applicant)

    response = client.get(section_url(draft, question))

    assert response.status_code == 200
    page = text(response)
    assert 'data-maxwords="50"' in page
    assert f'aria-describedby="id_question_{question.pk}-info"' in page


def test_a_three_megabyte_paste_is_refused_on_its_field_with_its_limit(client, applicant, draft, first_question):
    """A paste gone wrong (3 MB, more than Django takes by default) reaches the form and is
    refused on the field in plain words; nothing is saved, and nothing saved before is lost."""
    client.force_login(applicant)
    name = f"question_{first_question.pk}"
    client.post(section_url(draft, first_question), {name: "Saved before", "version": 1})
    pasted = "x" * (3 * 1024 * 1024)

    response = client.post(section_url(draft, first_question), {name: pasted, "version": 2, "action": "save"})

    assert response.status_code == 200
    assert "This answer is far longer than the 100 words the question allows: shorten it, then save it" in text(
        response
    )
    assert answers_of(draft) == {first_question.pk: "Saved before"}


def test_more_than_any_form_can_take_gets_a_kind_page_not_a_bare_error(client, applicant, draft, first_question):
    client.force_login(applicant)
    name = f"question_{first_question.pk}"
    response = client.post(section_url(draft, first_question), {name: "x" * (11 * 1024 * 1024), "version": 1})
    assert response.status_code == 413
    page = text(response)
    assert "Too much was sent at once" in page
    assert "shorten the longest answer" in page


def test_a_request_we_cannot_read_gets_a_page_in_plain_words(client):
    response = client.get("/", headers={"host": "not-ours.example"})  # a host we do not serve
    assert response.status_code == 400
    assert "We could not read what was sent" in text(response)


def test_a_section_sent_without_its_version_says_what_to_do(client, applicant, draft, first_question):
    client.force_login(applicant)
    name = f"question_{first_question.pk}"
    response = client.post(section_url(draft, first_question), {name: "Door knocking", "action": "save"})
    assert response.status_code == 200
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', text(response), re.S).group(0)
    assert "open the page again and paste it back" in summary
    assert "Door knocking" in text(response)
    assert answers_of(draft) == {}
