"""Organisations and their applications: drafts that are never lost, answers, attachments,
submission and the eligibility check."""

import re
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from commissioning.models import Criterion, FundingRound, Question, Strand, User
from commissioning.storage import safe_download_name

CHARITY_NUMBER = re.compile(r"^(\d{6,7}|SC\d{6}|NIC\d{6})$")
COMPANY_NUMBER = re.compile(r"^(\d{8}|(SC|NI|OC|SO|NC|R0|IP|SP|RS)\d{6})$")


def clean_charity_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def clean_company_number(value: str) -> str:
    number = re.sub(r"[\s-]", "", value or "").upper()
    # Companies House numbers are 8 characters; people often drop the leading zeros.
    return number.zfill(8) if number.isdigit() else number


def org_identifier(*, charity_number: str, company_number: str, internal_id: str) -> str:
    """An organisation's 360Giving identifier (org-id.guide): the Scottish, Northern Irish or
    England and Wales charity number, else the Companies House number, and only when neither is
    known an identifier of the funder's own (`internal_id`, under its 360G- prefix)."""
    if charity_number.startswith("SC"):
        return f"GB-SC-{charity_number}"
    if charity_number.startswith("NIC"):
        return f"GB-NIC-{charity_number.removeprefix('NIC')}"
    if charity_number:
        return f"GB-CHC-{charity_number}"
    if company_number:
        return f"GB-COH-{company_number}"
    return internal_id


class Organisation(models.Model):
    """A charity or community group that applies for money. Its members share its applications."""

    class Kind(models.TextChoices):
        REGISTERED_CHARITY = "registered_charity", "Registered charity"
        CIO = "cio", "Charitable incorporated organisation (CIO)"
        COMPANY_LIMITED_BY_GUARANTEE = "company_limited_by_guarantee", "Company limited by guarantee"
        COMMUNITY_INTEREST_COMPANY = "community_interest_company", "Community interest company (CIC)"
        COMMUNITY_GROUP = "community_group", "Unregistered community group"

    NEEDS_CHARITY_NUMBER = {Kind.REGISTERED_CHARITY, Kind.CIO}
    NEEDS_COMPANY_NUMBER = {Kind.COMPANY_LIMITED_BY_GUARANTEE, Kind.COMMUNITY_INTEREST_COMPANY}

    name = models.CharField(max_length=200)
    kind = models.CharField("type of organisation", max_length=40, choices=Kind.choices)
    charity_number = models.CharField(max_length=12, blank=True)
    company_number = models.CharField(max_length=8, blank=True)
    address_line_1 = models.CharField("address line 1", max_length=200)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=10)
    main_contact = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        permissions = [("act_for_organisation", "Act for this organisation")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("applications:organisation_detail", args=[self.pk])

    def clean(self):
        super().clean()
        self.charity_number = clean_charity_number(self.charity_number)
        self.company_number = clean_company_number(self.company_number)
        errors = {}
        if self.charity_number and not CHARITY_NUMBER.match(self.charity_number):
            errors["charity_number"] = (
                "Enter a charity number like 1164883 (England and Wales), SC012345 (Scotland) or NIC100012"
            )
        elif self.kind in self.NEEDS_CHARITY_NUMBER and not self.charity_number:
            errors["charity_number"] = "Enter your charity number"
        if self.company_number and not COMPANY_NUMBER.match(self.company_number):
            errors["company_number"] = "Enter a company number like 01234567 or SC123456"
        elif self.kind in self.NEEDS_COMPANY_NUMBER and not self.company_number:
            errors["company_number"] = "Enter your company number"
        if errors:
            raise ValidationError(errors)

    def org_identifier(self, internal_prefix: str) -> str:
        """The 360Giving organisation identifier (see `org_identifier`), ours under the funder's prefix."""
        return org_identifier(
            charity_number=self.charity_number,
            company_number=self.company_number,
            internal_id=f"{internal_prefix}-ORG-{self.pk:05d}" if self.pk is not None else "",
        )


class OrganisationMember(models.Model):
    """Someone who acts for an organisation. The grant that lets them is given with this row."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="organisation_memberships")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="applications_member_one_per_organisation")
        ]

    def __str__(self):
        return f"Member {self.user_id} of {self.organisation_id}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class OrganisationInvitation(models.Model):
    """A colleague invited by email. The link works once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    def __str__(self):
        return f"Invitation {self.pk}"

    def get_absolute_url(self):
        return reverse("applications:invitation_accept", args=[self.token])

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None


class ApplicationQuerySet(models.QuerySet):
    def drafts(self):
        return self.filter(status=Application.Status.DRAFT)

    def submitted(self):
        return self.exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])

    def for_organisations_of(self, user):
        return self.filter(organisation__memberships__user=user)

    def not_withdrawn(self):
        """Applications still standing: a withdrawn one frees its organisation to apply again."""
        return self.exclude(status=Application.Status.WITHDRAWN)

    def shortlisted(self):
        """Those the panel's vote put on the shortlist (the panels app keeps the outcome)."""
        from panels.models import ShortlistOutcome

        return self.filter(shortlist_outcome__outcome=ShortlistOutcome.Outcome.INCLUDED)


