"""Register an organisation: a visitor opens their account and registers their organisation in one
go; a signed-in applicant adds another; staff support applicants but do not apply."""

import pytest
from django.contrib.auth import get_user
from django.urls import reverse

from applications.audit import Verb
from applications.models import Organisation, OrganisationMember
from commissioning.models import AuditEvent, User
from commissioning.permissions import can
from tests.commissioning.factories import UserFactory
from tests.commissioning.views.criteria_support import messages_of, text
from tests.helpers import assert_page_queries

REGISTER = reverse("applications:organisation_register")
PASSWORD = "kettle lantern orchard"

ORGANISATION = {
    "name": "Armley Tea Dance Club",
    "kind": "registered_charity",
    "charity_number": "1164 883",
    "company_number": "",
    "address_line_1": "12 Town Street",
    "address_line_2": "Armley",
    "town": "Leeds",
    "postcode": "ls12 3ab",
}
VISITOR = {
    "full_name": "Rose  Registrar",
    "email": "Rose@Example.org",
    "password": PASSWORD,
    "password_again": PASSWORD,
    **ORGANISATION,
}


def nothing_saved():
    assert not Organisation.objects.exists()
    assert not User.objects.filter(email="rose@example.org").exists()
    assert not AuditEvent.objects.filter(verb=Verb.ORGANISATION_REGISTERED).exists()


def test_a_visitor_is_asked_about_themselves_and_their_organisation(client, db):
    response = client.get(REGISTER)
    assert response.status_code == 200
    page = text(response)
    for label in (
        "Register your organisation",
        "About you",
        "Your full name",
        "Your email address",
        "Create a password",
        "Type the password again",
        "Organisation name",
        "Registered charity",
        "Charitable incorporated organisation (CIO)",
        "Company limited by guarantee",
        "Community interest company (CIC)",
        "Unregistered community group",
        "Registered charities and charitable incorporated organisations (CIOs) must give this.",
        "Companies limited by guarantee and community interest companies (CICs) must give this.",
        "Postcode",
    ):
        assert label in page
    assert f'href="{reverse("commissioning:sign_in")}?next=%2Fregister%2F"' in page


def test_register_page_query_count_for_a_visitor(client, db):
    assert_page_queries(client, REGISTER, at_most=0)


def test_register_page_query_count_for_an_applicant(client, applicant):
    client.force_login(applicant)
    # The session, the person, and their grants for the menu ("Your panels", "Criteria").
    assert_page_queries(client, REGISTER, at_most=3)


def test_a_visitor_registers_is_signed_in_and_lands_on_the_organisation(client, db):
    response = client.post(REGISTER, VISITOR)
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()

    user = User.objects.get(email="rose@example.org")
    assert user.full_name == "Rose Registrar"
    assert user.check_password(PASSWORD)
    assert user.role == User.Role.PERSON
    assert get_user(response.wsgi_request) == user  # signed in
    assert organisation.name == "Armley Tea Dance Club"
    assert organisation.charity_number == "1164883"
    assert organisation.postcode == "LS12 3AB"
    assert organisation.main_contact == user
    assert OrganisationMember.objects.filter(organisation=organisation, user=user).exists()
    assert can(user, "applications.manage_organisation", organisation)
    event = AuditEvent.objects.get(verb=Verb.ORGANISATION_REGISTERED)
    assert event.actor == user
    assert event.target == organisation
    assert messages_of(response) == [
        "Armley Tea Dance Club is registered. You can now apply for money and invite colleagues. "
        "You are signed in as rose@example.org."
    ]
    assert client.get(organisation.get_absolute_url()).status_code == 200


def test_a_community_interest_company_keeps_the_leading_zeros_of_its_number(client, db):
    data = {**VISITOR, "kind": "community_interest_company", "charity_number": "", "company_number": "1234567"}
    assert client.post(REGISTER, data).status_code == 302
    assert Organisation.objects.get().company_number == "01234567"


def test_a_community_group_needs_no_number(client, db):
    data = {**VISITOR, "kind": "community_group", "charity_number": ""}
    assert client.post(REGISTER, data).status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.charity_number == organisation.company_number == ""


