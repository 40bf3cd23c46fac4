"""Kind pages for requests we cannot read (Django's `handler400`, set in commissioning/urls.py),
for a database that does not answer (`handler500`), and for sign-in paused after too many wrong
passwords (django-axes' AXES_LOCKOUT_CALLABLE)."""

import sys

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views import defaults


def bad_request(request, exception=None):
    """Too much sent at once (a very long pasted answer) is 413 and says what to do; anything
    else we cannot read is 400, in plain words, instead of Django's bare "Bad Request (400)"."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", status=413)
    return render(request, "400.html", status=400)


def server_error(request):
    """A database that does not answer (down, restarting, out of connections) is not a fault in
    the page: it is 503 with a kind page that says to try again in a few minutes. The page is
    drawn without the person's details, since reading them needs the database; Retry-After tells
    browsers and load balancers when. Every other error is Django's 500, with templates/500.html."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render({}), status=503)
        response["Retry-After"] = "60"
        return response
    return defaults.server_error(request)


def locked_out(request, original_response=None, credentials=None):
    """Signing in to this account is paused: say until when (the last wrong try plus the pause,
    in UK time: "after 3:45pm"), and how to set a new password instead of waiting."""
    username = get_client_username(request, credentials)
    last_try = AccessAttempt.objects.filter(username=username).aggregate(last=Max("attempt_time"))["last"]
    try_after = (last_try or timezone.now()) + settings.AXES_COOLOFF_TIME
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {"try_after": timezone.localtime(try_after), "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
