"""Core models: people (users) and the audit trail.

Funding rounds, stages and criteria join this module with their issue.
"""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


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

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PERSON)
    prefers_larger_text = models.BooleanField("larger text", default=False)
    prefers_high_contrast = models.BooleanField("high contrast", default=False)
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

    @property
    def is_facilitator(self) -> bool:
        return self.role == self.Role.FACILITATOR

    @property
    def is_administrator(self) -> bool:
        return self.role == self.Role.ADMINISTRATOR or self.is_superuser

    @property
    def is_paid_or_technical_staff(self) -> bool:
        """Facilitators and administrators: they facilitate, never decide."""
        return self.is_facilitator or self.is_administrator or self.is_staff


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

    class Verb(models.TextChoices):
        SIGNED_IN = "signed_in", "signed in"
        SIGNED_OUT = "signed_out", "signed out"
        ROLE_CHANGED = "role_changed", "changed a role"
        PASSWORD_CHANGED = "password_changed", "changed their password"
        PASSWORD_RESET = "password_reset", "reset their password"
        ACCOUNT_UPDATED = "account_updated", "updated their account"
        DEMO_DATA_LOADED = "demo_data_loaded", "loaded the demo data"

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
    verb = models.CharField(max_length=50, choices=Verb.choices)
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
        return f"{self.actor_label or 'The system'} {self.get_verb_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise self.Immutable("The activity log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise self.Immutable("The activity log cannot be deleted.")
