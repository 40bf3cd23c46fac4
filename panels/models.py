"""Volunteer panels: who sits on them, their induction and adjustments, the interests they
declare, and their independent assessments of the applications given to the panel."""

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, org_identifier
from commissioning.models import Criterion, FundingRound, Programme, User
from commissioning.storage import safe_download_name


class Panel(models.Model):
    """A group of older volunteers who assess, shortlist and decide on a share of a round's applications."""

    funding_round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="panels")
    name = models.CharField(max_length=100)
    quorum = models.PositiveSmallIntegerField(
        default=3, help_text="How many members who are not conflicted must take part in a decision."
    )
    # In a round shared between strands, a panel may be given one strand's applications.
    strand = models.ForeignKey(
        "commissioning.Strand",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="panels",
        help_text="Empty when the panel decides on applications from any strand.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        permissions = [("sit_on_panel", "Sit on this panel")]
        constraints = [
            models.UniqueConstraint(fields=["funding_round", "name"], name="panels_panel_unique_name_per_round"),
            models.CheckConstraint(condition=Q(quorum__gte=1), name="panels_panel_quorum_positive"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("panels:panel_detail", args=[self.pk])


def _confirmed_if_taken_down(prefix: str = "") -> Q:
    """An entry staff took down for a member (a paper sheet, a phone vote) stands only once the
    member has confirmed it; an entry the member made themselves stands as it is."""
    return Q(**{f"{prefix}take_down__isnull": True}) | Q(**{f"{prefix}take_down__confirmed_at__isnull": False})


def _conflicted(membership: str, application: str) -> Exists:
    """Whether the member has a conflict on the application, declared or recorded by staff, at
    any time: the one test every "what counts" below is built on (`membership` and `application`
    name the outer query's columns)."""
    return Exists(
        InterestDeclaration.objects.filter(
            membership=OuterRef(membership), application=OuterRef(application), has_conflict=True
        )
    )


class PanelMembershipQuerySet(models.QuerySet):
    def seated(self):
        """Members who sit on their panel now (not invited, declined or ended)."""
        return self.filter(status=PanelMembership.Status.ACCEPTED)

    def taking_part_in(self, application):
        """The seated members of `application`'s panel who take part in it: a conflict, whenever
        it came to light, takes a member out."""
        conflicted = InterestDeclaration.objects.filter(application=application, has_conflict=True)
        return (
            self.seated()
            .filter(panel_id=application.panel_assignment.panel_id)
            .exclude(pk__in=conflicted.values("membership_id"))
        )


class PanelMembership(models.Model):
    """An older volunteer invited to a panel. The grant to sit on it comes when they accept."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        # The seat has ended: staff removed the member, the member left, or their role became
        # staff. The one source of truth for who sits on the panel; the grant goes with it.
        REMOVED = "removed", "No longer on the panel"

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="panel_memberships")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    is_chair = models.BooleanField("chair", default=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = PanelMembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="panels_membership_one_per_panel"),
            models.UniqueConstraint(
                fields=["panel"], condition=Q(is_chair=True), name="panels_membership_one_chair_per_panel"
            ),
        ]

    def __str__(self):
        return f"Panel membership {self.pk}"

    @property
    def is_invited(self) -> bool:
        """Asked, not yet answered."""
        return self.status == self.Status.INVITED

    @property
    def is_accepted(self) -> bool:
        """Sitting on the panel."""
        return self.status == self.Status.ACCEPTED

    @property
    def is_seated_or_invited(self) -> bool:
        """The seat has not ended: staff may still remove it."""
        return self.status in (self.Status.INVITED, self.Status.ACCEPTED)


class PanelAssignment(models.Model):
    """An eligible application given to a panel. Each application goes to one panel."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="assignments")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="panel_assignment")
    assigned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Assignment {self.pk}"


class InductionModule(models.TextChoices):
    PROCESS = "process", "How the process works"
    UNCONSCIOUS_BIAS = "unconscious_bias", "Unconscious bias"
    DISAGREEMENT = "disagreement", "Handling disagreement"
    INTERVIEWING = "interviewing", "Interviewing"
    EQUALITY = "equality", "Equality and diversity"


# The modules a member completes before scoring; interviewing comes before the interviews.
REQUIRED_BEFORE_SCORING = frozenset(
    {InductionModule.PROCESS, InductionModule.UNCONSCIOUS_BIAS, InductionModule.EQUALITY}
)


class InductionCompletion(models.Model):
    """A member finished an induction module, by themselves or at a group session (recorded by staff)."""

    membership = models.ForeignKey(PanelMembership, on_delete=models.CASCADE, related_name="inductions")
    module = models.CharField(max_length=30, choices=InductionModule.choices)
    completed_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "module"], name="panels_induction_once_per_module")
        ]

    def __str__(self):
        return self.get_module_display()


