"""The project's title and amount: money typed as people write it, the round's limits
checked on the server, and nothing typed lost when something is wrong."""

import json
import re
from decimal import Decimal

import pytest

from applications.audit import Verb
from applications.models import Application, DraftVersion
from commissioning.models import AuditEvent
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries

from .application_support import autosave, close_applications, draft_of, messages_of, sign_in_url, text, url


@pytest.fixture
def draft(applicant):
    return draft_of(applicant, project_title="", amount_requested=None)


def post(client, draft, amount="75,000", title="Tea, talk and a lift there", version=None):
    data = {"project_title": title, "amount_requested": amount, "version": version or draft.version}
    return client.post(url("application_project", draft), data)


def test_the_form_has_a_pounds_prefix_a_numeric_keyboard_and_the_version(client, applicant, draft):
    client.force_login(applicant)

    page = text(client.get(url("application_project", draft)))

    assert '<div class="govuk-input__prefix" aria-hidden="true">£</div>' in page
    assert 'inputmode="numeric"' in page
    assert '<input type="hidden" name="version" value="1" id="id_version">' in page
    assert "This round gives grants from £50,000 to £200,000." in page
    assert "js/autosave.js" in page


@pytest.mark.parametrize("typed", ["75,000", "75000", "£75,000", " 75 000 ", "75,000.00"])
def test_the_amount_is_saved_in_whole_pounds_however_it_is_typed(client, applicant, draft, typed):
    client.force_login(applicant)

    response = post(client, draft, amount=typed)

    assert response.status_code == 302
    assert response.url == draft.get_absolute_url()
    assert messages_of(response) == ["Your project title and amount are saved."]
    draft.refresh_from_db()
    assert draft.amount_requested == Decimal("75000")
    assert draft.project_title == "Tea, talk and a lift there"
    assert draft.version == 2
    assert draft.updated_by == applicant
    event = AuditEvent.objects.get(verb=Verb.DRAFT_SAVED)
    assert event.actor == applicant
    assert event.target == draft
    assert event.data == {"version": 2}


def test_a_draft_can_be_saved_half_done(client, applicant, draft):
    client.force_login(applicant)

    response = post(client, draft, amount="", title="Lunch club")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.project_title, draft.amount_requested) == ("Lunch club", None)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5,000", "Enter an amount more than £0"),
        ("0", "Enter an amount more than £0"),
        ("seventy thousand", "Enter the amount in numbers, like 75,000"),
        ("75k", "Enter the amount in numbers, like 75,000"),
        ("75,000.50", "Enter the amount in whole pounds, like 75,000"),
        ("49,999", "The smallest grant in this round is £50,000"),
        ("250,000", "The largest grant in this round is £200,000"),
    ],
)
def test_a_wrong_amount_is_explained_on_the_field_and_nothing_is_lost(client, applicant, draft, typed, message):
    client.force_login(applicant)

    response = post(client, draft, amount=typed, title="Tea & talk")

    assert response.status_code == 200
    page = text(response)
    assert '<div id="div_id_amount_requested" class="govuk-form-group govuk-form-group--error">' in page
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in page
    assert f'<li><a href="#id_amount_requested">{message}</a></li>' in page  # the error summary
    assert f'value="{typed}"' in page
    assert 'value="Tea &amp; talk"' in page
    assert "<title>Error: " in page
    draft.refresh_from_db()
    assert (draft.project_title, draft.amount_requested, draft.version) == ("", None, 1)
    assert not AuditEvent.objects.filter(verb=Verb.DRAFT_SAVED).exists()


def test_autosave_answers_in_json_with_the_time_and_new_version(client, applicant, draft):
    client.force_login(applicant)

    response = autosave(
        client,
        url("application_project", draft),
        {"project_title": "Lunch", "amount_requested": "60,000", "version": 1},
    )

    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["version"] == 2
    assert len(answer["saved_at"]) == 5 and answer["saved_at"][2] == ":"
    draft.refresh_from_db()
    assert draft.amount_requested == Decimal("60000")


