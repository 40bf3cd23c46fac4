from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.shortcuts import redirect
from django.urls import reverse

from commissioning import audit, services
from commissioning.models import AuditEvent, User


class UserCreationForm(forms.ModelForm):
    """No password here: the new account's owner chooses it from the email they are sent."""

    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role", "is_active", "prefers_larger_text", "prefers_high_contrast"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("password", None)  # nobody sets or sees another person's password


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["is_staff", "is_superuser", "last_login", "date_joined"]
    fieldsets = [
        (
            None,
            {
                "fields": ["email"],
                "description": "Administrators never set another person's password: choose "
                "'Send a password reset email' from the list of people. Every change here goes in "
                "the activity log, and a changed email address is told to the old one.",
            },
        ),
        ("Person", {"fields": ["full_name", "prefers_larger_text", "prefers_high_contrast"]}),
        (
            "Role",
            {
                "fields": ["role", "is_active", "is_staff", "is_superuser"],
                "description": "Only administrators can use Django admin. A staff facilitator "
                "is never a superuser. Every role change goes in the activity log.",
            },
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name"]})]
    filter_horizontal = []
    actions = ["send_password_reset"]

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.create_account_by_admin(actor=request.user, email=obj.email, full_name=obj.full_name)
            obj.pk = created.pk
            return
        before = services.account_as_it_is(User.objects.get(pk=obj.pk))
        new_role = obj.role
        if "role" in form.changed_data:
            obj.role = form.initial["role"]
        super().save_model(request, obj, form, change)
        services.record_account_changed_by_admin(actor=request.user, user=obj, before=before)
        if new_role != obj.role:
            # A role goes through the service, which sets the admin flags, ends seats and logs it.
            services.change_role(actor=request.user, user=obj, role=new_role)

    def has_delete_permission(self, request, obj=None):
        # An account is switched off (is_active), never deleted: its actions stay accountable.
        return False

    def user_change_password(self, request, id, form_url=""):
        messages.error(
            request,
            "Administrators do not set other people's passwords. Choose 'Send a password reset email' "
            "from the list of people: they choose a new one themselves.",
        )
        return redirect(reverse("admin:commissioning_user_changelist"))

    @admin.action(description="Send a password reset email")
    def send_password_reset(self, request, queryset):
        people = list(queryset)
        for person in people:
            services.send_password_reset(actor=request.user, user=person)
        messages.success(
            request,
            f"A password reset email is on its way to {len(people)} {'person' if len(people) == 1 else 'people'}.",
        )


class VerbFilter(admin.SimpleListFilter):
    """Filter the log by what was done, in the words each app registered for its verbs."""

    title = "what was done"
    parameter_name = "verb"

    def lookups(self, request, model_admin):
        return sorted(audit.registered_verbs().items(), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(verb=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The activity log, read-only: nobody adds, edits or deletes a line."""

    list_display = ["at", "actor_label", "what_was_done", "target_label"]
    list_filter = [VerbFilter]
    search_fields = ["actor_label", "target_label"]
    date_hierarchy = "at"

    @admin.display(description="what was done", ordering="verb")
    def what_was_done(self, event):
        return event.verb_description

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields] + ["what_was_done"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