class Application(models.Model):
    """An organisation's request for money from one funding round."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted: being checked"
        ELIGIBLE = "eligible", "Eligible: with a panel"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class OtherGround(models.TextChoices):
        """What else, besides a must-have criterion not met, makes staff find an application not eligible."""

        INCOMPLETE = "incomplete", "Yes: it is incomplete"
        OTHER = "other", "Yes: another reason"

    funding_round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="applications")
    project_title = models.CharField(max_length=200, blank=True)
    amount_requested = models.DecimalField(
        "amount asked for (£)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The strand the project fits, in a round whose money is shared between strands: chosen by
    # the applicant and changeable until the application is sent.
    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, null=True, blank=True, related_name="applications")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    reference = models.CharField(max_length=30, unique=True, null=True, blank=True)
    # Goes up by one with every save of the draft: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    eligibility_reason = models.TextField(blank=True)
    other_ground = models.CharField(
        "anything else that stops it going forward",
        max_length=20,
        choices=OtherGround.choices,
        blank=True,
        help_text="Empty when only the must-have criteria decided the eligibility check.",
    )
    eligibility_checked_at = models.DateTimeField(null=True, blank=True)
    eligibility_checked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["funding_round", "organisation"],
                condition=~Q(status="withdrawn"),
                name="applications_one_live_application_per_round",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False, reference__isnull=False),
                name="applications_submitted_has_reference",
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gt=0),
                name="applications_amount_positive",
            ),
        ]

    def __str__(self):
        return self.reference or self.project_title or f"Draft application {self.pk}"

    def get_absolute_url(self):
        return reverse("applications:application_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def tag_colour(self) -> str:
        """The GOV.UK tag colour of its status on lists: eligible green, not eligible red, being checked blue."""
        colours = {self.Status.SUBMITTED: "blue", self.Status.ELIGIBLE: "green", self.Status.NOT_ELIGIBLE: "red"}
        return colours.get(self.status, "grey")

    @property
    def is_being_checked(self) -> bool:
        """Sent, and staff are checking it is complete and meets the must-haves."""
        return self.status == self.Status.SUBMITTED

    @property
    def is_eligible(self) -> bool:
        return self.status == self.Status.ELIGIBLE

    @property
    def is_not_eligible(self) -> bool:
        return self.status == self.Status.NOT_ELIGIBLE

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_being_assessed(self) -> bool:
        """Sent and still in the running: being checked, or eligible and with a panel."""
        return self.is_being_checked or self.is_eligible

    @property
    def can_be_withdrawn(self) -> bool:
        return self.is_being_assessed

    @property
    def is_incomplete(self) -> bool:
        return self.other_ground == self.OtherGround.INCOMPLETE

    def answered_questions(self) -> list[tuple["Question", str]]:
        """Each of the round's questions with this application's answer ("" if none), in order. Two queries."""
        answers = {answer.question_id: answer.text for answer in self.answers.all()}
        questions = self.funding_round.questions.select_related("criterion").order_by("position", "pk")
        return [(question, answers.get(question.pk, "")) for question in questions]

    @property
    def checked_result(self) -> str:
        """How staff and the applicant are told the eligibility check came out."""
        return "eligible" if self.status == self.Status.ELIGIBLE else "not eligible"

    def unmet_eligibility_checks(self) -> list["EligibilityCheck"]:
        """The must-have criteria staff found not met, for the letter to the applicant. One query."""
        checks = self.eligibility_checks.filter(is_met=False).select_related("criterion")
        return list(checks.order_by("criterion__position", "criterion_id"))


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="applications_answer_one_per_question")
        ]

    def __str__(self):
        return f"Answer {self.pk}"


class DraftVersion(models.Model):
    """A save that arrived based on an older version of the draft. Kept, never merged
    silently, so the person can see both and nothing typed is lost."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="set_aside_versions")
    saved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    based_on_version = models.PositiveIntegerField()
    # What they typed, field by field, exactly as sent: shown beside the current draft.
    content = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Set-aside version {self.pk}"


def attachment_path(instance, filename):
    # A random name on disk: the original name is kept only as text, for the download.
    return f"attachments/{uuid.uuid4().hex}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"
        XLSX = "xlsx", "Excel spreadsheet"
        ODT = "odt", "OpenDocument text"
        PNG = "png", "PNG image"
        JPEG = "jpg", "JPEG image"

    MAX_BYTES = 10 * 1024 * 1024
    MAX_PER_APPLICATION = 5
    MIME_TYPES = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt": "application/vnd.oasis.opendocument.text",
        "png": "image/png",
        "jpg": "image/jpeg",
    }

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.original_name

    @property
    def mime_type(self) -> str:
        return self.MIME_TYPES[self.kind]

    @property
    def download_name(self) -> str:
        """A safe name for the download: no path parts or odd characters, the real extension."""
        return safe_download_name(self.original_name, self.kind, fallback="attachment")


class EligibilityCheck(models.Model):
    """Staff's finding on one must-have criterion for one application: a fact, not a score."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="eligibility_checks")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    is_met = models.BooleanField()
    reason = models.TextField(blank=True)
    checked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="applications_one_check_per_criterion")
        ]

    def __str__(self):
        return f"Eligibility check {self.pk}"