class Adjustment(models.Model):
    """A reasonable adjustment for a member; seen by the member and staff facilitators only."""

    class Kind(models.TextChoices):
        # Paper or phone: the member also scores and votes that way, and staff take it down
        # for them (TakeDown); it counts once the member confirms it.
        PAPER_PACK = "paper_pack", "A paper pack"
        PHONE = "phone", "Taking part by phone"
        LARGE_PRINT = "large_print", "Large print"
        EXTRA_TIME = "extra_time", "Extra time"
        NAMED_CONTACT = "named_contact", "A named person to call"
        OTHER = "other", "Something else"

    membership = models.ForeignKey(PanelMembership, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    details = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.get_kind_display()

    # The adjustment that lets staff take down an entry from each source (TakeDown.Source).
    FOR_SOURCE = {"paper": Kind.PAPER_PACK, "phone": Kind.PHONE}


class InterestDeclaration(models.Model):
    """What a member declared about an application's organisation before opening it: no conflict,
    or a conflict and its nature. Staff may record a conflict they know of."""

    membership = models.ForeignKey(PanelMembership, on_delete=models.CASCADE, related_name="declarations")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="interest_declarations")
    has_conflict = models.BooleanField()
    nature = models.TextField("the nature of the conflict", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "application"], name="panels_declaration_one_per_member_and_application"
            ),
            models.CheckConstraint(
                condition=Q(has_conflict=False) | ~Q(nature=""), name="panels_declaration_conflict_has_nature"
            ),
        ]

    def __str__(self):
        return "Conflict" if self.has_conflict else "No conflict"


class TakeDown(models.Model):
    """A member's paper scoring sheet or phone vote, written down by staff on the member's behalf
    because the member chose paper or phone as an adjustment. The entry itself is an Assessment
    or a Vote like any other (`assessment`, `vote`); it counts only once the member confirms
    it, through the emailed link or by the signed sheet staff attach. Staff never score or vote
    as themselves: the policy's one action for this is `panels.take_down`."""

    class Source(models.TextChoices):
        PAPER = "paper", "signed paper sheet"
        PHONE = "phone", "phone call"

    class Confirmation(models.TextChoices):
        EMAILED_LINK = "emailed_link", "The member confirmed it through the emailed link"
        SIGNED_SHEET = "signed_sheet", "Staff attached the member’s signed sheet"

    membership = models.ForeignKey(PanelMembership, on_delete=models.PROTECT, related_name="take_downs")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="take_downs")
    source = models.CharField(max_length=10, choices=Source.choices)
    taken_down_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    taken_down_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_how = models.CharField(max_length=20, choices=Confirmation.choices, blank=True)
    signed_sheet = models.FileField(upload_to="signed-sheets/", blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True, confirmed_how="")
                | (Q(confirmed_at__isnull=False) & ~Q(confirmed_how="")),
                name="panels_take_down_confirmation_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(confirmed_how="signed_sheet") | ~Q(signed_sheet=""),
                name="panels_take_down_signed_sheet_attached",
            ),
        ]

    def __str__(self):
        return f"Taken down {self.pk}"

    # A confirmation link lasts a fortnight: a member on paper may read their email once a week.
    LINK_DAYS = 14
    _SALT = "panels.confirm_take_down"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    SHEET_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}

    @property
    def sheet_type(self) -> str:
        """The attached sheet's type, from the kind sniffed on upload (kept in its name)."""
        return self.SHEET_TYPES.get(self.signed_sheet.name.rsplit(".", 1)[-1], "application/octet-stream")

    @property
    def entry(self) -> str:
        """What was taken down: "scores" (an assessment) or "vote" (select "assessment" with it)."""
        return "scores" if hasattr(self, "assessment") else "vote"

    def confirmation_token(self) -> str:
        """A signed token for this entry as it was taken down: it confirms nothing else, and
        nothing once staff change the entry (a new link is sent then)."""
        from django.core import signing

        return signing.TimestampSigner(salt=self._SALT).sign_object([self.pk, self.taken_down_at.isoformat()])

    def token_is_valid(self, token: str) -> bool:
        from datetime import timedelta

        from django.core import signing

        try:
            value = signing.TimestampSigner(salt=self._SALT).unsign_object(
                token, max_age=timedelta(days=self.LINK_DAYS)
            )
        except signing.BadSignature:
            return False
        return value == [self.pk, self.taken_down_at.isoformat()]


class AssessmentQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Assessment.Status.SUBMITTED)

    def standing(self):
        """Submitted, and confirmed by the member when staff took it down from a paper sheet: an
        unconfirmed sheet is not the member's assessment yet (nor does it meet a stage's gate)."""
        return self.submitted().filter(_confirmed_if_taken_down())

    def counted(self):
        """The assessments that count: submitted, by a member who still sits on the panel and has
        no conflict on the application (whenever declared or recorded: scores given before staff
        recorded a conflict stop counting), and confirmed by the member if staff took it down."""
        return (
            self.standing()
            .filter(membership__status=PanelMembership.Status.ACCEPTED)
            .exclude(_conflicted("membership", "application"))
        )


class Assessment(models.Model):
    """One member's independent view of one application at one stage."""

    class Stage(models.TextChoices):
        SHORTLISTING = "shortlisting", "Shortlisting"
        INTERVIEWS = "interviews", "Interviews"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    membership = models.ForeignKey(PanelMembership, on_delete=models.PROTECT, related_name="assessments")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="assessments")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.SHORTLISTING)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    overall_comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Staff took it down from the member's paper sheet (see TakeDown); None: the member's own.
    take_down = models.OneToOneField(
        TakeDown, on_delete=models.PROTECT, null=True, blank=True, related_name="assessment"
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "application", "stage"], name="panels_assessment_one_per_member_and_stage"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="panels_assessment_submitted_has_time"
            ),
        ]

    def __str__(self):
        return f"Assessment {self.pk}"

    @property
    def is_submitted(self) -> bool:
        """Sent to the panel: the scores are read-only until the member reopens them."""
        return self.status == self.Status.SUBMITTED


class ScoreQuerySet(models.QuerySet):
    def counted(self):
        """The scores of the assessments that count (`Assessment.objects.counted()`)."""
        return (
            self.filter(
                assessment__status=Assessment.Status.SUBMITTED,
                assessment__membership__status=PanelMembership.Status.ACCEPTED,
            )
            .filter(_confirmed_if_taken_down("assessment__"))
            .exclude(_conflicted("assessment__membership", "assessment__application"))
        )


class Score(models.Model):
    """A score from 0 to 4 against one scored criterion, with the member's comment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="panels_score_unique_per_criterion"),
            models.CheckConstraint(condition=Q(value__lte=4), name="panels_score_within_0_to_4"),
        ]

    def __str__(self):
        return f"Score {self.pk}"


class DiscussionPost(models.Model):
    """A message in a panel's discussion of one application. Members talk it through; staff may
    add facilitation notes, which are shown as such and never count as a view on the application."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="discussion_posts")
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="discussion_posts")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("message")
    is_facilitation_note = models.BooleanField(default=False)
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["posted_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="panels_post_has_words")]

    def __str__(self):
        return f"Post {self.pk}"


class PanelQuestion(models.Model):
    """A member's question to staff (about the process, or about an application). The answer is
    shown to the whole panel, so everyone works from the same facts."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="questions")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="panel_questions"
    )
    asked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("question")
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="panels_question_has_words"),
            models.CheckConstraint(
                condition=Q(answer="", answered_at__isnull=True) | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="panels_question_answer_has_time",
            ),
        ]

    def __str__(self):
        return f"Question {self.pk}"

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)


class TogetherSession(models.Model):
    """A meeting of the panel ("together session"): when, where or on which video link, the agenda,
    and who came."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=120)
    place = models.CharField(max_length=300, blank=True, help_text="The address, with how to find the room.")
    video_link = models.URLField(blank=True)
    agenda = models.TextField(blank=True)
    arranged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    attendees = models.ManyToManyField(PanelMembership, blank=True, related_name="sessions_attended")
    declarations = models.TextField(
        "declarations made at the meeting",
        blank=True,
        help_text="Conflicts of interest members declared at the meeting, for the record and the decision report.",
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(place="") | ~Q(video_link=""), name="panels_session_has_a_place"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=15), name="panels_session_at_least_15_minutes"),
        ]

    def __str__(self):
        return self.title


