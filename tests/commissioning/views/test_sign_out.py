"""Signing out: POST only (Django's LogoutView), logged in the activity log."""

from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent

SIGN_OUT = reverse("commissioning:sign_out")


def test_sign_out_signs_out_and_goes_home(client, applicant):
    client.force_login(applicant)
    response = client.post(SIGN_OUT)
    assert response.status_code == 302
    assert response.url == reverse("commissioning:home")
    assert SESSION_KEY not in client.session
    # The next page is the signed-out one.
    assert client.get(reverse("commissioning:account")).status_code == 302


def test_signing_out_is_logged_with_the_actor(client, applicant):
    client.force_login(applicant)
    client.post(SIGN_OUT)
    event = AuditEvent.objects.get(verb=Verb.SIGNED_OUT)
    assert event.actor == applicant
    assert event.target == applicant


def test_sign_out_rejects_get(client, applicant):
    client.force_login(applicant)
    response = client.get(SIGN_OUT)
    assert response.status_code == 405
    # Still signed in: a link or an image tag cannot sign anyone out.
    assert client.session[SESSION_KEY] == str(applicant.pk)
    assert not AuditEvent.objects.filter(verb=Verb.SIGNED_OUT).exists()


def test_signing_out_when_already_signed_out_logs_nothing(client, db):
    response = client.post(SIGN_OUT)
    assert response.status_code == 302
    assert not AuditEvent.objects.exists()


def test_every_page_offers_sign_out_as_a_form_with_a_csrf_token(client, applicant):
    client.force_login(applicant)
    page = client.get(reverse("commissioning:home")).content.decode()
    assert f'method="post" action="{SIGN_OUT}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
