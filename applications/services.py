"""Writes across organisations and applications: each checks the policy, validates, logs
and emails. Views call these and show the domain errors as they are written."""

import logging
from datetime import timedelta
from decimal import Decimal

import filetype
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from guardian.shortcuts import assign_perm

from applications.audit import Verb
from applications.exceptions import ApplicationError, AttachmentRefused, DraftConflict, InvalidAnswers
from applications.models import (
    Answer,
    Application,
    Attachment,
    DraftVersion,
    EligibilityCheck,
    Organisation,
    OrganisationInvitation,
    OrganisationMember,
)
from applications.permissions import ORGANISATION_GRANT
from commissioning.emails import send_templated_email
from commissioning.models import FundingRound, Question, Strand, User
from commissioning.permissions import is_staff_role, require
from commissioning.plain_english import word_count
from commissioning.services import record_event
from commissioning.storage import STORE_ERRORS, UNAVAILABLE, delete_quietly

logger = logging.getLogger(__name__)


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


def _join(user: User, organisation: Organisation) -> OrganisationMember:
    membership, _ = OrganisationMember.objects.get_or_create(organisation=organisation, user=user)
    assign_perm(ORGANISATION_GRANT, user, organisation)
    return membership


# Organisations ------------------------------------------------------------------------


@transaction.atomic
def register_organisation(*, actor: User, **fields) -> Organisation:
    """`actor` (already signed up) registers an organisation and becomes its main contact."""
    organisation = Organisation(main_contact=actor, **fields)
    _save(organisation)
    _join(actor, organisation)
    record_event(actor=actor, verb=Verb.ORGANISATION_REGISTERED, target=organisation)
    return organisation


@transaction.atomic
def update_organisation(*, actor: User, organisation: Organisation, **fields) -> Organisation:
    require(actor, "applications.manage_organisation", organisation)
    changed = sorted(name for name, value in fields.items() if getattr(organisation, name) != value)
    for name in changed:
        setattr(organisation, name, fields[name])
    if changed:
        _save(organisation)
        record_event(actor=actor, verb=Verb.ORGANISATION_UPDATED, target=organisation, data={"changed": changed})
    return organisation


@transaction.atomic
def invite_colleague(*, actor: User, organisation: Organisation, email: str) -> OrganisationInvitation:
    require(actor, "applications.manage_organisation", organisation)
    email = User.objects.normalize_email(email).strip().lower()
    if organisation.memberships.filter(user__email=email).exists():
        raise ApplicationError(f"{email} is already a member of {organisation}")
    invitation = OrganisationInvitation(organisation=organisation, email=email, invited_by=actor)
    _save(invitation)
    record_event(actor=actor, verb=Verb.COLLEAGUE_INVITED, target=organisation, data={"email": email})
    send_templated_email(
        "applications/emails/colleague_invitation",
        to=[email],
        context={"invitation": invitation, "organisation": organisation, "invited_by": actor},
    )
    return invitation


@transaction.atomic
def accept_invitation(*, actor: User, invitation: OrganisationInvitation) -> OrganisationMember:
    """The invited colleague joins. The link works once."""
    invitation = OrganisationInvitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    if invitation.is_used:
        raise ApplicationError("This invitation has already been used. Ask your colleague to send a new one.")
    if is_staff_role(actor):
        raise ApplicationError("Staff accounts cannot join an applicant organisation.")
    membership = _join(actor, invitation.organisation)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_event(actor=actor, verb=Verb.COLLEAGUE_JOINED, target=invitation.organisation)
    return membership


# Applications ---------------------------------------------------------------------------


@transaction.atomic
def start_application(*, actor: User, organisation: Organisation, funding_round: FundingRound) -> Application:
    require(actor, "applications.manage_organisation", organisation)
    require(actor, "applications.start_application", funding_round)
    existing = Application.objects.filter(organisation=organisation, funding_round=funding_round).exclude(
        status=Application.Status.WITHDRAWN
    )
    if existing.exists():
        raise ApplicationError(f"{organisation} already has an application to {funding_round}.")
    application = Application(
        funding_round=funding_round, organisation=organisation, created_by=actor, updated_by=actor
    )
    _save(application)
    record_event(actor=actor, verb=Verb.APPLICATION_STARTED, target=application)
    return application