class VoteQuerySet(models.QuerySet):
    def counted(self):
        """The votes that count: a member who still sits on the panel and has no conflict on the
        application (a seat that ended, or a conflict whenever it came to light, takes the vote out);
        a vote staff took down for the member counts once the member has confirmed it."""
        return (
            self.filter(membership__status=PanelMembership.Status.ACCEPTED)
            .filter(_confirmed_if_taken_down())
            .exclude(_conflicted("membership", "application"))
        )


class Vote(models.Model):
    """One non-conflicted member's vote on one application: include it on the shortlist or not
    (shortlisting), or fund, fund with conditions or decline (decision). Voting again changes the
    vote; each change is in the audit trail."""

    class Stage(models.TextChoices):
        SHORTLISTING = "shortlisting", "Shortlisting"
        DECISION = "decision", "Decision"

    class Choice(models.TextChoices):
        INCLUDE = "include", "Include on the shortlist"
        EXCLUDE = "exclude", "Do not include"
        FUND = "fund", "Fund"
        FUND_WITH_CONDITIONS = "fund_with_conditions", "Fund with conditions"
        DECLINE = "decline", "Decline"

    SHORTLIST_CHOICES = (Choice.INCLUDE, Choice.EXCLUDE)
    DECISION_CHOICES = (Choice.FUND, Choice.FUND_WITH_CONDITIONS, Choice.DECLINE)

    membership = models.ForeignKey(PanelMembership, on_delete=models.PROTECT, related_name="votes")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="votes")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    choice = models.CharField(max_length=30, choices=Choice.choices)
    amount = models.DecimalField("amount (£)", max_digits=12, decimal_places=2, null=True, blank=True)
    conditions = models.TextField(blank=True)
    cast_at = models.DateTimeField(default=timezone.now)
    # Staff took it down from the member's phone call or paper sheet (see TakeDown).
    take_down = models.OneToOneField(TakeDown, on_delete=models.PROTECT, null=True, blank=True, related_name="vote")

    objects = VoteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "application", "stage"], name="panels_vote_one_per_member_and_stage"
            ),
            models.CheckConstraint(
                condition=(Q(stage="shortlisting") & Q(choice__in=["include", "exclude"]) & Q(amount__isnull=True))
                | (Q(stage="decision") & Q(choice__in=["fund", "fund_with_conditions", "decline"])),
                name="panels_vote_choice_fits_stage",
            ),
        ]

    def __str__(self):
        return f"Vote {self.pk}"


class ShortlistOutcome(models.Model):
    """Where the shortlist vote on an application stands, recounted by the service after every vote
    or recorded conflict: included, not included, a tie (back to discussion) or waiting for enough
    votes. Kept in a row so the applicant's status page and the interviews can read it."""

    class Outcome(models.TextChoices):
        AWAITING = "awaiting", "Waiting for enough votes"
        INCLUDED = "included", "Shortlisted"
        NOT_INCLUDED = "not_included", "Not shortlisted"
        TIE = "tie", "A tie: back to discussion"

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="shortlist_outcome")
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="shortlist_outcomes")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.AWAITING)
    include_votes = models.PositiveSmallIntegerField(default=0)
    exclude_votes = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.get_outcome_display()

    @classmethod
    def is_shortlisted(cls, application) -> bool:
        """Whether the panel's vote put `application` on the shortlist (reads the loaded row if any)."""
        outcome = getattr(application, "shortlist_outcome", None)
        return outcome is not None and outcome.outcome == cls.Outcome.INCLUDED


class InterviewSlot(models.Model):
    """A time the panel offers to interview a shortlisted organisation. The organisation books one,
    or staff book it for them; a slot holds one organisation."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="interview_slots")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    place = models.CharField(max_length=300, blank=True)
    video_link = models.URLField(blank=True)
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="interview_slot"
    )
    booked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    booked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "starts_at"], name="panels_slot_one_per_time"),
            models.CheckConstraint(condition=~Q(place="") | ~Q(video_link=""), name="panels_slot_has_a_place"),
            models.CheckConstraint(
                condition=Q(application__isnull=True, booked_at__isnull=True)
                | Q(application__isnull=False, booked_at__isnull=False),
                name="panels_slot_booking_has_time",
            ),
        ]

    def __str__(self):
        return f"Interview slot {self.pk}"

    @property
    def is_free(self) -> bool:
        return self.application_id is None


class InterviewQuestion(models.Model):
    """A question the panel will ask at interviews: for every organisation, or for one."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="interview_questions")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="interview_questions"
    )
    text = models.TextField("question")
    position = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="panels_interview_question_has_words")]

    def __str__(self):
        return self.text[:60]