def test_a_signed_in_applicant_registers_another_organisation_without_the_account_part(client, applicant):
    client.force_login(applicant)
    page = text(client.get(REGISTER))
    assert "Create a password" not in page
    assert "Your email address" not in page
    assert "Register the organisation" in page

    response = client.post(REGISTER, ORGANISATION)
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert organisation.main_contact == applicant
    assert can(applicant, "applications.manage_organisation", organisation)
    event = AuditEvent.objects.get(verb=Verb.ORGANISATION_REGISTERED)
    assert event.actor == applicant
    assert event.target == organisation
    assert User.objects.count() == 1
    assert messages_of(response) == [
        "Armley Tea Dance Club is registered. You can now apply for money and invite colleagues."
    ]


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_support_applicants_but_do_not_apply(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(REGISTER)
    assert response.status_code == 403
    assert "Staff support applicants but do not apply for money." in text(response)
    assert client.post(REGISTER, ORGANISATION).status_code == 403
    assert not Organisation.objects.exists()


def test_an_empty_form_says_what_is_missing_and_saves_nothing(client, db):
    response = client.post(REGISTER, {})
    assert response.status_code == 200
    page = text(response)
    assert "<title>Error: Register your organisation" in page
    for message in (
        "Enter your full name",
        "Enter your email address",
        "Create a password",
        "Type the password again",
        "Enter your organisation&#x27;s name",
        "Choose the type of organisation",
        "Enter the first line of your address",
        "Enter your town or city",
        "Enter your postcode",
    ):
        assert message in page
    assert '<a href="#id_kind">Choose the type of organisation</a>' in page
    nothing_saved()


def test_a_charity_number_in_the_wrong_format_is_explained_on_its_field_and_nothing_is_lost(client, db):
    response = client.post(REGISTER, {**VISITOR, "charity_number": "CH-12"})
    assert response.status_code == 200
    page = text(response)
    message = "Enter a charity number like 1164883 (England and Wales), SC012345 (Scotland) or NIC100012"
    assert f'<a href="#id_charity_number">{message}</a>' in page
    assert 'id="id_charity_number_1_error"' in page
    # Everything typed is still there, except the passwords, which are never sent back.
    assert 'value="CH-12"' in page
    assert 'value="Armley Tea Dance Club"' in page
    assert 'value="Rose  Registrar"' in page
    assert 'value="Rose@Example.org"' in page
    assert 'value="12 Town Street"' in page
    assert 'value="ls12 3ab"' in page
    assert 'value="registered_charity" checked' in page
    assert PASSWORD not in page
    nothing_saved()


def test_a_charity_needs_its_number(client, db):
    response = client.post(REGISTER, {**VISITOR, "charity_number": ""})
    assert '<a href="#id_charity_number">Enter your charity number</a>' in text(response)
    nothing_saved()


def test_a_community_interest_company_needs_its_company_number(client, db):
    data = {**VISITOR, "kind": "community_interest_company", "charity_number": ""}
    response = client.post(REGISTER, data)
    assert response.status_code == 200
    page = text(response)
    assert '<a href="#id_company_number">Enter your company number</a>' in page
    assert 'value="community_interest_company" checked' in page
    nothing_saved()


def test_a_company_number_in_the_wrong_format(client, db):
    data = {**VISITOR, "kind": "company_limited_by_guarantee", "company_number": "AB12"}
    page = text(client.post(REGISTER, data))
    assert "Enter a company number like 01234567 or SC123456" in page
    nothing_saved()


def test_an_email_address_that_already_has_an_account(client, db):
    UserFactory(email="rose@example.org")
    response = client.post(REGISTER, VISITOR)
    assert response.status_code == 200
    page = text(response)
    assert (
        '<a href="#id_email">An account with this email address already exists. '
        "Sign in to add your organisation.</a>" in page
    )
    assert 'value="Armley Tea Dance Club"' in page
    assert not Organisation.objects.exists()
    assert User.objects.count() == 1


def test_passwords_that_do_not_match(client, db):
    response = client.post(REGISTER, {**VISITOR, "password_again": "kettle lantern orchards"})
    page = text(response)
    assert (
        '<a href="#id_password_again">The two passwords are different. Type the same password in both boxes.</a>'
        in page
    )
    assert 'value="Armley Tea Dance Club"' in page
    nothing_saved()


@pytest.mark.parametrize(
    "password, message",
    [
        ("short", "Your password must be at least 8 characters long"),
        ("password123", "This password is used by many people, so it is easy to guess. Choose a different one"),
        ("8264930175", "Your password cannot be only numbers. Add some letters"),
        ("rose@example.org", "Your password is too like your email address or name. Choose a different one"),
    ],
)
def test_a_weak_password_is_explained_plainly(client, db, password, message):
    response = client.post(REGISTER, {**VISITOR, "password": password, "password_again": password})
    page = text(response)
    assert f'<a href="#id_password">{message}</a>' in page
    assert 'value="Armley Tea Dance Club"' in page
    nothing_saved()


@pytest.mark.parametrize("postcode", ["LS12", "12345", "LS12 3A", "not a postcode"])
def test_a_postcode_that_is_not_a_full_uk_postcode(client, db, postcode):
    page = text(client.post(REGISTER, {**VISITOR, "postcode": postcode}))
    assert '<a href="#id_postcode">Enter a full UK postcode, like LS12 3AB</a>' in page
    nothing_saved()
