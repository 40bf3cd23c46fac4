"""Middleware of our own."""

from commissioning.permissions import grants_read_once


class GrantsReadOnceMiddleware:
    """Each person's grants on an object are read once per request (the page's own check and the
    rules' facts ask the same question), and afresh whenever a grant changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with grants_read_once():
            return self.get_response(request)
