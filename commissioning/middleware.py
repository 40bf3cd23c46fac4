"""Middleware of our own."""

from django.utils.cache import patch_cache_control

from commissioning.permissions import grants_read_once


class GrantsReadOnceMiddleware:
    """Each person's grants on an object are read once per request (the page's own check and the
    rules' facts ask the same question), and afresh whenever a grant changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with grants_read_once():
            return self.get_response(request)


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
