"""Join an organisation from an emailed invitation. A visitor opens an account with the invited
address and joins; a signed-in person presses "Join". The link works once; an unknown link is 404."""

import pytest
from django.contrib.auth import get_user
from django.urls import reverse

from applications.audit import Verb
from applications.models import OrganisationInvitation, OrganisationMember
from commissioning.models import AuditEvent, User
from commissioning.permissions import can
from tests.applications.factories import OrganisationFactory, join_organisation
from tests.commissioning.factories import UserFactory
from tests.commissioning.views.criteria_support import messages_of, text
from tests.helpers import assert_page_queries

PASSWORD = "kettle lantern orchard"


@pytest.fixture
def organisation(applicant):
    organisation = OrganisationFactory(name="Armley Tea Dance Club", main_contact=applicant)
    join_organisation(applicant, organisation)
    return organisation


@pytest.fixture
def invitation(organisation, applicant):
    return OrganisationInvitation.objects.create(
        organisation=organisation, email="colin@example.org", invited_by=applicant
    )


def join_url(invitation):
    return reverse("applications:invitation_accept", args=[invitation.token])


def sign_up(client, invitation, **data):
    return client.post(
        join_url(invitation),
        {"full_name": "Colin Colleague", "password": PASSWORD, "password_again": PASSWORD, **data},
    )


def joined(user, organisation) -> bool:
    return OrganisationMember.objects.filter(user=user, organisation=organisation).exists() and bool(
        can(user, "applications.manage_organisation", organisation)
    )


# A visitor ---------------------------------------------------------------------------------


def test_a_visitor_is_offered_an_account_with_the_invited_address_or_to_sign_in(client, invitation):
    url = join_url(invitation)
    response = client.get(url)
    assert response.status_code == 200
    page = text(response)
    assert "Sign in or create an account to join Armley Tea Dance Club" in page
    assert "Aisha Applicant has invited you to join Armley Tea Dance Club" in page
    assert 'value="colin@example.org"' in page
    assert "readonly" in page
    assert "Your full name" in page
    assert "Create a password" in page
    assert f'href="{reverse("commissioning:sign_in")}?next=%2Fjoin%2F{invitation.token}%2F"' in page


def test_visitor_page_query_count(client, invitation):
    assert_page_queries(client, join_url(invitation), at_most=2)


def test_a_visitor_opens_an_account_joins_and_is_signed_in(client, invitation, organisation):
    response = sign_up(client, invitation, email="someone.else@example.org")
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    user = User.objects.get(email="colin@example.org")  # the invited address, whatever was sent
    assert not User.objects.filter(email="someone.else@example.org").exists()
    assert user.full_name == "Colin Colleague"
    assert user.check_password(PASSWORD)
    assert get_user(response.wsgi_request) == user
    assert joined(user, organisation)
    invitation.refresh_from_db()
    assert invitation.is_used
    assert invitation.accepted_by == user
    event = AuditEvent.objects.get(verb=Verb.COLLEAGUE_JOINED)
    assert event.actor == user
    assert event.target == organisation
    assert messages_of(response) == [
        "You have joined Armley Tea Dance Club. You can now see and work on its applications."
    ]


def test_a_visitor_with_an_account_already_is_sent_to_sign_in(client, invitation):
    UserFactory(email="colin@example.org")
    page = text(client.get(join_url(invitation)))
    assert "You already have an account with colin@example.org." in page
    assert "Sign in to join" in page
    assert "Create a password" not in page
    # And if they send the form anyway, nothing is created and they are told why.
    response = sign_up(client, invitation)
    assert response.status_code == 200
    assert "An account with this email address already exists. Sign in to join Armley Tea Dance Club." in text(response)
    assert User.objects.filter(email="colin@example.org").count() == 1
    invitation.refresh_from_db()
    assert not invitation.is_used


def test_passwords_that_do_not_match_keep_the_name(client, invitation):
    response = sign_up(client, invitation, password_again="kettle lantern orchards")
    assert response.status_code == 200
    page = text(response)
    assert "<title>Error: Sign in or create an account to join Armley Tea Dance Club" in page
    assert (
        '<a href="#id_password_again">The two passwords are different. Type the same password in both boxes.</a>'
        in page
    )
    assert 'value="Colin Colleague"' in page
    assert PASSWORD not in page
    assert not User.objects.filter(email="colin@example.org").exists()


