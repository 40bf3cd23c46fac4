"""Core models: people, the audit trail, programmes and funding rounds with their
timeline, the criteria older people agree, and the questions on the application form."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from commissioning import audit, gates


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is needed to create an account.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.PERSON)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        """`createsuperuser` makes an administrator: Django admin, never a panel vote."""
        extra_fields.update(role=User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # People type their email in any case; we store it lower-cased.
        return self.get(**{self.model.USERNAME_FIELD: username.strip().lower()})


class User(AbstractBaseUser, PermissionsMixin):
    """Someone with an account. Email is the login.

    `role` holds the two paid or technical roles. Everyone else is a *person*:
    an older volunteer or an applicant, whose roles come from memberships
    (criteria group, panel, organisation) rather than from this field.
    """

    class Role(models.TextChoices):
        PERSON = "person", "Volunteer or applicant"
        FACILITATOR = "facilitator", "Staff facilitator"
        ADMINISTRATOR = "administrator", "Administrator"

    class EmailChoice(models.TextChoices):
        """How much email the person wants. Essentials (sign-in links, password resets, receipts,
        decisions) always go; see OutgoingEmail.Importance."""

        EVERYTHING = "everything", "Everything"
        NEEDS_ME = "needs_me", "Only what needs me"
        ESSENTIALS = "essentials", "Nothing but essentials"

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PERSON)
    prefers_larger_text = models.BooleanField("larger text", default=False)
    prefers_high_contrast = models.BooleanField("high contrast", default=False)
    email_choice = models.CharField(
        "emails wanted", max_length=20, choices=EmailChoice.choices, default=EmailChoice.EVERYTHING
    )
    is_active = models.BooleanField("active", default=True)
    # Django's flag for the admin site; only administrators have it (see constraints).
    is_staff = models.BooleanField("can use Django admin", default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "user"
        constraints = [
            # A facilitator or volunteer must never hold Django's all-permissions flag
            # or the admin flag: those belong to the administrator role alone.
            models.CheckConstraint(
                condition=Q(role="administrator") | Q(is_superuser=False, is_staff=False),
                name="commissioning_user_only_administrators_are_superusers",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_absolute_url(self):
        return reverse("commissioning:account")

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def wants_email(self, importance: str) -> bool:
        """Whether an email of this `importance` (OutgoingEmail.Importance) goes to this person."""
        wanted = {
            self.EmailChoice.EVERYTHING: OutgoingEmail.Importance.values,
            self.EmailChoice.NEEDS_ME: [OutgoingEmail.Importance.ESSENTIAL, OutgoingEmail.Importance.NEEDS_ME],
            self.EmailChoice.ESSENTIALS: [OutgoingEmail.Importance.ESSENTIAL],
        }
        return importance in wanted.get(self.email_choice, OutgoingEmail.Importance.values)

    @property
    def is_administrator(self) -> bool:
        return self.role == self.Role.ADMINISTRATOR or self.is_superuser


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditEvent.Immutable("The activity log cannot be changed.")

    def delete(self):
        raise AuditEvent.Immutable("The activity log cannot be deleted.")

    def for_target(self, obj):
        return self.filter(target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk))


class AuditEvent(models.Model):
    """One line of the activity log: who did what to what, and when.

    Append-only. Services write events through `commissioning.services.record_event`;
    nothing edits or deletes them. The actor and target are also kept as text, so the
    line still reads right if a name changes later.
    """

    class Immutable(Exception):
        pass

    # PROTECT: someone who appears in the log is deactivated, never deleted.
    actor = models.ForeignKey(
        "commissioning.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        help_text="Empty when the system acted (for example a scheduled task).",
    )
    actor_label = models.CharField(max_length=200, blank=True)
    # A namespaced verb such as "panels.decision_recorded", registered by its app in
    # commissioning/audit.py; no `choices`, so a new verb needs no migration here.
    verb = models.CharField(max_length=100)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["target_type", "target_id"], name="commissioning_audit_target")]

    def __str__(self):
        return f"{self.actor_label or 'The system'} {self.verb_description}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise self.Immutable("The activity log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise self.Immutable("The activity log cannot be deleted.")

    @property
    def verb_description(self) -> str:
        """What the actor did, in the plain words the verb's app registered."""
        return audit.describe(self.verb)


