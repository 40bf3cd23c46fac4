from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

if TYPE_CHECKING:
    from commissioning.models import User

    class AuthenticatedHttpRequest(HttpRequest):
        """A request from a signed-in person, for type checkers (as in healthchecks)."""

        user: User

else:
    AuthenticatedHttpRequest = HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from, for django-axes (its AXES_CLIENT_IP_CALLABLE).

    Without a proxy that is REMOTE_ADDR. Behind trusted proxies (TRUSTED_PROXY_HEADER, off by
    default) it is the address the outermost trusted proxy saw: each proxy adds the address it
    was reached from to the right of the header (X-Forwarded-For: client, proxy 1, …), so with
    TRUSTED_PROXY_COUNT proxies it is that many entries from the right. Anything further left was
    sent by the client and could be made up. A header with fewer entries than that, or none,
    falls back to REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    header = settings.TRUSTED_PROXY_HEADER
    if not header:
        return remote
    entries = [entry.strip() for entry in request.META.get(header, "").split(",") if entry.strip()]
    count = settings.TRUSTED_PROXY_COUNT
    if count < 1 or len(entries) < count:
        return remote
    return entries[-count]
