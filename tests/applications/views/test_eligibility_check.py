"""Staff check one application: its answers read-only, then each agreed must-have criterion
met or not with a reason, and a reason for the applicant when it is not eligible. Staff check
facts here; they never score. The applicant's main contact is emailed the result."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from applications.audit import Verb
from applications.models import Application, EligibilityCheck
from commissioning.models import AuditEvent, Criterion, FundingRound
from tests.applications.factories import (
    ApplicationFactory,
    OrganisationFactory,
    answer_everything,
    join_organisation,
    open_round,
)
from tests.commissioning.factories import CriterionFactory, QuestionFactory
from tests.helpers import assert_page_queries

NOT_IN_LEEDS = "The project is in Bradford, and this fund is for projects in Leeds."
KIND_REASON = "Thank you for applying. This round can only fund projects in Leeds, and yours is in Bradford."


@pytest.fixture
def organisation(applicant):
    organisation = OrganisationFactory(main_contact=applicant, name="Armley Tea Club")
    join_organisation(applicant, organisation)
    return organisation


@pytest.fixture
def application(organisation):
    application = ApplicationFactory(
        organisation=organisation, submitted=True, reference="TTS-2018-0007", funding_round=open_round()
    )
    answer_everything(application, "Older people in Armley who live alone.\nWe meet on Tuesdays.")
    return application


@pytest.fixture
def must_have(application):
    return application.funding_round.criteria.get(kind=Criterion.Kind.MUST_HAVE)


@pytest.fixture
def staff(client, facilitator):
    client.force_login(facilitator)
    return client


def add_criterion(funding_round, **fields) -> Criterion:
    """A criterion added as if before the round opened: criteria are locked once it is open."""
    rounds = FundingRound.objects.filter(pk=funding_round.pk)
    rounds.update(status=FundingRound.Status.CRITERIA)
    criterion = CriterionFactory(funding_round=funding_round, **fields)
    rounds.update(status=FundingRound.Status.OPEN)
    return criterion


def check_url(application) -> str:
    return reverse("applications:eligibility_check", args=[application.pk])


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# What staff see ------------------------------------------------------------------------------


def test_staff_see_the_answers_read_only_then_the_must_haves(staff, application, must_have):
    response = staff.get(check_url(application))

    page = text(response)
    assert response.status_code == 200
    assert "Check eligibility: Armley Tea Club" in page
    assert "Who is your project for?" in page
    assert "Older people in Armley who live alone.<br>We meet on Tuesdays." in page
    assert "£75,000" in page
    assert "You check facts here" in page
    # Answers are shown, not offered for editing: the only text boxes are the reasons.
    assert page.count("<textarea") == 2
    assert must_have.title in page
    assert (
        f'name="criterion_{must_have.pk}" class="govuk-radios__input" id="id_criterion_{must_have.pk}" value="met"'
        in page
    )
    assert 'value="not_met"' in page
    assert "Required if the application is not eligible." in page
    # Scoring is for the panels: nothing on the page asks for a score.
    assert "score from 0" not in page and 'name="score' not in page


def test_only_agreed_must_haves_are_asked_about(staff, application, must_have):
    proposed = add_criterion(application.funding_round, must_have=True, title="Only proposed")
    scored = application.funding_round.criteria.get(kind=Criterion.Kind.SCORED)
    page = text(staff.get(check_url(application)))
    assert f"criterion_{must_have.pk}" in page
    assert f"criterion_{proposed.pk}" not in page
    assert f"criterion_{scored.pk}" not in page


def test_a_criterion_title_cannot_inject_markup(staff, application):
    add_criterion(application.funding_round, must_have=True, agreed=True, title="<b>Bold</b> & brave")
    page = text(staff.get(check_url(application)))
    assert "<b>Bold</b>" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; brave" in page


def test_a_previous_check_is_filled_in(staff, facilitator, application, must_have):
    EligibilityCheck.objects.create(
        application=application, criterion=must_have, is_met=False, reason=NOT_IN_LEEDS, checked_by=facilitator
    )
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.NOT_ELIGIBLE, eligibility_reason=KIND_REASON, eligibility_checked_by=facilitator
    )
    page = text(staff.get(check_url(application)))
    assert 'value="not_met" checked' in page
    assert NOT_IN_LEEDS in page and KIND_REASON in page


# Recording the result ---------------------------------------------------------------------------


def test_staff_record_an_application_eligible_and_the_contact_is_emailed(
    staff, facilitator, applicant, application, must_have, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(check_url(application), {f"criterion_{must_have.pk}": "met", "reason": ""})

    assert response.status_code == 302
    assert response.url == reverse("applications:eligibility_list", args=[application.funding_round.slug])
    assert messages_of(response) == [
        "TTS-2018-0007 is recorded as eligible. We have emailed Aisha Applicant (applicant@example.org)."
    ]
    application.refresh_from_db()
    assert application.status == Application.Status.ELIGIBLE
    assert application.eligibility_checked_by == facilitator
    assert EligibilityCheck.objects.get(application=application).is_met is True
    event = AuditEvent.objects.for_target(application).get(verb=Verb.ELIGIBILITY_RECORDED)
    assert (event.actor, event.data["eligible"]) == (facilitator, True)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [applicant.email]
    assert email.subject == "Your application TTS-2018-0007 is going to a panel"
    assert "What happens next" in email.body
    assert "A panel of older volunteers will read your application" in email.body
    assert "What happens next" in email.alternatives[0].content


def test_staff_record_an_application_not_eligible_and_the_contact_is_told_why_kindly(
    staff, facilitator, applicant, application, must_have, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            check_url(application),
            {
                f"criterion_{must_have.pk}": "not_met",
                f"criterion_{must_have.pk}_reason": NOT_IN_LEEDS,
                "reason": KIND_REASON,
            },
        )

    assert messages_of(response) == [
        "TTS-2018-0007 is recorded as not eligible. We have emailed Aisha Applicant (applicant@example.org)."
    ]
    application.refresh_from_db()
    assert application.status == Application.Status.NOT_ELIGIBLE
    assert application.eligibility_reason == KIND_REASON
    assert EligibilityCheck.objects.get(application=application).reason == NOT_IN_LEEDS
    event = AuditEvent.objects.for_target(application).get(verb=Verb.ELIGIBILITY_RECORDED)
    assert event.data == {"eligible": False, "reason": KIND_REASON, "other_ground": ""}
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [applicant.email]
    assert email.subject == "Your application TTS-2018-0007: the result of our check"
    assert KIND_REASON in email.body
    assert f"The must-have criteria it does not meet:\n- {must_have.title}\n" in email.body
    assert "please contact Fiona Facilitator at staff@example.org" in email.body
    assert KIND_REASON in email.alternatives[0].content
    # The note kept for staff and the panel is not sent to the applicant.
    assert NOT_IN_LEEDS not in email.body


def test_an_incomplete_application_is_not_eligible_even_when_every_must_have_is_met(
    staff, facilitator, application, must_have, django_capture_on_commit_callbacks
):
    reason = "Your budget and your safeguarding policy were missing, so the panel could not read it fairly."
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            check_url(application), {f"criterion_{must_have.pk}": "met", "other_ground": "incomplete", "reason": reason}
        )

    assert messages_of(response) == [
        "TTS-2018-0007 is recorded as not eligible. We have emailed Aisha Applicant (applicant@example.org)."
    ]
    application.refresh_from_db()
    assert (application.status, application.other_ground) == (Application.Status.NOT_ELIGIBLE, "incomplete")
    assert application.eligibility_reason == reason
    assert EligibilityCheck.objects.get(application=application).is_met is True
    event = AuditEvent.objects.for_target(application).get(verb=Verb.ELIGIBILITY_RECORDED)
    assert event.data == {"eligible": False, "reason": reason, "other_ground": "incomplete"}
    email = mail.outbox[0]
    assert "We are sorry to tell you that your application is not complete, so it cannot go forward" in email.body
    assert reason in email.body
    assert "The must-have criteria it does not meet" not in email.body  # it met them all
    assert "is not complete" in email.alternatives[0].content


def test_a_round_without_must_haves_can_still_find_an_application_not_eligible_for_a_stated_reason(
    staff, application, must_have, django_capture_on_commit_callbacks
):
    Criterion.objects.filter(pk=must_have.pk).update(status=Criterion.Status.WITHDRAWN)
    assert "This round has no agreed must-have criteria." in text(staff.get(check_url(application)))
    reason = "The project has already started, and this fund pays only for new work."

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(check_url(application), {"other_ground": "other", "reason": reason})

    application.refresh_from_db()
    assert (application.status, application.other_ground) == (Application.Status.NOT_ELIGIBLE, "other")
    assert "your application cannot go forward to the panel this time" in mail.outbox[0].body
    assert reason in mail.outbox[0].body


def test_another_ground_without_a_reason_for_the_applicant_shows_the_error_and_keeps_what_was_chosen(
    staff, application, must_have
):
    response = staff.post(
        check_url(application),
        {f"criterion_{must_have.pk}": "met", "other_ground": "incomplete", "reason": " "},
    )

    page = text(response)
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert page.count("Explain to the applicant why the application is not eligible") == 2
    assert 'href="#id_reason"' in page
    assert 'value="incomplete" checked' in page
    assert 'value="met" checked' in page
    application.refresh_from_db()
    assert (application.status, application.other_ground) == (Application.Status.SUBMITTED, "")
    assert not EligibilityCheck.objects.exists()
    assert len(mail.outbox) == 0


def test_a_ground_that_is_not_offered_is_refused(staff, application, must_have):
    response = staff.post(
        check_url(application), {f"criterion_{must_have.pk}": "met", "other_ground": "lost", "reason": "Why"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED


def test_a_previous_other_ground_is_filled_in_and_clearing_it_makes_the_application_eligible(
    staff, application, must_have
):
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.NOT_ELIGIBLE, other_ground="incomplete", eligibility_reason=KIND_REASON
    )
    assert 'value="incomplete" checked' in text(staff.get(check_url(application)))

    staff.post(check_url(application), {f"criterion_{must_have.pk}": "met", "other_ground": "", "reason": ""})

    application.refresh_from_db()
    assert (application.status, application.other_ground) == (Application.Status.ELIGIBLE, "")


def test_not_met_without_reasons_shows_both_errors_and_keeps_what_was_chosen(staff, application, must_have):
    response = staff.post(check_url(application), {f"criterion_{must_have.pk}": "not_met", "reason": "  "})

    page = text(response)
    assert response.status_code == 200
    assert "<title>Error: " in page
    for message in (
        f"Say why “{must_have.title}” is not met",
        "Explain to the applicant why the application is not eligible",
    ):
        assert page.count(message) == 2  # in the summary and beside its field
    assert f'href="#id_criterion_{must_have.pk}_reason"' in page
    assert 'href="#id_reason"' in page
    assert 'value="not_met" checked' in page
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert not EligibilityCheck.objects.exists()
    assert len(mail.outbox) == 0


def test_a_must_have_left_unanswered_is_asked_for_and_typed_text_is_kept(staff, application, must_have):
    response = staff.post(
        check_url(application), {f"criterion_{must_have.pk}_reason": "Half-way through", "reason": "Draft note"}
    )

    page = text(response)
    assert page.count(f"Say whether “{must_have.title}” is met") == 2
    assert f'href="#id_criterion_{must_have.pk}"' in page
    assert "Half-way through" in page and "Draft note" in page
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED


def test_a_value_that_is_not_offered_is_refused(staff, application, must_have):
    response = staff.post(check_url(application), {f"criterion_{must_have.pk}": "maybe", "reason": ""})
    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED


def test_a_second_check_replaces_the_first(staff, application, must_have, django_capture_on_commit_callbacks):
    staff.post(
        check_url(application),
        {
            f"criterion_{must_have.pk}": "not_met",
            f"criterion_{must_have.pk}_reason": NOT_IN_LEEDS,
            "reason": KIND_REASON,
        },
    )
    staff.post(check_url(application), {f"criterion_{must_have.pk}": "met", "reason": ""})
    assert Application.objects.get(pk=application.pk).status == Application.Status.ELIGIBLE
    assert EligibilityCheck.objects.get(application=application).is_met is True


# Who may check -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in(client, application):
    response = client.get(check_url(application))
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={check_url(application)}"


def test_the_applicant_cannot_check_their_own_application(client, applicant, application, must_have):
    client.force_login(applicant)
    assert client.get(check_url(application)).status_code == 403
    assert client.post(check_url(application), {f"criterion_{must_have.pk}": "met"}).status_code == 403
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED


@pytest.mark.parametrize(
    "persona_client", ["other_applicant", "panel_member", "criteria_member", "outsider"], indirect=True
)
def test_people_who_may_not_see_the_application_get_404(persona_client, application, must_have):
    assert persona_client.get(check_url(application)).status_code == 404
    assert persona_client.post(check_url(application), {f"criterion_{must_have.pk}": "met"}).status_code == 404


def test_a_draft_is_404_to_staff(staff, organisation):
    draft = ApplicationFactory(organisation=organisation)
    assert staff.get(check_url(draft)).status_code == 404


def test_a_withdrawn_application_cannot_be_checked(staff, application):
    Application.objects.filter(pk=application.pk).update(status=Application.Status.WITHDRAWN)
    assert staff.get(check_url(application)).status_code == 403


def test_once_the_round_has_moved_past_eligibility_the_checks_are_closed(staff, application):
    FundingRound.objects.filter(pk=application.funding_round_id).update(status=FundingRound.Status.SHORTLISTING)
    response = staff.get(check_url(application))
    assert response.status_code == 403


def test_other_methods_are_not_allowed(staff, application):
    assert staff.put(check_url(application)).status_code == 405


def test_the_page_costs_the_same_queries_however_many_answers_and_must_haves(staff, application):
    def more_must_haves_and_answers():
        rounds = FundingRound.objects.filter(pk=application.funding_round_id)
        rounds.update(status=FundingRound.Status.CRITERIA)
        for number in range(3):
            criterion = CriterionFactory(
                funding_round=application.funding_round, must_have=True, agreed=True, title=f"Must {number}"
            )
            QuestionFactory(funding_round=application.funding_round, criterion=criterion, text=f"Question {number}")
        rounds.update(status=FundingRound.Status.OPEN)
        answer_everything(application, "More answers")

    count = assert_page_queries(staff, check_url(application), at_most=9, add_data=more_must_haves_and_answers)
    print(f"eligibility_check: {count} queries")
