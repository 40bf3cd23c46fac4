"""Every URL pattern × every role → the expected status.

A URL without a row here fails `test_every_url_has_a_row`: add the row when you add
the URL. Django admin counts as one row (`admin:index`): every admin page asks the
same `commissioning.use_admin` rule through CommissioningAdminSite.has_permission.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405

# Statuses in the order of PERSONAS:
#   visitor, applicant, criteria_member, panel_member, facilitator, administrator
EVERYONE = (OK,) * 6
SIGNED_IN = (REDIRECT, OK, OK, OK, OK, OK)
STAFF_ONLY = (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK)

MATRIX: dict[str, tuple[dict, tuple[int, ...]]] = {
    "commissioning:home": ({}, EVERYONE),
    "commissioning:accessibility_statement": ({}, EVERYONE),
    "commissioning:privacy_notice": ({}, EVERYONE),
    "commissioning:healthz": ({}, EVERYONE),
    # Signed-in people are sent on from the sign-in page.
    "commissioning:sign_in": ({}, (OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "commissioning:sign_out": ({}, (NOT_ALLOWED,) * 6),  # POST only
    "commissioning:account": ({}, SIGNED_IN),
    "commissioning:password_change": ({}, SIGNED_IN),
    "commissioning:password_reset": ({}, EVERYONE),
    "commissioning:password_reset_sent": ({}, EVERYONE),
    "commissioning:password_reset_complete": ({}, EVERYONE),
    "commissioning:password_reset_confirm": ({"uidb64": "MQ", "token": "not-a-token"}, EVERYONE),
    "commissioning:activity": ({}, STAFF_ONLY),
    # Facilitators and volunteers are sent to the admin's own sign-in page.
    "admin:index": ({}, (REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, OK)),
}


def named_url_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_url_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_a_row():
    names = {name for name in named_url_patterns() if not name.startswith("admin:")}
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"Add permission-matrix rows for: {missing}"


def test_every_row_is_a_real_url():
    names = set(named_url_patterns())
    assert not sorted(MATRIX.keys() - names)


def test_every_row_has_a_status_per_persona():
    assert all(len(statuses) == len(PERSONAS) for _, statuses in MATRIX.values())


@pytest.mark.parametrize("url_name", sorted(MATRIX))
@pytest.mark.parametrize("persona_client", PERSONAS, indirect=True)
def test_status(url_name, persona_client, request):
    kwargs, statuses = MATRIX[url_name]
    persona = request.node.callspec.params["persona_client"]
    expected = statuses[PERSONAS.index(persona)]
    response = persona_client.get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == expected, f"{persona} GET {url_name}: {response.status_code}, expected {expected}"
