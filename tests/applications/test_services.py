"""Applying for money, as the funding rules say: drafts never lost, limits kept, one submission."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from applications import services
from applications.audit import Verb
from applications.exceptions import ApplicationError, DraftConflict, InvalidAnswers
from applications.models import Application, DraftVersion, EligibilityCheck
from commissioning.models import AuditEvent, Criterion, FundingRound, Stage

from .factories import ApplicationFactory, OrganisationFactory, answer_everything, join_organisation, open_round


@pytest.fixture
def funding_round(db):
    return open_round(title="New projects 2018")


@pytest.fixture
def organisation(applicant):
    organisation = OrganisationFactory(main_contact=applicant, name="Armley Helping Hands")
    join_organisation(applicant, organisation)
    return organisation


@pytest.fixture
def draft(applicant, organisation, funding_round):
    return services.start_application(actor=applicant, organisation=organisation, funding_round=funding_round)


def questions(application):
    return list(application.funding_round.questions.order_by("position"))


def test_a_member_starts_one_application_per_round(applicant, organisation, funding_round, draft):
    assert draft.status == Application.Status.DRAFT
    assert AuditEvent.objects.filter(verb=Verb.APPLICATION_STARTED, actor=applicant).exists()
    with pytest.raises(ApplicationError, match="already has an application"):
        services.start_application(actor=applicant, organisation=organisation, funding_round=funding_round)


def test_someone_outside_the_organisation_cannot_start_for_it(other_applicant, organisation, funding_round):
    with pytest.raises(PermissionDenied):
        services.start_application(actor=other_applicant, organisation=organisation, funding_round=funding_round)


def test_staff_do_not_apply(facilitator, organisation, funding_round):
    join_organisation(facilitator, organisation)
    with pytest.raises(PermissionDenied, match="do not apply"):
        services.start_application(actor=facilitator, organisation=organisation, funding_round=funding_round)


def test_saving_a_draft_bumps_its_version_and_keeps_the_answers(applicant, draft):
    first, second = questions(draft)
    saved = services.save_draft(
        actor=applicant,
        application=draft,
        based_on_version=1,
        project_title="Tea and talk",
        amount_requested=Decimal("60000"),
        answers={first.pk: "People aged 50 and over in Armley."},
    )
    assert saved.version == 2
    assert saved.answers.get(question=first).text == "People aged 50 and over in Armley."
    services.save_draft(actor=applicant, application=draft, based_on_version=2, answers={second.pk: "Door knocking."})
    assert Application.objects.get(pk=draft.pk).answers.count() == 2


def test_a_save_based_on_an_older_version_is_kept_aside_not_written_over(applicant, organisation, draft):
    colleague = OrganisationFactory.build().main_contact
    colleague.save()
    join_organisation(colleague, organisation)
    question = questions(draft)[1]
    # Both open version 1; the applicant saves first.
    services.save_draft(actor=applicant, application=draft, based_on_version=1, answers={question.pk: "Mine, first."})
    with pytest.raises(DraftConflict) as conflict:
        services.save_draft(actor=colleague, application=draft, based_on_version=1, answers={question.pk: "Theirs."})
    assert Application.objects.get(pk=draft.pk).answers.get(question=question).text == "Mine, first."
    kept = DraftVersion.objects.get(pk=conflict.value.set_aside.pk)
    assert (kept.saved_by, kept.content["answers"]) == (colleague, {str(question.pk): "Theirs."})
    assert Application.objects.get(pk=draft.pk).version == 2


def test_an_answer_over_its_word_limit_is_refused_and_nothing_is_saved(applicant, draft):
    question = questions(draft)[0]  # 100 words
    with pytest.raises(InvalidAnswers) as refused:
        services.save_draft(
            actor=applicant, application=draft, based_on_version=1, answers={question.pk: "word " * 101}
        )
    assert refused.value.errors == {
        f"question_{question.pk}": "Your answer has 101 words. Keep it to 100 words or fewer"
    }
    assert not draft.answers.exists()
    assert Application.objects.get(pk=draft.pk).version == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("49999"), "The smallest grant in this round is £50,000"),
        (Decimal("200001"), "The largest grant in this round is £200,000"),
        (Decimal("-5"), "Enter an amount more than £0"),
        (Decimal("60000.50"), "Enter the amount in whole pounds, without pence"),
    ],
)
def test_amounts_outside_the_round_are_refused(applicant, draft, amount, message):
    with pytest.raises(InvalidAnswers) as refused:
        services.save_draft(actor=applicant, application=draft, based_on_version=1, amount_requested=amount)
    assert refused.value.errors == {"amount_requested": message}
    assert Application.objects.get(pk=draft.pk).amount_requested is None


def complete(applicant, draft):
    services.save_draft(
        actor=applicant,
        application=draft,
        based_on_version=draft.version,
        project_title="Tea and talk",
        amount_requested=Decimal("75000"),
    )
    answer_everything(draft)


def test_submitting_gives_a_reference_and_one_receipt(applicant, draft, django_capture_on_commit_callbacks):
    complete(applicant, draft)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.submit_application(actor=applicant, application=draft, declaration=True)
    year = draft.funding_round.stage(Stage.Kind.OPEN).starts_on.year
    assert submitted.reference == f"TTS-{year}-0001"  # Time to Shine
    assert submitted.status == Application.Status.SUBMITTED
    assert len(mail.outbox) == 1
    assert submitted.reference in mail.outbox[0].subject + mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError, match="already sent"):
        services.submit_application(actor=applicant, application=draft, declaration=True)
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(verb=Verb.APPLICATION_SUBMITTED).count() == 1


def test_references_count_up_within_a_round(funding_round, applicant):
    references = []
    for _ in range(3):
        organisation = OrganisationFactory(main_contact=applicant)
        join_organisation(applicant, organisation)
        draft = services.start_application(actor=applicant, organisation=organisation, funding_round=funding_round)
        complete(applicant, draft)
        references.append(services.submit_application(actor=applicant, application=draft, declaration=True).reference)
    assert [reference[-4:] for reference in references] == ["0001", "0002", "0003"]
    assert len({reference.rsplit("-", 1)[0] for reference in references}) == 1


def test_an_unfinished_application_or_no_declaration_is_not_sent(applicant, draft):
    with pytest.raises(InvalidAnswers, match="Confirm"):
        services.submit_application(actor=applicant, application=draft, declaration=False)
    with pytest.raises(ApplicationError, match="Give your project a title"):
        services.submit_application(actor=applicant, application=draft, declaration=True)
    assert Application.objects.get(pk=draft.pk).status == Application.Status.DRAFT


def test_nothing_is_sent_or_changed_after_the_deadline(applicant, draft):
    complete(applicant, draft)
    yesterday = timezone.localdate() - timedelta(days=1)
    Stage.objects.filter(funding_round=draft.funding_round, kind=Stage.Kind.OPEN).update(ends_on=yesterday)
    with pytest.raises(PermissionDenied, match="has closed"):
        services.submit_application(actor=applicant, application=draft, declaration=True)
    with pytest.raises(PermissionDenied, match="has closed"):
        services.save_draft(actor=applicant, application=draft, based_on_version=draft.version, project_title="Late")
    assert Application.objects.get(pk=draft.pk).project_title == "Tea and talk"


def test_a_submitted_application_is_read_only_and_can_be_withdrawn(applicant, draft):
    complete(applicant, draft)
    services.submit_application(actor=applicant, application=draft, declaration=True)
    with pytest.raises(PermissionDenied, match="can no longer be changed"):
        services.save_draft(actor=applicant, application=draft, based_on_version=99, project_title="Changed")
    withdrawn = services.withdraw_application(actor=applicant, application=draft)
    assert withdrawn.status == Application.Status.WITHDRAWN
    assert AuditEvent.objects.filter(verb=Verb.APPLICATION_WITHDRAWN).exists()


# The eligibility check ----------------------------------------------------------------------


@pytest.fixture
def submitted(applicant, organisation, funding_round):
    application = ApplicationFactory(funding_round=funding_round, organisation=organisation, submitted=True)
    answer_everything(application)
    return application


def must_have(application):
    return application.funding_round.criteria.get(kind=Criterion.Kind.MUST_HAVE)


def test_staff_record_a_must_have_not_met_and_the_applicant_is_told_why(
    facilitator, submitted, applicant, django_capture_on_commit_callbacks
):
    criterion = must_have(submitted)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_eligibility(
            actor=facilitator,
            application=submitted,
            findings={criterion.pk: (False, "The project is in Bradford, not Leeds.")},
            reason="This fund is for projects in Leeds.",
        )
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.NOT_ELIGIBLE
    assert EligibilityCheck.objects.get(application=submitted).reason == "The project is in Bradford, not Leeds."
    assert mail.outbox[0].to == [applicant.email]
    assert "This fund is for projects in Leeds." in mail.outbox[0].body
    assert AuditEvent.objects.get(verb=Verb.ELIGIBILITY_RECORDED).data["eligible"] is False


def test_every_must_have_met_makes_it_eligible(facilitator, submitted):
    services.record_eligibility(
        actor=facilitator, application=submitted, findings={must_have(submitted).pk: (True, "")}, reason=""
    )
    assert Application.objects.get(pk=submitted.pk).status == Application.Status.ELIGIBLE


def test_not_met_needs_reasons(facilitator, submitted):
    criterion = must_have(submitted)
    with pytest.raises(InvalidAnswers) as refused:
        services.record_eligibility(
            actor=facilitator, application=submitted, findings={criterion.pk: (False, " ")}, reason=""
        )
    assert set(refused.value.errors) == {f"criterion_{criterion.pk}_reason", "reason"}
    assert Application.objects.get(pk=submitted.pk).status == Application.Status.SUBMITTED


def test_an_incomplete_application_is_not_eligible_even_with_every_must_have_met(facilitator, submitted):
    services.record_eligibility(
        actor=facilitator,
        application=submitted,
        findings={must_have(submitted).pk: (True, "")},
        reason="Your budget was missing.",
        other_ground=Application.OtherGround.INCOMPLETE,
    )
    submitted.refresh_from_db()
    assert (submitted.status, submitted.other_ground) == (Application.Status.NOT_ELIGIBLE, "incomplete")


@pytest.mark.parametrize("other_ground", ["incomplete", "other"])
def test_another_ground_always_needs_a_reason_for_the_applicant(facilitator, submitted, other_ground):
    with pytest.raises(InvalidAnswers) as refused:
        services.record_eligibility(
            actor=facilitator,
            application=submitted,
            findings={must_have(submitted).pk: (True, "")},
            reason=" ",
            other_ground=other_ground,
        )
    assert set(refused.value.errors) == {"reason"}
    assert Application.objects.get(pk=submitted.pk).status == Application.Status.SUBMITTED


def test_a_ground_that_is_not_offered_is_refused(facilitator, submitted):
    with pytest.raises(InvalidAnswers) as refused:
        services.record_eligibility(
            actor=facilitator,
            application=submitted,
            findings={must_have(submitted).pk: (True, "")},
            reason="Why",
            other_ground="lost",
        )
    assert set(refused.value.errors) == {"other_ground"}


@pytest.mark.parametrize("persona", ["panel_member", "applicant"])
def test_only_staff_check_eligibility(request, submitted, persona):
    with pytest.raises(PermissionDenied):
        services.record_eligibility(
            actor=request.getfixturevalue(persona),
            application=submitted,
            findings={must_have(submitted).pk: (True, "")},
            reason="",
        )


def test_organisation_identifiers_follow_360giving(db):
    assert OrganisationFactory.build(charity_number="1164883").org_identifier("360G-tts") == "GB-CHC-1164883"
    assert OrganisationFactory.build(charity_number="SC012345").org_identifier("360G-tts") == "GB-SC-SC012345"
    company = OrganisationFactory.build(charity_number="", company_number="01234567")
    assert company.org_identifier("360G-tts") == "GB-COH-01234567"
    group = OrganisationFactory(charity_number="", kind="community_group")
    assert group.org_identifier("360G-tts") == f"360G-tts-ORG-{group.pk:05d}"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"charity_number": "12AB"}, "charity_number", "Enter a charity number like 1164883"),
        ({"kind": "community_interest_company", "charity_number": ""}, "company_number", "Enter your company number"),
        ({"company_number": "ABC"}, "company_number", "Enter a company number like 01234567"),
    ],
)
def test_wrong_charity_or_company_numbers_are_refused(applicant, fields, field, message):
    from django.core.exceptions import ValidationError

    organisation = OrganisationFactory.build(main_contact=applicant, **fields)
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()
    assert message in refused.value.message_dict[field][0]


def test_a_company_number_keeps_its_leading_zeros(applicant):
    organisation = OrganisationFactory.build(main_contact=applicant, charity_number="", company_number="1234567")
    organisation.kind = "company_limited_by_guarantee"
    organisation.full_clean()
    assert organisation.company_number == "01234567"


def test_the_round_must_be_open(applicant, organisation, funding_round):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.ELIGIBILITY)
    funding_round.refresh_from_db()
    with pytest.raises(PermissionDenied, match="not taking applications"):
        services.start_application(actor=applicant, organisation=organisation, funding_round=funding_round)


def test_two_programmes_with_the_same_initials_never_share_a_reference(funding_round, applicant):
    """Time to Shine and Together Through Spring both begin "TTS": the second programme's first
    application takes the next number after the first's, instead of failing to be sent."""
    from tests.commissioning.factories import ProgrammeFactory

    other = open_round(title="Spring 2018", programme=ProgrammeFactory(name="Together Through Spring"))
    references = []
    for each_round in (funding_round, other, funding_round, other):
        organisation = OrganisationFactory(main_contact=applicant)
        join_organisation(applicant, organisation)
        draft = services.start_application(actor=applicant, organisation=organisation, funding_round=each_round)
        complete(applicant, draft)
        references.append(services.submit_application(actor=applicant, application=draft, declaration=True).reference)
    year = funding_round.stage(Stage.Kind.OPEN).starts_on.year
    assert references == [f"TTS-{year}-000{number}" for number in (1, 2, 3, 4)]
    assert Application.objects.filter(status=Application.Status.SUBMITTED).count() == 4
