"""The accessibility statement and privacy notice: open to everyone, linked from every page."""

import pytest
from django.urls import reverse

from tests.helpers import assert_page_queries

ACCESSIBILITY = reverse("commissioning:accessibility_statement")
PRIVACY = reverse("commissioning:privacy_notice")


@pytest.mark.parametrize("persona_client", ["visitor", "applicant", "facilitator"], indirect=True)
def test_accessibility_statement_is_open_to_everyone(persona_client):
    response = persona_client.get(ACCESSIBILITY)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Accessibility statement</h1>' in page
    assert "WCAG" in page
    assert "Show larger text" in page


@pytest.mark.parametrize("persona_client", ["visitor", "applicant", "facilitator"], indirect=True)
def test_privacy_notice_is_open_to_everyone(persona_client):
    response = persona_client.get(PRIVACY)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Privacy notice</h1>' in page
    assert "What we keep" in page


@pytest.mark.parametrize("url", [ACCESSIBILITY, PRIVACY])
def test_static_page_query_count_for_a_visitor(client, db, url):
    assert_page_queries(client, url, at_most=0)


@pytest.mark.parametrize("url", [ACCESSIBILITY, PRIVACY])
def test_static_page_query_count_signed_in(client, applicant, url):
    # The session, the person, and their grants for the menu ("Your panels", "Criteria").
    client.force_login(applicant)
    assert_page_queries(client, url, at_most=3)


@pytest.mark.parametrize("persona_client", ["visitor", "applicant"], indirect=True)
@pytest.mark.parametrize(
    "url_name",
    ["commissioning:home", "commissioning:sign_in", "commissioning:password_reset", "commissioning:privacy_notice"],
)
def test_footer_links_to_the_accessibility_statement_and_privacy_notice(persona_client, url_name, db):
    response = persona_client.get(reverse(url_name), follow=True)
    page = response.content.decode()
    assert f'<a class="govuk-footer__link" href="{ACCESSIBILITY}">Accessibility statement</a>' in page
    assert f'<a class="govuk-footer__link" href="{PRIVACY}">Privacy notice</a>' in page


def test_error_pages_have_the_footer_links_too(client, db):
    page = client.get("/no-such-page/").content.decode()
    assert f'href="{ACCESSIBILITY}"' in page