# Programmes, funding rounds and their timeline -------------------------------------


class Programme(models.Model):
    """A funder's programme, such as Time to Shine, that runs one or more funding rounds."""

    name = models.CharField(max_length=200)
    funder_name = models.CharField("funder's name", max_length=200)
    funder_rules = models.TextField("the funder's rules", blank=True)
    accountability_note = models.TextField(
        blank=True, help_text="What the funder needs to see to be sure the money was given out fairly."
    )
    funder_org_id = models.CharField(
        "funder's 360Giving organisation identifier",
        max_length=100,
        blank=True,
        help_text="For example GB-CHC-1036733.",
    )
    grant_id_prefix = models.CharField(
        "360Giving grant identifier prefix",
        max_length=100,
        blank=True,
        help_text="Your 360Giving prefix, for example 360G-tnlcomfund.",
    )
    # Who people call or write to for help, shown at the foot of every page about this
    # programme's rounds and panels (otherwise the service's own contact from settings).
    contact_name = models.CharField(
        "named contact", max_length=150, blank=True, help_text="A person people can ask for, for example Sam Staff."
    )
    contact_phone = models.CharField(
        "contact phone number", max_length=40, blank=True, help_text="For example 0113 123 4567."
    )
    contact_email = models.EmailField("contact email address", blank=True)
    contact_hours = models.CharField(
        "when to call", max_length=150, blank=True, help_text="For example Monday to Friday, 9am to 5pm."
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("commissioning:programme_edit", args=[self.pk])


class FundingRoundQuerySet(models.QuerySet):
    def that_have_reached(self, stage):
        """Rounds at `stage` or past it."""
        return self.filter(status__in=FundingRound.Status(stage).and_later())

    def that_are_before(self, stage):
        """Rounds not yet at `stage`."""
        return self.exclude(status__in=FundingRound.Status(stage).and_later())

    def that_are_between(self, first, last):
        """Rounds at `first`, at `last` or at a stage between them."""
        return self.filter(status__in=FundingRound.Status(first).through(last))

    def published(self):
        """Rounds the public can see: from the moment applications open."""
        return self.that_have_reached(FundingRound.Status.OPEN)

    def open_for_applications(self):
        return self.filter(status=FundingRound.Status.OPEN)

    def decided(self):
        """Rounds whose panels have decided: from feedback on, their grants are published."""
        return self.filter(status__in=FundingRound.Status.FEEDBACK.and_later())

    def open_or_decided(self):
        """The home page's two lists, read in one query (split by FundingRound.decisions_are_told)."""
        return self.open_for_applications() | self.decided()


class FundingRound(models.Model):
    """One call for applications: its money, its timeline and the criteria older people agree."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Being set up"
        CRITERIA = "criteria", "Agreeing the criteria"
        OPEN = "open", "Open for applications"
        ELIGIBILITY = "eligibility", "Checking eligibility"
        SHORTLISTING = "shortlisting", "Shortlisting"
        INTERVIEWS = "interviews", "Interviews"
        DECISION = "decision", "Deciding"
        FEEDBACK = "feedback", "Feedback to applicants"
        CLOSED = "closed", "Closed"

        # The one order of the stages: the order they are written in above. Every "this
        # stage or later" is asked through these, never written out as a list of statuses.
        @property
        def rank(self) -> int:
            return list(type(self)).index(self)

        def and_later(self) -> list:
            """This stage and every stage after it."""
            return [stage for stage in type(self) if stage.rank >= self.rank]

        def through(self, last) -> list:
            """This stage, `last` and every stage between them."""
            return [stage for stage in self.and_later() if stage.rank <= type(self)(last).rank]

    # The only moves a round can make, one stage forward at a time.
    NEXT_STATUS = {
        Status.DRAFT: Status.CRITERIA,
        Status.CRITERIA: Status.OPEN,
        Status.OPEN: Status.ELIGIBILITY,
        Status.ELIGIBILITY: Status.SHORTLISTING,
        Status.SHORTLISTING: Status.INTERVIEWS,
        Status.INTERVIEWS: Status.DECISION,
        Status.DECISION: Status.FEEDBACK,
        Status.FEEDBACK: Status.CLOSED,
    }

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in the web address of the round.")
    summary = models.TextField("plain-English summary", help_text="What the money is for, in a few sentences.")
    budget = models.DecimalField("budget (£)", max_digits=12, decimal_places=2)
    minimum_grant = models.DecimalField("smallest grant (£)", max_digits=12, decimal_places=2)
    maximum_grant = models.DecimalField("largest grant (£)", max_digits=12, decimal_places=2)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    minutes_per_application = models.PositiveIntegerField(
        "minutes a volunteer needs per application",
        default=60,
        help_text="Volunteers see this before they agree to join a panel.",
    )
    criteria_quorum = models.PositiveIntegerField(
        "responses needed to agree a criterion",
        default=5,
        help_text="A criterion is agreed when at least this many of the criteria group have responded "
        "and nobody objects.",
    )
    recovery_gap_days = models.PositiveIntegerField(
        "days of rest between volunteer stages",
        default=7,
        help_text="The shortest gap you want between stages that ask a lot of volunteers.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = FundingRoundQuerySet.as_manager()

    class Meta:
        permissions = [("sit_on_criteria_group", "Sit on the criteria group of this round")]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="commissioning_round_budget_positive"),
            models.CheckConstraint(condition=Q(minimum_grant__gt=0), name="commissioning_round_minimum_positive"),
            models.CheckConstraint(
                condition=Q(minimum_grant__lte=models.F("maximum_grant")),
                name="commissioning_round_minimum_within_maximum",
            ),
            models.CheckConstraint(
                condition=Q(maximum_grant__lte=models.F("budget")),
                name="commissioning_round_maximum_within_budget",
            ),
            models.CheckConstraint(condition=Q(criteria_quorum__gte=1), name="commissioning_round_quorum_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("commissioning:round_detail", args=[self.slug])

    def clean(self):
        super().clean()
        errors = {}
        if self.budget is not None and self.budget <= 0:
            errors["budget"] = "The budget must be more than £0"
        if self.minimum_grant is not None and self.minimum_grant <= 0:
            errors["minimum_grant"] = "The smallest grant must be more than £0"
        if self.minimum_grant and self.maximum_grant and self.minimum_grant > self.maximum_grant:
            errors["maximum_grant"] = "The largest grant must be the same as or more than the smallest grant"
        elif self.maximum_grant and self.budget and self.maximum_grant > self.budget:
            errors["maximum_grant"] = "The largest grant cannot be more than the whole budget"
        if errors:
            raise ValidationError(errors)

    @property
    def is_locked(self) -> bool:
        """From the moment applications open, criteria, weights and questions are fixed."""
        return self.has_reached(self.Status.OPEN)

    def has_reached(self, stage) -> bool:
        """Whether the round is at `stage` or past it: the one way to ask "this stage or later"."""
        return self.Status(self.status).rank >= self.Status(stage).rank

    def is_before(self, stage) -> bool:
        """Whether the round has not yet reached `stage`."""
        return not self.has_reached(stage)

    def is_at(self, stage) -> bool:
        """Whether the round is at `stage` now (a misspelt stage raises, as it does above)."""
        return self.Status(self.status) == self.Status(stage)

    def is_between(self, first, last) -> bool:
        """Whether the round is at `first`, at `last` or at a stage between them."""
        return self.Status(self.status) in self.Status(first).through(last)

    @property
    def decisions_are_told(self) -> bool:
        """From feedback to applicants on, applicants may read their decision."""
        return self.has_reached(self.Status.FEEDBACK)

    @property
    def next_status(self):
        return self.NEXT_STATUS.get(self.Status(self.status))

    def stage(self, kind):
        """This round's stage of `kind`, from the prefetched stages when there are any."""
        return next((stage for stage in self.stages.all() if stage.kind == kind), None)

    @property
    def is_open_for_applications(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def criteria_stage(self):
        """When the criteria group agrees the criteria (from the prefetched stages), if set."""
        return self.stage(Stage.Kind.CRITERIA)

    @property
    def open_stage(self):
        """When the round takes applications (from the prefetched stages), if set."""
        return self.stage(Stage.Kind.OPEN)

    @property
    def eligibility_stage(self):
        return self.stage(Stage.Kind.ELIGIBILITY)

    @property
    def shortlisting_stage(self):
        return self.stage(Stage.Kind.SHORTLISTING)

    @property
    def applications_close_on(self):
        """The last day applications are taken (they close at midnight at its end)."""
        stage = self.stage(Stage.Kind.OPEN)
        return stage.ends_on if stage else None

    @property
    def application_deadline(self):
        """The moment applications close: midnight at the end of the open stage's last day, UK time."""
        stage = self.stage(Stage.Kind.OPEN)
        if stage is None:
            return None
        end_of_day = datetime.combine(stage.ends_on + timedelta(days=1), time.min)
        return end_of_day.replace(tzinfo=ZoneInfo("Europe/London"))

    def recovery_warnings(self) -> list[str]:
        """Where volunteers get less rest between demanding stages than this round promises."""
        heavy = [stage for stage in self.stages.all() if stage.is_volunteer_heavy]
        warnings = []
        for earlier, later in zip(heavy, heavy[1:], strict=False):
            rest = (later.starts_on - earlier.ends_on).days - 1
            if rest < self.recovery_gap_days:
                warnings.append(
                    f"Volunteers get only {rest} day{'s' if rest != 1 else ''} of rest between "
                    f"“{earlier}” and “{later}”. This round promises at least {self.recovery_gap_days}."
                )
        return warnings

    def gate_failures(self, now=None) -> list[str]:
        """What must be true before this round moves to its next stage, and is not yet: the
        unmet reasons of every gate registered for the move (commissioning/gates.py)."""
        if self.next_status is None:
            return ["This round is closed."]
        checklist = gates.checklist(self, now) if now else self.gate_checklist
        return [reason for check in checklist for reason in check.unmet]

    @cached_property
    def gate_checklist(self):
        """Every gate on the next move, met or not: what staff see before they move the round.
        Worked out once per object: the service that moves the round reloads it first."""
        return gates.checklist(self)


class Stage(models.Model):
    """One step of a round's timeline, from its first day to its last."""

    class Kind(models.TextChoices):
        CRITERIA = "criteria", "Agreeing the criteria"
        OPEN = "open", "Open for applications"
        ELIGIBILITY = "eligibility", "Checking eligibility"
        SHORTLISTING = "shortlisting", "Shortlisting"
        INTERVIEWS = "interviews", "Interviews"
        DECISION = "decision", "Deciding"
        FEEDBACK = "feedback", "Feedback to applicants"

    # Stages that ask a lot of volunteers: they need rest between them.
    VOLUNTEER_HEAVY = frozenset({Kind.CRITERIA, Kind.SHORTLISTING, Kind.INTERVIEWS, Kind.DECISION})
    ORDER = list(Kind)

    funding_round = models.ForeignKey(FundingRound, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day")
    position = models.PositiveSmallIntegerField(editable=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["funding_round", "kind"], name="commissioning_stage_one_per_kind"),
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="commissioning_stage_ends_after_it_starts"
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    def save(self, *args, **kwargs):
        self.position = self.ORDER.index(self.kind)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError({"ends_on": "The last day must be on or after the first day"})

    @property
    def is_volunteer_heavy(self) -> bool:
        return self.kind in self.VOLUNTEER_HEAVY


# Co-produced criteria -----------------------------------------------------------------


class CriteriaGroupMember(models.Model):
    """An older person in a round's criteria group. The grant that lets them agree
    criteria is given and taken away with this row, by the services."""

    funding_round = models.ForeignKey(FundingRound, on_delete=models.CASCADE, related_name="criteria_group")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="criteria_groups")
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["funding_round", "user"], name="commissioning_criteria_group_one_membership"
            )
        ]

    def __str__(self):
        return f"Criteria group member {self.user_id}"


