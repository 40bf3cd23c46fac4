"""Your account: name and display preferences, which change every page."""

import pytest
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent
from tests.helpers import assert_page_queries

ACCOUNT = reverse("commissioning:account")


def save(client, full_name="Pamela Panel", larger_text=False, high_contrast=False):
    data = {"full_name": full_name}
    if larger_text:
        data["prefers_larger_text"] = "on"
    if high_contrast:
        data["prefers_high_contrast"] = "on"
    return client.post(ACCOUNT, data)


@pytest.fixture
def signed_in(client, panel_member):
    client.force_login(panel_member)
    return client


def test_account_shows_name_and_email(signed_in):
    response = signed_in.get(ACCOUNT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "panel@example.org" in page
    assert 'value="Pamela Panel"' in page
    assert "Change your password" in page


def test_account_query_count(signed_in):
    # The session, the person, and their grants for the menu ("Your panels", "Criteria").
    assert_page_queries(signed_in, ACCOUNT, at_most=3)


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(ACCOUNT)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={ACCOUNT}"


def test_anonymous_post_changes_nothing(client, panel_member):
    response = save(client, full_name="Someone Else")
    assert response.status_code == 302
    panel_member.refresh_from_db()
    assert panel_member.full_name == "Pamela Panel"


def test_changing_name_and_preferences_is_saved_and_logged(signed_in, panel_member):
    response = save(signed_in, full_name="  Pam   Panel ", larger_text=True, high_contrast=True)
    assert response.status_code == 302
    assert response.url == ACCOUNT
    panel_member.refresh_from_db()
    assert panel_member.full_name == "Pam Panel"
    assert panel_member.prefers_larger_text
    assert panel_member.prefers_high_contrast
    event = AuditEvent.objects.get(verb=Verb.ACCOUNT_UPDATED)
    assert event.actor == panel_member
    assert event.data == {"changed": ["full_name", "prefers_high_contrast", "prefers_larger_text"]}


def test_saving_shows_a_success_message(signed_in):
    response = signed_in.post(ACCOUNT, {"full_name": "Pam Panel"}, follow=True)
    assert response.status_code == 200
    assert b"Your changes are saved." in response.content


def test_saving_without_changes_logs_nothing(signed_in):
    save(signed_in)
    assert not AuditEvent.objects.filter(verb=Verb.ACCOUNT_UPDATED).exists()


def test_larger_text_goes_on_the_html_element_of_every_page(signed_in):
    assert b"ct-larger-text" not in signed_in.get(ACCOUNT).content
    save(signed_in, larger_text=True)
    for url in (ACCOUNT, reverse("commissioning:home"), reverse("commissioning:privacy_notice")):
        page = signed_in.get(url).content.decode()
        assert '<html lang="en-GB" class="govuk-template ct-larger-text">' in page, url
        assert "ct-high-contrast" not in page


def test_high_contrast_goes_on_the_body_of_every_page(signed_in):
    save(signed_in, high_contrast=True)
    for url in (ACCOUNT, reverse("commissioning:home"), reverse("commissioning:accessibility_statement")):
        page = signed_in.get(url).content.decode()
        assert '<body class="govuk-template__body ct-high-contrast">' in page, url
        assert "ct-larger-text" not in page


def test_turning_preferences_off_again_removes_them(signed_in):
    save(signed_in, larger_text=True, high_contrast=True)
    save(signed_in)
    page = signed_in.get(reverse("commissioning:home")).content.decode()
    assert "ct-larger-text" not in page
    assert "ct-high-contrast" not in page


@pytest.mark.parametrize("blank", ["", "    "])
def test_empty_name_is_explained_and_nothing_is_saved(signed_in, panel_member, blank):
    response = save(signed_in, full_name=blank, larger_text=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter your full name" in page
    # The header still shows the saved name, not the empty one typed.
    assert "Signed in as" in page and ">Pamela Panel</a>" in page
    # What was ticked is still ticked, for the person to correct the name and save again.
    assert 'name="prefers_larger_text" class="govuk-checkboxes__input" id="id_prefers_larger_text" checked' in page
    panel_member.refresh_from_db()
    assert panel_member.full_name == "Pamela Panel"
    assert not panel_member.prefers_larger_text
    assert not AuditEvent.objects.filter(verb=Verb.ACCOUNT_UPDATED).exists()


def test_name_over_150_characters_is_explained_and_kept_for_correcting(signed_in, panel_member):
    too_long = "A" * 151
    response = save(signed_in, full_name=too_long)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your name must be 150 characters or fewer" in page
    assert f'value="{too_long}"' in page
    panel_member.refresh_from_db()
    assert panel_member.full_name == "Pamela Panel"


def test_name_of_exactly_150_characters_is_accepted(signed_in, panel_member):
    response = save(signed_in, full_name="B" * 150)
    assert response.status_code == 302
    panel_member.refresh_from_db()
    assert panel_member.full_name == "B" * 150
