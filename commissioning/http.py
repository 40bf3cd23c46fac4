from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from commissioning.models import User

    class AuthenticatedHttpRequest(HttpRequest):
        """A request from a signed-in person, for type checkers (as in healthchecks)."""

        user: User

else:
    AuthenticatedHttpRequest = HttpRequest