class RoundLocked(Exception):
    """Criteria, weights and questions cannot change once a round is open."""


class LockedWithRound(models.Model):
    """Rows that freeze when their round opens for applications: the model refuses the save."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_locked()
        return super().delete(*args, **kwargs)

    def _refuse_if_locked(self):
        # Read the status from the database: an object loaded before the round opened
        # must not slip a change through.
        if not FundingRound.objects.filter(pk=self.funding_round_id).that_are_before(FundingRound.Status.OPEN).exists():
            raise RoundLocked("This round is open for applications, so its criteria and questions cannot change.")


class CriterionQuerySet(models.QuerySet):
    def not_strands(self):
        """The criteria proper: what applications are scored or checked against. (A strand is
        proposed and agreed as a criterion, but it shares out money; see `Strand`.)"""
        return self.exclude(kind=Criterion.Kind.STRAND)

    def agreed_must_haves(self):
        """The must-have criteria the group agreed: what an eligibility check looks at."""
        return self.filter(kind=Criterion.Kind.MUST_HAVE, status=Criterion.Status.AGREED).order_by("position", "pk")


class Criterion(LockedWithRound):
    """What a good project looks like, in the words of the older people who agreed it."""

    class Kind(models.TextChoices):
        SCORED = "scored", "Scored from 0 to 4"
        MUST_HAVE = "must_have", "Must-have (met or not met)"
        # A share of the round's money for one kind of project: agreed like a criterion, its
        # money and target kept on its `Strand` row. Never scored or checked.
        STRAND = "strand", "A strand: a share of the money"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Under discussion"
        AGREED = "agreed", "Agreed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    SCALE = range(0, 5)

    funding_round = models.ForeignKey(FundingRound, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(max_length=200)
    description = models.TextField("what it means")
    what_good_looks_like = models.TextField("what good looks like")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SCORED)
    weight = models.PositiveSmallIntegerField(
        default=1, help_text="How much this criterion counts, from 1 to 10. Must-have criteria are not weighted."
    )
    descriptor_0 = models.CharField("0 means", max_length=300, blank=True)
    descriptor_1 = models.CharField("1 means", max_length=300, blank=True)
    descriptor_2 = models.CharField("2 means", max_length=300, blank=True)
    descriptor_3 = models.CharField("3 means", max_length=300, blank=True)
    descriptor_4 = models.CharField("4 means", max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="criteria_proposed")
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    agreed_at = models.DateTimeField(null=True, blank=True)
    applies_to = models.ForeignKey(
        "commissioning.Strand",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criteria",
        verbose_name="strand it applies to",
        help_text="Empty when it applies to every strand.",
    )

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "criteria"
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=10), name="commissioning_criterion_weight_1_to_10"
            ),
            models.CheckConstraint(
                condition=~Q(status="agreed") | Q(agreed_at__isnull=False),
                name="commissioning_criterion_agreed_has_time",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("commissioning:criterion_detail", args=[self.funding_round.slug, self.pk])

    def clean(self):
        super().clean()
        if self.applies_to_id and (
            self.kind == self.Kind.STRAND or self.applies_to.funding_round_id != self.funding_round_id
        ):
            raise ValidationError({"applies_to": "Choose every strand, or one of this round's strands"})
        if self.kind == self.Kind.SCORED:
            missing = [str(point) for point in self.SCALE if not getattr(self, f"descriptor_{point}").strip()]
            if missing:
                raise ValidationError(
                    {f"descriptor_{missing[0]}": "Say what each score from 0 to 4 means, so everyone scores alike"}
                )

    @property
    def descriptors(self) -> list[tuple[int, str]]:
        return [(point, getattr(self, f"descriptor_{point}")) for point in self.SCALE]

    @property
    def is_scored(self) -> bool:
        return self.kind == self.Kind.SCORED

    @property
    def is_strand(self) -> bool:
        return self.kind == self.Kind.STRAND

    def is_scored_in(self, strand_id: int | None) -> bool:
        """Whether an application in the strand `strand_id` (None: none) is scored on it: a
        scored criterion for every strand always, one for a single strand only in that strand."""
        return self.is_scored and (self.applies_to_id is None or self.applies_to_id == strand_id)

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def tag_colour(self) -> str:
        """The GOV.UK tag colour of its status: agreed green, withdrawn grey, under discussion blue."""
        return {self.Status.AGREED: "green", self.Status.WITHDRAWN: "grey"}.get(self.status, "blue")


class CriterionResponse(models.Model):
    """One criteria group member's view of a criterion. A second answer replaces the first."""

    class Answer(models.TextChoices):
        AGREE = "agree", "I agree"
        CONCERN = "concern", "I have a concern"
        OBJECT = "object", "I object"

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="criterion_responses")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    comment = models.TextField(blank=True)
    responded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["criterion", "member"], name="commissioning_response_one_per_member")
        ]

    def __str__(self):
        return self.get_answer_display()

    @property
    def is_agreement(self) -> bool:
        return self.answer == self.Answer.AGREE


