"""Files attached to an application: uploaded, listed, downloaded only by those allowed.

Every screen loads the application through `visible(user, "applications.view_application")`,
so someone outside the organisation gets 404 for its applications and files, as does staff
for a draft. Only the organisation's members may add or remove files, and only while the
application can still be changed; everyone else sees the list read-only, with the reason.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications import services
from applications.exceptions import AttachmentRefused
from applications.forms.attachment import AttachmentForm
from applications.models import Application, Attachment
from commissioning.http import AuthenticatedHttpRequest
from commissioning.permissions import can, require, visible
from commissioning.storage import open_for_download


def _application_or_404(user, pk: int) -> Application:
    """The application, or 404 for anyone who may not know it exists."""
    applications = visible(
        user,
        "applications.view_application",
        Application.objects.select_related("funding_round__programme", "organisation").prefetch_related(
            "funding_round__stages"
        ),
    )
    return get_object_or_404(applications, pk=pk)


def _attachment_or_404(application: Application, pk: int) -> Attachment:
    """One of this application's files: another application's file in the URL is 404."""
    attachment = get_object_or_404(Attachment.objects.filter(application=application), pk=pk)
    attachment.application = application
    return attachment


@login_required
@require_http_methods(["GET", "POST"])
def attachment_list(request: AuthenticatedHttpRequest, pk: int):
    application = _application_or_404(request.user, pk)
    require(request.user, "applications.view_application", application)
    form = AttachmentForm()
    if request.method == "POST":
        require(request.user, "applications.edit_application", application)
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                attachment = services.add_attachment(
                    actor=request.user, application=application, uploaded=form.cleaned_data["file"]
                )
            except AttachmentRefused as error:
                form.add_error("file", str(error))
            else:
                messages.success(request, f"{attachment.download_name} is attached.")
                return redirect("applications:attachment_list", application.pk)
    attachments = list(application.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk"))
    return render(
        request,
        "applications/attachments/attachment_list.html",
        {
            "application": application,
            "attachments": attachments,
            "form": form,
            "may_edit": can(request.user, "applications.edit_application", application),
            "max_files": Attachment.MAX_PER_APPLICATION,
        },
    )


@login_required
@require_GET
def attachment_download(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int):
    application = _application_or_404(request.user, pk)
    require(request.user, "applications.view_application", application)
    attachment = _attachment_or_404(application, attachment_pk)
    stored = open_for_download(
        attachment.file, missing="This file is missing from the store. Remove it and attach it again."
    )
    # The type comes from what we sniffed on upload, never from the name the file arrived with.
    response = FileResponse(
        stored, as_attachment=True, filename=attachment.download_name, content_type=attachment.mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_remove(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int):
    application = _application_or_404(request.user, pk)
    attachment = _attachment_or_404(application, attachment_pk)
    require(request.user, "applications.edit_application", application)
    services.remove_attachment(actor=request.user, attachment=attachment)
    messages.success(request, f"{attachment.download_name} is removed.")
    return redirect("applications:attachment_list", application.pk)