def test_a_weak_password_is_explained_plainly_and_no_account_is_made(client, invitation):
    response = sign_up(client, invitation, password="colin", password_again="colin")
    page = text(response)
    assert '<a href="#id_password">Your password must be at least 8 characters long</a>' in page
    assert 'value="Colin Colleague"' in page
    assert not User.objects.filter(email="colin@example.org").exists()
    invitation.refresh_from_db()
    assert not invitation.is_used


def test_an_empty_form(client, invitation):
    page = text(client.post(join_url(invitation), {}))
    assert "Enter your full name" in page
    assert '<a href="#id_password">Create a password</a>' in page
    assert "Type the password again" in page


# A signed-in person -----------------------------------------------------------------------


@pytest.fixture
def colin(client, db):
    user = UserFactory(email="colin@example.org", full_name="Colin Colleague")
    client.force_login(user)
    return user


def test_a_signed_in_person_sees_a_join_button(client, colin, invitation):
    response = client.get(join_url(invitation))
    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="govuk-heading-xl">Join Armley Tea Dance Club</h1>' in page
    assert "Join Armley Tea Dance Club</button>" in page
    assert "Create a password" not in page
    assert "The invitation was sent to" not in page


def test_signed_in_page_query_count(client, colin, invitation):
    # With the person's grants for the menu ("Your panels", "Criteria").
    assert_page_queries(client, join_url(invitation), at_most=4)


def test_someone_signed_in_with_another_address_is_told(client, outsider, invitation):
    client.force_login(outsider)
    page = text(client.get(join_url(invitation)))
    assert "The invitation was sent to colin@example.org. You are signed in as outsider@example.org." in page


def test_a_signed_in_person_joins(client, colin, invitation, organisation):
    response = client.post(join_url(invitation))
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert joined(colin, organisation)
    invitation.refresh_from_db()
    assert invitation.accepted_by == colin
    event = AuditEvent.objects.get(verb=Verb.COLLEAGUE_JOINED)
    assert event.actor == colin
    assert event.target == organisation
    assert messages_of(response) == [
        "You have joined Armley Tea Dance Club. You can now see and work on its applications."
    ]
    assert client.get(organisation.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_cannot_join_an_applicant_organisation(client, request, invitation, organisation, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(join_url(invitation))
    assert response.status_code == 302
    assert response.url == join_url(invitation)
    assert messages_of(response) == ["Staff accounts cannot join an applicant organisation."]
    assert not OrganisationMember.objects.filter(user=user).exists()
    invitation.refresh_from_db()
    assert not invitation.is_used


# The link works once ---------------------------------------------------------------------


def test_an_unknown_link_is_not_found(client, db):
    response = client.get(reverse("applications:invitation_accept", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_a_used_link_says_so_kindly(client, colin, invitation, organisation, other_applicant):
    client.post(join_url(invitation))
    # Colin opens the link again: nothing more to do.
    page = text(client.get(join_url(invitation)))
    assert "This invitation has already been used" in page
    assert "You used it to join Armley Tea Dance Club" in page
    # Someone else tries it, signed in or not: a kind page, and no membership.
    client.force_login(other_applicant)
    response = client.post(join_url(invitation))
    assert response.status_code == 200
    assert "This invitation has already been used" in text(response)
    assert "ask Aisha Applicant to send you a new invitation" in text(response)
    assert not OrganisationMember.objects.filter(user=other_applicant).exists()
    client.logout()
    response = sign_up(client, invitation)
    assert response.status_code == 200
    assert "This invitation has already been used" in text(response)
    assert User.objects.filter(email="colin@example.org").count() == 1
    assert AuditEvent.objects.filter(verb=Verb.COLLEAGUE_JOINED).count() == 1


def test_used_page_query_count(client, invitation, other_applicant):
    invitation.accepted_at, invitation.accepted_by = invitation.created_at, other_applicant
    invitation.save()
    response = client.get(join_url(invitation))
    assert response.status_code == 200
    assert "This invitation has already been used" in text(response)
    assert_page_queries(client, join_url(invitation), at_most=1)


def test_an_invitation_used_meanwhile_creates_no_account(invitation, other_applicant):
    """Two people open the link; the second to send the form gets no half-made account."""
    from django.utils import timezone

    from applications import services
    from applications.exceptions import ApplicationError

    stale = OrganisationInvitation.objects.get(pk=invitation.pk)
    OrganisationInvitation.objects.filter(pk=invitation.pk).update(
        accepted_at=timezone.now(), accepted_by=other_applicant
    )
    with pytest.raises(ApplicationError, match="already been used"):
        services.sign_up_and_join(invitation=stale, full_name="Colin Colleague", password=PASSWORD)
    assert not User.objects.filter(email="colin@example.org").exists()
