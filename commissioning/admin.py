from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from commissioning import audit, services
from commissioning.models import AuditEvent, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role", "is_active", "prefers_larger_text", "prefers_high_contrast"]


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
        (None, {"fields": ["email", "password"]}),
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
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    filter_horizontal = []

    def save_model(self, request, obj, form, change):
        if change and "role" in form.changed_data:
            # A role goes through the service, which sets the admin flags and logs it.
            new_role, obj.role = obj.role, form.initial["role"]
            super().save_model(request, obj, form, change)
            services.change_role(actor=request.user, user=obj, role=new_role)
        else:
            super().save_model(request, obj, form, change)


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