class FundingDecision(models.Model):
    """The panel's decision on one shortlisted application: fund, fund with conditions or decline,
    with the amount, any conditions and the panel's rationale. It follows the members' decision
    votes (see panels/voting.py); the service that records it keeps the round within its budget."""

    class Outcome(models.TextChoices):
        FUND = "fund", "Fund"
        FUND_WITH_CONDITIONS = "fund_with_conditions", "Fund with conditions"
        DECLINE = "decline", "Decline"

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="funding_decision")
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="funding_decisions")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    amount_awarded = models.DecimalField("amount awarded (£)", max_digits=12, decimal_places=2, null=True, blank=True)
    conditions = models.TextField(blank=True)
    rationale = models.TextField("the panel's reasons")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    # Who the grant was for and what for, as they were when the panel decided (`as_decided`):
    # the published grants, the decision report, the letter and the emails read these, so they
    # never change when an organisation renames itself or edits its details afterwards.
    recipient_name = models.CharField("recipient's name when decided", max_length=200)
    recipient_charity_number = models.CharField(max_length=12, blank=True)
    recipient_company_number = models.CharField(max_length=8, blank=True)
    recipient_town = models.CharField("recipient's town or city", max_length=100, blank=True)
    project_title = models.CharField("project title when decided", max_length=200, blank=True)
    grant_description = models.TextField("the grant's description for open data", blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(recipient_name=""), name="panels_decision_keeps_recipient"),
            models.CheckConstraint(condition=~Q(rationale=""), name="panels_decision_has_rationale"),
            models.CheckConstraint(
                condition=(Q(outcome="decline") & Q(amount_awarded__isnull=True))
                | (~Q(outcome="decline") & Q(amount_awarded__gt=0)),
                name="panels_decision_amount_fits_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="fund_with_conditions") | ~Q(conditions=""),
                name="panels_decision_conditions_stated",
            ),
        ]

    def __str__(self):
        return self.get_outcome_display()

    @staticmethod
    def as_decided(application: Application, *, outcome: str) -> dict:
        """The recipient's name, numbers and town and the project's title and description, as
        they are now: the fields a decision keeps when it is made (or made again). Reads the
        application's organisation, round and programme."""
        organisation, funding_round = application.organisation, application.funding_round
        description = ""
        if outcome != FundingDecision.Outcome.DECLINE:
            description = (
                f"{organisation.name} was given this grant for “{application.project_title}” by "
                f"{funding_round.programme.name} ({funding_round.title}). A panel of older volunteers decided it."
            )
        return {
            "recipient_name": organisation.name,
            "recipient_charity_number": organisation.charity_number,
            "recipient_company_number": organisation.company_number,
            "recipient_town": organisation.town,
            "project_title": application.project_title,
            "grant_description": description,
        }

    def recipient_org_identifier(self, internal_prefix: str) -> str:
        """The recipient's 360Giving organisation identifier from the numbers kept when decided."""
        return org_identifier(
            charity_number=self.recipient_charity_number,
            company_number=self.recipient_company_number,
            internal_id=f"{internal_prefix}-ORG-{self.application.organisation_id:05d}",
        )

    @property
    def is_funded(self) -> bool:
        return self.outcome != self.Outcome.DECLINE

    @property
    def has_conditions(self) -> bool:
        return self.outcome == self.Outcome.FUND_WITH_CONDITIONS


class CriterionFeedback(models.Model):
    """What the panel says to an applicant about one criterion: its strengths and what could be
    better. Written by the panel's members, it goes into the feedback letter."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="criterion_feedback")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    strengths = models.TextField(blank=True)
    could_be_better = models.TextField("what could be better", blank=True)
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="panels_feedback_one_per_criterion")
        ]

    def __str__(self):
        return f"Feedback {self.pk}"


class AgreementToProceed(models.Model):
    """The panel's agreement to go on to its decisions without every interview score: for one
    shortlisted application, or for all of the panel's (no application). Who, when and why."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="agreements_to_proceed")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="agreements_to_proceed"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField("why the panel agreed to go on")

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="panels_agreement_has_reason")]

    def __str__(self):
        return f"Agreement to proceed {self.pk}"