def test_autosave_of_a_wrong_amount_says_why_and_saves_nothing(client, applicant, draft):
    client.force_login(applicant)

    response = autosave(
        client, url("application_project", draft), {"project_title": "Lunch", "amount_requested": "1,000", "version": 1}
    )

    assert response.status_code == 422
    assert json.loads(response.content) == {
        "errors": {"amount_requested": "The smallest grant in this round is £50,000"}
    }
    draft.refresh_from_db()
    assert draft.version == 1


def test_a_save_from_an_older_version_is_set_aside_and_the_newer_one_kept(client, applicant, draft):
    colleague = UserFactory(full_name="Colin Colleague")
    join_organisation(colleague, draft.organisation)
    client.force_login(colleague)
    post(client, draft, amount="80,000", title="Colin's title")
    client.force_login(applicant)

    response = post(client, draft, amount="90,000", title="Aisha's title", version=1)

    assert response.status_code == 409
    page = text(response)
    assert "A colleague saved this application after you opened it" in page
    set_aside = DraftVersion.objects.get()
    assert url("draft_compare", draft, set_aside.pk) in page
    assert set_aside.content == {"project_title": "Aisha's title", "amount_requested": "90000", "answers": {}}
    draft.refresh_from_db()
    assert (draft.project_title, draft.amount_requested, draft.version) == ("Colin's title", Decimal("80000"), 2)
    # The boxes now show the saved draft, ready to build on.
    assert 'value="Colin&#x27;s title"' in page
    assert '<input type="hidden" name="version" value="2" id="id_version">' in page


def test_a_sent_application_cannot_be_changed(client, applicant):
    application = draft_of(applicant, submitted=True)
    client.force_login(applicant)

    response = post(client, application, amount="90,000")

    assert response.status_code == 403
    assert "This application has been sent, so it can no longer be changed." in text(response)
    application.refresh_from_db()
    assert application.amount_requested == Decimal("75000")


def test_after_the_deadline_nothing_can_be_changed(client, applicant, draft):
    close_applications(draft.funding_round)
    client.force_login(applicant)

    response = post(client, draft)

    assert response.status_code == 403
    assert "This funding round has closed, so applications can no longer be changed or sent." in text(response)


def test_visitors_are_asked_to_sign_in(client, draft):
    response = client.get(url("application_project", draft))

    assert response.status_code == 302
    assert response.url == sign_in_url(url("application_project", draft))


def test_another_organisations_member_gets_404(client, other_applicant, draft):
    join_organisation(other_applicant, OrganisationFactory(main_contact=other_applicant))
    client.force_login(other_applicant)

    assert client.get(url("application_project", draft)).status_code == 404
    assert post(client, draft).status_code == 404
    assert Application.objects.get(pk=draft.pk).version == 1


def test_staff_get_404_for_a_draft(client, facilitator, draft):
    client.force_login(facilitator)

    assert client.get(url("application_project", draft)).status_code == 404


def test_staff_cannot_change_a_sent_application(client, facilitator):
    application = ApplicationFactory(submitted=True)
    client.force_login(facilitator)

    assert client.get(url("application_project", application)).status_code == 403


def test_query_count(client, applicant, draft):
    client.force_login(applicant)

    assert_page_queries(client, url("application_project", draft), at_most=6)


def error_summary_items(response) -> list[str]:
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', text(response), re.S)
    assert summary, "no error summary on the page"
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", summary.group(0), re.S)]


@pytest.mark.parametrize("version", ["", "seven", "0", None], ids=["empty", "not a number", "zero", "missing"])
def test_a_missing_or_broken_version_says_what_to_do_and_keeps_what_was_typed(client, applicant, draft, version):
    """The hidden version field has no box of its own: its error still reaches the error summary,
    in words that say what to do, and nothing is saved."""
    client.force_login(applicant)
    data = {"project_title": "Tea, talk and a lift there", "amount_requested": "75,000"}
    if version is not None:
        data["version"] = version
    response = client.post(url("application_project", draft), data)
    assert response.status_code == 200
    assert error_summary_items(response) == [
        "This page was opened in an unusual way, so nothing was saved. "
        "Copy anything you typed, open the page again and paste it back."
    ]
    assert 'value="Tea, talk and a lift there"' in text(response)
    draft.refresh_from_db()
    assert (draft.project_title, draft.version) == ("", 1)