def _amount_error(amount, funding_round: FundingRound) -> str | None:
    from commissioning.templatetags.money import money

    if amount is None:
        return None
    if amount <= 0:
        return "Enter an amount more than £0"
    if amount != amount.to_integral_value():
        return "Enter the amount in whole pounds, without pence"
    if amount < funding_round.minimum_grant:
        return f"The smallest grant in this round is {money(funding_round.minimum_grant)}"
    if amount > funding_round.maximum_grant:
        return f"The largest grant in this round is {money(funding_round.maximum_grant)}"
    return None


def _strand_error(strand: Strand | None, funding_round: FundingRound) -> str | None:
    """A strand can only be one the round's criteria group agreed."""
    if strand is None:
        return None
    if not Strand.objects.filter(funding_round=funding_round, pk=strand.pk).agreed().exists():
        return "Choose one of this round's strands"
    return None


def _answer_errors(answers: dict[int, str], questions: dict[int, Question]) -> dict[str, str]:
    errors = {}
    for question_id, text in answers.items():
        question = questions.get(question_id)
        if question is None:
            errors[f"question_{question_id}"] = "This question is not part of this application"
            continue
        words = word_count(text)
        if words > question.word_limit:
            errors[f"question_{question_id}"] = (
                f"Your answer has {words:,} words. Keep it to {question.word_limit:,} words or fewer"
            )
    return errors


def save_draft(
    *,
    actor: User,
    application: Application,
    based_on_version: int,
    answers: dict[int, str] | None = None,
    **fields,
) -> Application:
    """Save what was typed into a draft: the project title, the amount and any answers sent.

    A save based on an older version than the one stored is not written over a colleague's
    work: it is kept aside (DraftConflict) for the person to compare."""
    with transaction.atomic():
        outcome = _save_draft(
            actor=actor, application=application, based_on_version=based_on_version, answers=answers, **fields
        )
    # Raised once the transaction has committed, so the set-aside copy is kept.
    if isinstance(outcome, DraftVersion):
        raise DraftConflict(outcome)
    return outcome


def _save_draft(*, actor: User, application: Application, based_on_version: int, answers, **fields):
    application = (
        Application.objects.select_for_update().select_related("funding_round", "organisation").get(pk=application.pk)
    )
    require(actor, "applications.edit_application", application)
    answers = {int(key): value.strip() for key, value in (answers or {}).items()}
    if based_on_version != application.version:
        set_aside = DraftVersion.objects.create(
            application=application,
            saved_by=actor,
            based_on_version=based_on_version,
            content={
                **{name: str(value) if isinstance(value, Decimal) else value for name, value in fields.items()},
                "answers": {str(key): value for key, value in answers.items()},
            },
        )
        record_event(actor=actor, verb=Verb.DRAFT_CONFLICT, target=application, data={"set_aside": set_aside.pk})
        return set_aside
    questions = {question.pk: question for question in application.funding_round.questions.all()}
    errors = _answer_errors(answers, questions)
    if "amount_requested" in fields and (
        message := _amount_error(fields["amount_requested"], application.funding_round)
    ):
        errors["amount_requested"] = message
    if "strand" in fields and (message := _strand_error(fields["strand"], application.funding_round)):
        errors["strand"] = message
    if errors:
        raise InvalidAnswers(errors)
    for name in ("project_title", "amount_requested", "strand"):
        if name in fields:
            setattr(application, name, fields[name])
    existing = {answer.question_id: answer for answer in application.answers.all()}
    for question_id, text in answers.items():
        answer = existing.get(question_id)
        if answer is None:
            Answer.objects.create(application=application, question_id=question_id, text=text)
        elif answer.text != text:
            answer.text = text
            answer.save(update_fields=["text"])
    application.version += 1
    application.updated_at, application.updated_by = timezone.now(), actor
    _save(application)
    record_event(actor=actor, verb=Verb.DRAFT_SAVED, target=application, data={"version": application.version})
    return application