class CriterionComment(models.Model):
    """A message in a criterion's discussion. Staff messages are shown as facilitation."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="criterion_comments")
    body = models.TextField()
    is_facilitation = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Comment {self.pk}"


class WordingSuggestion(models.Model):
    """Staff may offer clearer words for a criterion; only its proposer can accept them."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the proposer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="wording_suggestions")
    suggested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField("what it means")
    what_good_looks_like = models.TextField("what good looks like")
    reason = models.TextField("why this wording", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Suggested wording {self.pk}"


class Question(LockedWithRound):
    """A question on the application form, serving one criterion."""

    funding_round = models.ForeignKey(FundingRound, on_delete=models.CASCADE, related_name="questions")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="questions")
    text = models.CharField("question", max_length=300)
    help_text = models.TextField("help for applicants", blank=True)
    word_limit = models.PositiveIntegerField(default=300)
    is_required = models.BooleanField("an answer is required", default=True)
    position = models.PositiveIntegerField(default=0)
    applies_to = models.ForeignKey(
        "commissioning.Strand",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name="strand it applies to",
        help_text="Empty when every applicant answers it.",
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(word_limit__gte=1, word_limit__lte=5000), name="commissioning_question_word_limit_range"
            )
        ]

    def __str__(self):
        return self.text[:80]

    def is_asked_in(self, strand_id: int | None) -> bool:
        """Whether an application in the strand `strand_id` (None: no strand chosen) answers it:
        a question for every strand always, a question for one strand only in that strand."""
        return self.applies_to_id is None or self.applies_to_id == strand_id

    def clean(self):
        super().clean()
        if self.criterion_id and self.funding_round_id and self.criterion.funding_round_id != self.funding_round_id:
            raise ValidationError({"criterion": "Choose a criterion from this round"})
        if self.applies_to_id and self.funding_round_id and self.applies_to.funding_round_id != self.funding_round_id:
            raise ValidationError({"applies_to": "Choose a strand from this round"})


