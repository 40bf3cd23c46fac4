from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from commissioning import services
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


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The activity log, read-only: nobody adds, edits or deletes a line."""

    list_display = ["at", "actor_label", "verb", "target_label"]
    list_filter = ["verb"]
    search_fields = ["actor_label", "target_label"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