class BackgroundBuild(models.Model):
    """A PDF built in the background (by a worker in production): queued, building (with how far
    it has got), ready with its file, or failed with the reason in plain words."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        BUILDING = "building", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    # When a worker took it: one "being built" for longer than BUILD_TIME_LIMIT has lost its worker.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    seconds_taken = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-pk"]

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def has_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def is_building(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)


class DecisionReport(BackgroundBuild):
    """A round's decision report (PDF), built in the background. One build at a time per round."""

    funding_round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="decision_reports")
    file = models.FileField(upload_to="reports/", blank=True)

    class Meta(BackgroundBuild.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["funding_round"],
                condition=Q(status__in=["queued", "building"]),
                name="panels_report_one_build_at_a_time",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="panels_report_progress_to_100"),
        ]

    def __str__(self):
        return f"Decision report {self.pk}"


class PackBuild(BackgroundBuild):
    """One member's panel pack (PDF), built in the background when the member, or staff for
    them, ask for it. One build at a time per member's seat; a newer pack replaces the older.

    `contents` says what went in (applications, declaration sheets, large print) and the round's
    status when it was gathered, so that a pack overtaken by events is not handed out."""

    membership = models.ForeignKey(PanelMembership, on_delete=models.CASCADE, related_name="pack_builds")
    file = models.FileField(upload_to="packs/", blank=True)
    contents = models.JSONField(default=dict, blank=True)

    class Meta(BackgroundBuild.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(status__in=["queued", "building"]),
                name="panels_pack_one_build_at_a_time",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="panels_pack_progress_to_100"),
        ]

    def __str__(self):
        return f"Panel pack {self.pk}"

    DECLARED_SINCE = (
        "Declarations of interest have changed since this pack was prepared, so it may hold an "
        "application that should not be in it, or miss one. Prepare a new pack."
    )
    STAGE_MOVED_ON = "The round has moved on since this pack was prepared. Prepare a new pack."

    def why_out_of_date(self) -> str:
        """Why this ready pack may no longer be handed out, or "" while it stands: a declaration
        recorded since it was asked for (a new conflict must never be printed), or a round moved
        on to another stage (the interviews' pack holds other things). One query; `membership`
        comes with its panel and round loaded."""
        if self.contents.get("round_status") != self.membership.panel.funding_round.status:
            return self.STAGE_MOVED_ON
        if self.membership.declarations.filter(declared_at__gte=self.requested_at).exists():
            return self.DECLARED_SINCE
        return ""