class StrandQuerySet(models.QuerySet):
    def agreed(self):
        """The strands the criteria group agreed: the only ones that share out money."""
        return (
            self.filter(proposal__status=Criterion.Status.AGREED)
            .select_related("proposal")
            .order_by("proposal__position", "pk")
        )


class Strand(LockedWithRound):
    """A share of a round's money for one kind of project, with the number of projects it
    expects to fund. It is proposed, discussed and agreed as a criterion of the kind "strand"
    (`proposal`: its title, description, the group's answers and its agreement), so it goes
    through the same agreement rule and locks when applications open. Money moved between
    strands later is a panel's decision, kept beside it (panels.StrandTransfer)."""

    funding_round = models.ForeignKey(FundingRound, on_delete=models.CASCADE, related_name="strands")
    proposal = models.OneToOneField(Criterion, on_delete=models.CASCADE, related_name="strand")
    budget_share = models.DecimalField("its share of the budget (£)", max_digits=12, decimal_places=2)
    expected_projects = models.PositiveSmallIntegerField("how many projects it expects to fund")

    objects = StrandQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(budget_share__gt=0), name="commissioning_strand_share_positive"),
            models.CheckConstraint(
                condition=Q(expected_projects__gte=1), name="commissioning_strand_expects_a_project"
            ),
        ]

    def __str__(self):
        return f"Strand {self.pk}"

    def get_absolute_url(self):
        return self.proposal.get_absolute_url()

    def clean(self):
        super().clean()
        if self.budget_share is not None and self.budget_share <= 0:
            raise ValidationError({"budget_share": "The strand's share must be more than £0"})
        if self.expected_projects is not None and self.expected_projects < 1:
            raise ValidationError({"expected_projects": "A strand expects to fund at least one project"})
        if self.budget_share and self.budget_share != self.budget_share.to_integral_value():
            raise ValidationError({"budget_share": "Give the share in whole pounds, without pence"})

    @property
    def title(self) -> str:
        """Its agreed name (select `proposal` with it)."""
        return self.proposal.title

    @property
    def description(self) -> str:
        return self.proposal.description


