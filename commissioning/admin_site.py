from django.contrib import admin

from commissioning.permissions import can


class CommissioningAdminSite(admin.AdminSite):
    site_header = "Commissioning Together administration"
    site_title = "Commissioning Together administration"
    index_title = "Technical administration"

    def has_permission(self, request):
        # Staff facilitators work in the service's own pages; admin is for administrators.
        return can(request.user, "commissioning.use_admin").allowed