class ReminderSent(models.Model):
    """A reminder stored for one person about one event, so that nobody is reminded twice of the
    same together session, interview or scoring deadline (`send_reminders` reads it). Written even
    when the person's email choice left the reminder out, so a later run does not weigh it again."""

    class Kind(models.TextChoices):
        SESSION = "session", "Together session"
        INTERVIEW = "interview", "Interview"
        SCORING = "scoring", "Scoring due"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reminders_sent")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What it was about: a session's or interview slot's key, or a panel's scoring stage.
    event = models.CharField(max_length=100)
    email = models.ForeignKey(
        "commissioning.OutgoingEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "event"], name="panels_reminder_once_per_event"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder ({self.event})"


# Volunteers' expenses and honoraria -------------------------------------------------------


class ExpenseRules(models.Model):
    """What a programme pays back to its volunteers: whether taxis are paid, the mileage rate,
    whether receipts are needed, and the honorarium offered (if any). A programme without a row
    has the defaults below (`ExpenseRules.of`)."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="expense_rules")
    allows_taxis = models.BooleanField("taxis are paid", default=True)
    mileage_pence_per_mile = models.PositiveSmallIntegerField("mileage rate (pence per mile)", default=45)
    needs_receipts = models.BooleanField("a receipt is needed for every claim except mileage", default=True)
    offers_honorarium = models.BooleanField("an honorarium is offered", default=False)
    honorarium_amount = models.DecimalField(
        "honorarium (£)", max_digits=8, decimal_places=2, null=True, blank=True, help_text="Paid once per panel seat."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(mileage_pence_per_mile__gte=1, mileage_pence_per_mile__lte=200),
                name="panels_expense_rules_mileage_rate_sensible",
                violation_error_message="The mileage rate must be between 1 and 200 pence per mile.",
            ),
            models.CheckConstraint(
                condition=Q(offers_honorarium=False) | Q(honorarium_amount__gt=0),
                name="panels_expense_rules_honorarium_has_amount",
                violation_error_message="Enter the honorarium, or untick that the programme offers one.",
            ),
        ]

    def __str__(self):
        return f"Expense rules {self.pk}"

    @classmethod
    def of(cls, programme) -> "ExpenseRules":
        """The programme's rules: its own row, or (unsaved) the defaults. Reads the loaded row if any."""
        try:
            return programme.expense_rules
        except cls.DoesNotExist:
            return cls(programme=programme)

    @property
    def mileage_rate(self) -> Decimal:
        """Pounds per mile, exactly."""
        return Decimal(self.mileage_pence_per_mile) / 100


def receipt_path(instance, filename):
    # A random name in the store: the original name is kept only as text, for the download.
    return f"receipts/{uuid.uuid4().hex}"


class ExpenseClaimQuerySet(models.QuerySet):
    def of_programme(self, programme):
        return self.filter(membership__panel__funding_round__programme=programme)

    def paid(self):
        return self.filter(status=ExpenseClaim.Status.PAID)


class ExpenseClaim(models.Model):
    """A member's claim for what taking part cost them: travel (bus, taxi or mileage), a carer's
    or companion's costs, or another agreed cost, for a together session, an interview day or the
    panel's work in general. Staff approve it, query it (the member sees why and replies) or mark
    it paid. Amounts are exact pounds and pence; mileage is worked out from the miles."""

    class Kind(models.TextChoices):
        BUS = "bus", "Bus, tram or train fare"
        TAXI = "taxi", "Taxi"
        MILEAGE = "mileage", "Mileage in your own car"
        CARER = "carer", "A carer's or companion's costs"
        OTHER = "other", "Another cost agreed with staff"

    class Occasion(models.TextChoices):
        SESSION = "session", "A together session"
        INTERVIEWS = "interviews", "An interview day"
        PANEL = "panel", "Other panel work"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for staff"
        QUERIED = "queried", "Staff have a question"
        APPROVED = "approved", "Approved"
        PAID = "paid", "Paid"

    # Which status each can move to, and who moves it: staff approve, query and pay; the member
    # answers a query, which sends the claim back to staff.
    TRANSITIONS = {
        Status.SUBMITTED: (Status.APPROVED, Status.QUERIED),
        Status.QUERIED: (Status.SUBMITTED,),
        Status.APPROVED: (Status.PAID,),
        Status.PAID: (),
    }
    RECEIPT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
    MAX_RECEIPT_BYTES = 10 * 1024 * 1024
    # More than this in one claim is almost certainly a typing slip; staff pay larger costs another way.
    LARGEST_CLAIM = Decimal("1000")
    LONGEST_TRIP_MILES = Decimal("500")

    membership = models.ForeignKey(PanelMembership, on_delete=models.PROTECT, related_name="expense_claims")
    kind = models.CharField("what the cost was", max_length=20, choices=Kind.choices)
    occasion = models.CharField("what it was for", max_length=20, choices=Occasion.choices)
    session = models.ForeignKey(
        TogetherSession, on_delete=models.PROTECT, null=True, blank=True, related_name="expense_claims"
    )
    spent_on = models.DateField("date of the cost")
    description = models.CharField(max_length=300, blank=True)
    miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField("amount (£)", max_digits=8, decimal_places=2)
    receipt = models.FileField(upload_to=receipt_path, blank=True)
    receipt_name = models.CharField(max_length=200, blank=True)
    receipt_kind = models.CharField(max_length=5, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    query_reason = models.TextField("staff's question", blank=True)
    member_reply = models.TextField("the member's answer", blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    objects = ExpenseClaimQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0, amount__lte=1000),
                name="panels_expense_amount_within_limits",
                violation_error_message="The amount must be more than £0 and no more than £1,000.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="mileage") | Q(miles__gt=0),
                name="panels_expense_mileage_has_miles",
                violation_error_message="Enter how many miles you drove.",
            ),
            models.CheckConstraint(
                condition=~Q(status="queried") | ~Q(query_reason=""),
                name="panels_expense_query_has_reason",
                violation_error_message="Write what you need to know, so the member can answer.",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_at__isnull=False),
                name="panels_expense_paid_has_time",
                violation_error_message="A paid claim needs the time it was paid.",
            ),
        ]

    def __str__(self):
        return f"Expense claim {self.pk}"

    def get_absolute_url(self):
        return reverse("panels:expense_detail", args=[self.pk])

    @property
    def is_queried(self) -> bool:
        return self.status == self.Status.QUERIED

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.PAID

    def can_move_to(self, status) -> bool:
        return status in self.TRANSITIONS[self.status]

    @property
    def can_be_approved(self) -> bool:
        return self.can_move_to(self.Status.APPROVED)

    @property
    def can_be_queried(self) -> bool:
        return self.can_move_to(self.Status.QUERIED)

    @property
    def can_be_paid(self) -> bool:
        return self.can_move_to(self.Status.PAID)

    @property
    def receipt_download_name(self) -> str:
        return safe_download_name(self.receipt_name, self.receipt_kind, fallback="receipt")

    @property
    def receipt_mime_type(self) -> str:
        return self.RECEIPT_TYPES[self.receipt_kind]