class JargonTerm(models.Model):
    """A word staff should avoid, with a plainer one: the plain-English check's list."""

    term = models.CharField(max_length=100, unique=True)
    plainer = models.CharField("plainer words", max_length=200)

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term


# The outbox ----------------------------------------------------------------------------


class OutgoingEmail(models.Model):
    """One email the service means to send, kept until the mail server has taken it.

    Actions store their emails here in their own transaction and a background task sends
    them after the commit, so a mail server that is down never turns a saved action into an
    error page, and nothing is lost: the task tries again, and staff see what is stuck.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Importance(models.TextChoices):
        """How much an email matters, which each person's email choice is weighed against.
        Every kind of email is given one by its app (commissioning.emails.register_kinds)."""

        ESSENTIAL = "essential", "Essential: sign-in links, password resets, receipts, decisions"
        NEEDS_ME = "needs_me", "Needs the person: an invitation, something to do, a reminder"
        NEWS = "news", "News: something the person may like to know"

    kind = models.CharField(max_length=200, help_text="What the email is, such as the template it came from.")
    to = models.JSONField(help_text="The addresses it goes to, as a list.")
    reply_to = models.JSONField(default=list, blank=True)
    from_email = models.CharField(max_length=320)
    subject = models.CharField(max_length=998)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, help_text="Why the last try failed, in plain words.")
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # When it started waiting (again, after "Send again"): the outbox gives up a day after this.
    waiting_since = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="commissioning_outbox_due")]

    def __str__(self):
        return f"{self.subject} to {', '.join(self.to)}"

    @property
    def is_failed(self) -> bool:
        """The outbox gave up on it: only staff sending it again puts it back in the queue."""
        return self.status == self.Status.FAILED


class SignInLinkRequest(models.Model):
    """One time someone asked for a sign-in link (or staff sent one), kept for a day so that
    requests can be throttled per email address and per internet address.

    Stored for addresses with and without an account alike, so that the throttle answers the
    same whether or not an account exists. The email address is kept only as a keyed digest:
    the table never lists who tried to sign in.
    """

    email_digest = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["email_digest", "requested_at"], name="commissioning_link_by_email"),
            models.Index(fields=["ip_address", "requested_at"], name="commissioning_link_by_ip"),
        ]

    def __str__(self):
        return f"Sign-in link asked for at {self.requested_at:%Y-%m-%d %H:%M}"
