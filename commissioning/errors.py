"""Kind pages for requests we cannot read (Django's `handler400`, set in commissioning/urls.py)."""

from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render


def bad_request(request, exception=None):
    """Too much sent at once (a very long pasted answer) is 413 and says what to do; anything
    else we cannot read is 400, in plain words, instead of Django's bare "Bad Request (400)"."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", status=413)
    return render(request, "400.html", status=400)