# Attachments --------------------------------------------------------------------------------


def sniff_kind(uploaded, allowed=Attachment.MIME_TYPES) -> str | None:
    """The file's real type, read from its first bytes, if it is one of `allowed` (extensions);
    never trusted from its name."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    if not head:
        return None
    kind = filetype.guess(head)
    extension = kind.extension if kind else None
    return {"jpeg": "jpg"}.get(extension, extension) if extension in {*allowed, "jpeg"} else None


@transaction.atomic
def add_attachment(*, actor: User, application: Application, uploaded) -> Attachment:
    application = (
        Application.objects.select_for_update().select_related("funding_round", "organisation").get(pk=application.pk)
    )
    require(actor, "applications.edit_application", application)
    if application.attachments.count() >= Attachment.MAX_PER_APPLICATION:
        raise AttachmentRefused(
            f"You can attach up to {Attachment.MAX_PER_APPLICATION} files. Remove one before adding another."
        )
    if uploaded.size == 0:
        raise AttachmentRefused("The file is empty. Choose the file again.")
    if uploaded.size > Attachment.MAX_BYTES:
        raise AttachmentRefused("The file is bigger than 10 MB. Make it smaller, or split it into parts.")
    kind = sniff_kind(uploaded)
    if kind is None:
        raise AttachmentRefused(
            "We can only take PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT), PNG or JPEG files. "
            "This file is not one of those, whatever its name says."
        )
    attachment = Attachment(
        application=application,
        original_name=(uploaded.name or "attachment")[-200:],
        kind=kind,
        size=uploaded.size,
        uploaded_by=actor,
    )
    try:
        attachment.file.save("upload", uploaded, save=False)
    except STORE_ERRORS as error:
        logger.warning("The file store refused an attachment for application %s: %s", application.pk, error)
        raise AttachmentRefused(f"{UNAVAILABLE} Your file was not added; nothing else has changed.") from error
    try:
        _save(attachment)
    except Exception:
        # The record was refused, so the stored copy would belong to nothing.
        delete_quietly(attachment.file.storage, attachment.file.name)
        raise
    record_event(actor=actor, verb=Verb.ATTACHMENT_ADDED, target=application, data={"name": attachment.download_name})
    return attachment


@transaction.atomic
def remove_attachment(*, actor: User, attachment: Attachment) -> None:
    application = (
        Application.objects.select_for_update()
        .select_related("funding_round", "organisation")
        .get(pk=attachment.application_id)
    )
    require(actor, "applications.edit_application", application)
    record_event(actor=actor, verb=Verb.ATTACHMENT_REMOVED, target=application, data={"name": attachment.download_name})
    stored = attachment.file.name
    attachment.delete()
    # After the commit, and never able to undo it: a store that is down leaves an unused file.
    transaction.on_commit(lambda: delete_quietly(attachment.file.storage, stored))


# Submitting and withdrawing -----------------------------------------------------------------


def missing_for_submission(application: Application) -> list[tuple[str, Question | None]]:
    """What still stops this draft being sent: (message, the question it is about, or None
    for the project's title and amount). Empty when the draft is complete."""
    problems: list[tuple[str, Question | None]] = []
    if not application.project_title.strip():
        problems.append(("Give your project a title", None))
    if application.amount_requested is None:
        problems.append(("Say how much money you are asking for", None))
    elif message := _amount_error(application.amount_requested, application.funding_round):
        problems.append((message, None))
    if (
        application.strand_id is None
        and Strand.objects.filter(funding_round=application.funding_round).agreed().exists()
    ):
        problems.append(("Choose the strand your project fits", None))
    answered = {answer.question_id: answer.text for answer in application.answers.all()}
    for question in application.funding_round.questions.all():
        if not question.is_asked_in(application.strand_id):
            continue
        text = answered.get(question.pk, "")
        if question.is_required and not text.strip():
            problems.append((f"Answer “{question.text}”", question))
        elif word_count(text) > question.word_limit:
            problems.append(
                (f"Shorten your answer to “{question.text}” to {question.word_limit:,} words or fewer", question)
            )
    return problems


def _next_reference(funding_round: FundingRound) -> str:
    """Like TTS-2018-0007: the programme's initials, the round's year, then the next number
    among every reference that begins the same way, so that two programmes with the same
    initials (Time to Shine, Together Through Spring) or two rounds in one year never collide."""
    code = "".join(word[0] for word in funding_round.programme.name.split() if word[0].isalnum()).upper()[:6]
    open_stage = funding_round.stage("open")
    year = (open_stage.starts_on if open_stage else funding_round.created_at).year
    prefix = f"{code or 'APP'}-{year}-"
    highest = Application.objects.filter(reference__startswith=prefix).aggregate(highest=Max("reference"))["highest"]
    number = int(highest.rsplit("-", 1)[1]) + 1 if highest else 1
    return f"{prefix}{number:04d}"


def _take_reference(application: Application) -> str:
    """Give the application the next free reference. A round's lock keeps its own submissions
    in turn; another round with the same prefix may take a number at the same moment, and then
    the database's unique constraint refuses one of the two, which takes the next number."""
    for _ in range(5):
        reference = _next_reference(application.funding_round)
        try:
            with transaction.atomic():
                Application.objects.filter(pk=application.pk).update(reference=reference)
        except IntegrityError:
            continue
        return reference
    raise ApplicationError("We could not give your application its reference just now. Please send it again.")


@transaction.atomic
def submit_application(*, actor: User, application: Application, declaration: bool) -> Application:
    """Send a complete draft before the deadline: a reference, a receipt, and no more changes."""
    # Lock the round too: two submissions at once must not take the same reference number.
    FundingRound.objects.select_for_update().get(pk=application.funding_round_id)
    application = (
        Application.objects.select_for_update()
        .select_related("funding_round__programme", "organisation")
        .get(pk=application.pk)
    )
    if not application.is_draft:
        raise ApplicationError(f"This application was already sent, with the reference {application.reference}.")
    require(actor, "applications.edit_application", application)
    if not declaration:
        raise InvalidAnswers({"declaration": "Confirm that the information is true and complete"})
    problems = missing_for_submission(application)
    if problems:
        raise ApplicationError(
            "Your application is not finished yet: " + "; ".join(message for message, _ in problems) + "."
        )
    application.reference = _take_reference(application)
    application.status = Application.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.updated_by = actor
    _save(application)
    record_event(
        actor=actor, verb=Verb.APPLICATION_SUBMITTED, target=application, data={"reference": application.reference}
    )
    recipients = sorted({actor.email, application.organisation.main_contact.email})
    answers = list(application.answers.select_related("question").order_by("question__position"))
    send_templated_email(
        "applications/emails/application_receipt",
        to=recipients,
        context={"application": application, "answers": answers},
    )
    return application


@transaction.atomic
def withdraw_application(*, actor: User, application: Application) -> Application:
    application = Application.objects.select_for_update().select_related("organisation").get(pk=application.pk)
    require(actor, "applications.withdraw_application", application)
    application.status = Application.Status.WITHDRAWN
    application.withdrawn_at = timezone.now()
    _save(application)
    record_event(actor=actor, verb=Verb.APPLICATION_WITHDRAWN, target=application)
    return application


# The eligibility check (staff check facts; they never score) ------------------------------------


@transaction.atomic
def record_eligibility(
    *,
    actor: User,
    application: Application,
    findings: dict[int, tuple[bool, str]],
    reason: str,
    other_ground: str = "",
) -> Application:
    """Record, for each must-have criterion, met or not with a reason; the application is
    eligible only when every one is met and nothing else stops it (`other_ground`: it is
    incomplete, or another reason), which staff may find even in a round with no must-have
    criteria. A not-eligible result always needs a reason, and the applicant is told it."""
    application = (
        Application.objects.select_for_update()
        .select_related("funding_round", "organisation__main_contact")
        .get(pk=application.pk)
    )
    require(actor, "applications.check_eligibility", application)
    must_haves = {criterion.pk: criterion for criterion in application.funding_round.criteria.agreed_must_haves()}
    errors = {}
    for pk in must_haves:
        if pk not in findings:
            errors[f"criterion_{pk}"] = f"Say whether “{must_haves[pk].title}” is met"
        elif not findings[pk][0] and not findings[pk][1].strip():
            errors[f"criterion_{pk}_reason"] = f"Say why “{must_haves[pk].title}” is not met"
    if other_ground and other_ground not in Application.OtherGround.values:
        errors["other_ground"] = "Say whether anything else stops it going forward"
    eligible = all(findings.get(pk, (False, ""))[0] for pk in must_haves) and not other_ground
    if not eligible and not reason.strip():
        errors["reason"] = "Explain to the applicant why the application is not eligible"
    if errors:
        raise InvalidAnswers(errors)
    for pk, (is_met, why) in findings.items():
        if pk in must_haves:
            EligibilityCheck.objects.update_or_create(
                application=application,
                criterion_id=pk,
                defaults={"is_met": is_met, "reason": why.strip(), "checked_by": actor, "checked_at": timezone.now()},
            )
    application.status = Application.Status.ELIGIBLE if eligible else Application.Status.NOT_ELIGIBLE
    application.eligibility_reason = reason.strip()
    application.other_ground = other_ground
    application.eligibility_checked_at, application.eligibility_checked_by = timezone.now(), actor
    _save(application)
    record_event(
        actor=actor,
        verb=Verb.ELIGIBILITY_RECORDED,
        target=application,
        data={"eligible": eligible, "reason": application.eligibility_reason, "other_ground": other_ground},
    )
    recipient = application.organisation.main_contact.email
    send_templated_email("applications/emails/eligibility_result", to=[recipient], context={"application": application})
    return application


# Accounts for applicants ------------------------------------------------------------------

DUPLICATE_EMAIL = "An account with this email address already exists. Sign in to add your organisation."


def _plain_password_problems(error: ValidationError) -> list[str]:
    """Django's password validators, said plainly."""
    problems = []
    for problem in error.error_list:
        params = problem.params or {}
        if problem.code == "password_too_short":
            problems.append(f"Your password must be at least {params.get('min_length', 8)} characters long")
        elif problem.code == "password_too_common":
            problems.append("This password is used by many people, so it is easy to guess. Choose a different one")
        elif problem.code == "password_entirely_numeric":
            problems.append("Your password cannot be only numbers. Add some letters")
        elif problem.code == "password_too_similar":
            problems.append("Your password is too like your email address or name. Choose a different one")
        else:
            problems.extend(problem.messages)
    return problems


def _create_account(*, email: str, full_name: str, password: str, duplicate_message: str) -> User:
    """A new person's account, or a ValidationError naming every problem at once."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User(email=email, full_name=" ".join(full_name.split()), role=User.Role.PERSON)
    errors = {}
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = [duplicate_message]
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors["password"] = _plain_password_problems(error)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def sign_up_and_register(
    *, email: str, full_name: str, password: str, **organisation_fields
) -> tuple[User, Organisation]:
    """A visitor opens their account and registers their organisation: both are saved, or neither.
    They become its main contact and first member; the registration is logged with them as actor."""
    user = _create_account(email=email, full_name=full_name, password=password, duplicate_message=DUPLICATE_EMAIL)
    organisation = register_organisation(actor=user, **organisation_fields)
    return user, organisation


@transaction.atomic
def sign_up_and_join(
    *, invitation: OrganisationInvitation, full_name: str, password: str
) -> tuple[User, OrganisationMember]:
    """An invited colleague without an account opens one with the invited email address and joins:
    both, or neither (a used invitation creates no account)."""
    user = _create_account(
        email=invitation.email,
        full_name=full_name,
        password=password,
        duplicate_message=(
            f"An account with this email address already exists. Sign in to join {invitation.organisation}."
        ),
    )
    membership = accept_invitation(actor=user, invitation=invitation)
    return user, membership


# Closing a round's applications, and telling those with drafts ----------------------------


def email_draft_holders(*, actor: User | None, funding_round: FundingRound, template: str, context: dict) -> int:
    """Email every active member of each organisation holding a draft in `funding_round`, through
    the outbox (which tries again while the mail server is down). An email that cannot be put in
    the outbox is logged and skipped, so it never stops the others or the action that asked; the
    activity log says how many went and which failed. Returns how many went (someone whose email
    choice leaves this kind out is not counted)."""
    drafts = list(Application.objects.filter(funding_round=funding_round).drafts().select_related("organisation"))
    people = OrganisationMember.objects.filter(
        organisation__in={draft.organisation_id for draft in drafts}, user__is_active=True
    ).select_related("user")
    sent, failed = 0, []
    for membership in people:
        try:
            stored = send_templated_email(
                template,
                to=[membership.user.email],
                context={"person": membership.user, "funding_round": funding_round, **context},
            )
        except Exception:  # noqa: BLE001  (whatever the error, it must not stop the others)
            logger.exception("The email to %s could not be sent.", membership.user.email)
            failed.append(membership.user.email)
        else:
            sent += stored is not None
    with transaction.atomic():
        record_event(
            actor=actor,
            verb=Verb.DRAFTS_TOLD,
            target=funding_round,
            data={"template": template, "drafts": len(drafts), "emails": sent, "failed": failed},
        )
    return sent


def tell_drafts_deadline_moved(sender, *, funding_round, actor, old_deadline, new_deadline, **kwargs) -> None:
    """Receiver of `commissioning.signals.deadline_moved` (after the move has committed)."""
    email_draft_holders(
        actor=actor,
        funding_round=funding_round,
        template="applications/emails/deadline_moved",
        context={
            "old_last_day": (old_deadline - timedelta(days=1)).date() if old_deadline else None,
            "new_last_day": (new_deadline - timedelta(days=1)).date() if new_deadline else None,
        },
    )


@transaction.atomic
def close_applications_now(*, actor: User, funding_round: FundingRound) -> FundingRound:
    """Staff close an open round's applications now: its open stage ends yesterday (so the
    deadline has passed), the round moves on to checking eligibility through the gates, and
    everyone holding a draft is told by email once this has committed. All logged."""
    from commissioning.models import Stage
    from commissioning.services import advance_round

    funding_round = FundingRound.objects.select_for_update().get(pk=funding_round.pk)
    require(actor, "applications.close_applications", funding_round)
    stage = funding_round.stages.get(kind=Stage.Kind.OPEN)
    yesterday = timezone.localdate() - timedelta(days=1)
    old_last_day = stage.ends_on
    stage.ends_on, stage.starts_on = yesterday, min(stage.starts_on, yesterday)
    stage.full_clean()
    stage.save()
    drafts = Application.objects.filter(funding_round=funding_round).drafts().count()
    record_event(
        actor=actor,
        verb=Verb.APPLICATIONS_CLOSED,
        target=funding_round,
        data={"planned_last_day": str(old_last_day), "drafts": drafts},
    )
    moved = advance_round(actor=actor, funding_round=funding_round)
    transaction.on_commit(
        lambda: email_draft_holders(
            actor=actor, funding_round=moved, template="applications/emails/applications_closed", context={}
        )
    )
    return moved
