"""Middleware of our own."""

from urllib.parse import urlencode

from django.contrib.auth import logout
from django.http import JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from commissioning import idle
from commissioning.permissions import grants_read_once
from commissioning.storage import StoreUnavailable


class PagesCompressedMiddleware(GZipMiddleware):
    """Pages (HTML, JSON, text) are sent gzipped to browsers that accept it: a results page of
    29 KB arrives as 3 KB (demo data), which matters on a slow connection at a day centre. Files
    (PDFs, uploads) are already compressed or are the applicant's own bytes, so they pass as
    they are; static files come compressed from WhiteNoise.

    BREACH: Django's GZipMiddleware pads each response with random bytes ("Heal the Breach"),
    and CSRF tokens are masked afresh on every page, so an attacker cannot read a secret from
    response sizes. README ("Compression") says why this is done here and not only at a proxy."""

    COMPRESSED_TYPES = ("text/", "application/json")

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(self.COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)


class GrantsReadOnceMiddleware:
    """Each person's grants on an object are read once per request (the page's own check and the
    rules' facts ask the same question), and afresh whenever a grant changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with grants_read_once():
            return self.get_response(request)


class IdleSessionsEndMiddleware:
    """A signed-in session with nothing done for SESSION_IDLE_TIMEOUT seconds (an hour) ends: the
    next request signs the person out and sends them to sign in, with a plain message and the page
    they asked for kept as `next`. Every other request from a signed-in person moves the clock on.
    Pages warn first and save the person's work before the end (static/js/session-timeout.js)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            if idle.has_gone_idle(request.session):
                logout(request)
                return self._signed_out(request)
            idle.mark_active(request.session)
        return self.get_response(request)

    @staticmethod
    def _signed_out(request):
        sign_in = reverse("commissioning:sign_in")
        if request.path == reverse("commissioning:session_extend"):
            # "Stay signed in" pressed too late: the warning's page goes to sign in.
            return JsonResponse({"signed_out": True, "sign_in": f"{sign_in}?timeout=1"}, status=401)
        if request.headers.get("X-Requested-With") == "XMLHttpRequest":
            # Autosave posts to its own page: the page says so, with a link back to it by sign-in.
            link = f"{sign_in}?{urlencode({'timeout': '1', 'next': request.path})}"
            return JsonResponse({"signed_out": True, "sign_in": link}, status=401)
        query = {"timeout": "1"}
        if request.method == "GET":
            query["next"] = request.get_full_path()
        return redirect(f"{sign_in}?{urlencode(query)}")


class SignedInPagesNotStoredMiddleware:
    """On a shared computer (a library, a day centre) the next person must not find a signed-in
    page in the browser's cache or history: signed-in pages say `Cache-Control: private, no-store`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class StoreUnavailableMiddleware:
    """A file store that is down gets the kind 503 page (templates/503_store.html), which says
    nothing was lost and when to try again, instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StoreUnavailable):
            response = render(request, "503_store.html", {"message": exception.message}, status=503)
            response["Retry-After"] = "120"
            return response
        return None
