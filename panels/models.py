"""Volunteer panels: who sits on them, their induction and adjustments, the interests they
declare, and their independent assessments of the applications given to the panel."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from commissioning.models import Criterion, FundingRound, User


class Panel(models.Model):
    """A group of older volunteers who assess, shortlist and decide on a share of a round's applications."""

    funding_round = models.ForeignKey(FundingRound, on_delete=models.PROTECT, related_name="panels")
    name = models.CharField(max_length=100)
    quorum = models.PositiveSmallIntegerField(
        default=3, help_text="How many members who are not conflicted must take part in a decision."
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


class PanelMembership(models.Model):
    """An older volunteer invited to a panel. The grant to sit on it comes when they accept."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="panel_memberships")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    is_chair = models.BooleanField("chair", default=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="panels_membership_one_per_panel"),
            models.UniqueConstraint(
                fields=["panel"], condition=Q(is_chair=True), name="panels_membership_one_chair_per_panel"
            ),
        ]

    def __str__(self):
        return f"Panel membership {self.pk}"


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
        PAPER_PACK = "paper_pack", "A paper pack"
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


class Assessment(models.Model):
    """One member's independent view of one application at one stage."""

    class Stage(models.TextChoices):
        SHORTLISTING = "shortlisting", "Shortlisting"
        INTERVIEW = "interview", "Interview"

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


class Score(models.Model):
    """A score from 0 to 4 against one scored criterion, with the member's comment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="panels_score_unique_per_criterion"),
            models.CheckConstraint(condition=Q(value__lte=4), name="panels_score_within_0_to_4"),
        ]

    def __str__(self):
        return f"Score {self.pk}"