class Honorarium(models.Model):
    """A member's honorarium for one panel seat, where the programme offers one: declined by the
    member (for example because of their benefits), or paid by staff. Private: only the member
    and staff see it; the decision report counts them and names nobody."""

    class Status(models.TextChoices):
        DECLINED = "declined", "Declined"
        PAID = "paid", "Paid"

    membership = models.OneToOneField(PanelMembership, on_delete=models.PROTECT, related_name="honorarium")
    status = models.CharField(max_length=20, choices=Status.choices)
    amount = models.DecimalField("amount (£)", max_digits=8, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="declined") & Q(amount__isnull=True)) | (Q(status="paid") & Q(amount__gt=0)),
                name="panels_honorarium_amount_fits_status",
                violation_error_message="A paid honorarium needs its amount; a declined one has none.",
            )
        ]

    def __str__(self):
        return self.get_status_display()

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.PAID


# Strands (issue 15): money moved between strands, and portfolios tried out before voting.


class StrandTransfer(models.Model):
    """Money a panel moved from one strand to another, or from the round's reserve, with the
    panel's reasons. Only a panel's members record it, while they decide (the policy's veto keeps
    staff out); the service keeps every strand and the round within its money."""

    funding_round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="strand_transfers")
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="strand_transfers")
    from_strand = models.ForeignKey(
        "commissioning.Strand",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_out",
        help_text="Empty when the money came from the round's reserve.",
    )
    to_strand = models.ForeignKey("commissioning.Strand", on_delete=models.PROTECT, related_name="transfers_in")
    amount = models.DecimalField("amount moved (£)", max_digits=12, decimal_places=2)
    rationale = models.TextField("the panel's reasons")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="panels_strand_transfer_amount_positive"),
            models.CheckConstraint(condition=~Q(rationale=""), name="panels_strand_transfer_has_rationale"),
            models.CheckConstraint(
                condition=~Q(from_strand=models.F("to_strand")), name="panels_strand_transfer_between_two"
            ),
        ]

    def __str__(self):
        return f"Money moved {self.pk}"


class PortfolioDraft(models.Model):
    """A portfolio the panel tries out before it votes: fund or decline ticked for each shortlisted
    application, to see the totals per strand. The panel's shared draft has no owner; a member's
    private one is theirs alone. A draft is never a vote or a decision, and nothing counts it."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="portfolio_drafts")
    owner = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the panel's shared draft.",
    )
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "owner"], condition=Q(owner__isnull=False), name="panels_portfolio_one_per_member"
            ),
            models.UniqueConstraint(
                fields=["panel"], condition=Q(owner__isnull=True), name="panels_portfolio_one_shared_per_panel"
            ),
        ]

    def __str__(self):
        return f"Portfolio draft {self.pk}"

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None


class PortfolioChoice(models.Model):
    """One tick in a portfolio draft: fund (with an amount) or decline one application."""

    class Choice(models.TextChoices):
        FUND = "fund", "Fund"
        DECLINE = "decline", "Decline"

    draft = models.ForeignKey(PortfolioDraft, on_delete=models.CASCADE, related_name="choices")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    amount = models.DecimalField("amount (£)", max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "application"], name="panels_portfolio_choice_once"),
            models.CheckConstraint(
                condition=(Q(choice="decline") & Q(amount__isnull=True)) | (Q(choice="fund") & Q(amount__gt=0)),
                name="panels_portfolio_choice_amount_fits",
            ),
        ]

    def __str__(self):
        return self.get_choice_display()
