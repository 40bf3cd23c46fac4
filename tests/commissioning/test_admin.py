"""Django admin: administrators only (through the policy); role changes go through the service."""

import pytest
from django.urls import reverse

from commissioning import services
from commissioning.audit import Verb
from commissioning.models import AuditEvent, User
from panels.audit import Verb as PanelVerb

from .factories import UserFactory

ADMIN_INDEX = reverse("admin:index")


def test_administrator_gets_the_admin_index(client, administrator):
    client.force_login(administrator)
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 200
    assert b"Technical administration" in response.content


@pytest.mark.parametrize("persona_client", ["facilitator", "panel_member", "applicant"], indirect=True)
def test_staff_and_volunteers_are_not_let_into_admin(persona_client):
    response = persona_client.get(ADMIN_INDEX)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={ADMIN_INDEX}"
    login_page = persona_client.get(response.url)
    assert b"Technical administration" not in login_page.content
    assert b"not authorized to access this page" in login_page.content


def test_facilitator_cannot_open_an_admin_change_page(client, facilitator, panel_member):
    client.force_login(facilitator)
    response = client.get(reverse("admin:commissioning_user_change", args=[panel_member.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_visitor_is_sent_to_the_admin_sign_in(client, db):
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def change_form_data(user: User, **changes) -> dict:
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "is_active": "on" if user.is_active else "",
        "_save": "Save",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_changing_a_role_in_admin_goes_through_the_service(client, administrator):
    person = UserFactory(email="new.staff@example.org", full_name="Nina Newstaff")
    client.force_login(administrator)
    url = reverse("admin:commissioning_user_change", args=[person.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, change_form_data(person, role=User.Role.FACILITATOR))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    person.refresh_from_db()
    assert person.role == User.Role.FACILITATOR
    assert not person.is_superuser
    assert not person.is_staff
    event = AuditEvent.objects.get(verb=Verb.ROLE_CHANGED)
    assert event.actor == administrator
    assert event.target == person
    assert event.data == {"from": "person", "to": "facilitator"}


def test_making_someone_administrator_in_admin_opens_admin_to_them(client, administrator):
    person = UserFactory(email="new.admin@example.org")
    client.force_login(administrator)
    client.post(
        reverse("admin:commissioning_user_change", args=[person.pk]),
        change_form_data(person, role=User.Role.ADMINISTRATOR),
    )
    person.refresh_from_db()
    assert person.is_staff and person.is_superuser
    assert AuditEvent.objects.filter(verb=Verb.ROLE_CHANGED, actor=administrator).count() == 1


def test_saving_a_user_without_changing_the_role_logs_no_role_change(client, administrator, panel_member):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:commissioning_user_change", args=[panel_member.pk]),
        change_form_data(panel_member, full_name="Pamela Panelist"),
    )
    assert response.status_code == 302
    panel_member.refresh_from_db()
    assert panel_member.full_name == "Pamela Panelist"
    assert not AuditEvent.objects.filter(verb=Verb.ROLE_CHANGED).exists()


def test_admin_cannot_set_superuser_flags_directly(client, administrator, facilitator):
    """is_staff and is_superuser are read-only in the form: posting them changes nothing."""
    client.force_login(administrator)
    client.post(
        reverse("admin:commissioning_user_change", args=[facilitator.pk]),
        change_form_data(facilitator, is_staff="on", is_superuser="on"),
    )
    facilitator.refresh_from_db()
    assert not facilitator.is_staff and not facilitator.is_superuser


@pytest.fixture
def event(administrator):
    return services.record_event(actor=administrator, verb=Verb.SIGNED_IN, target=administrator)


def test_audit_events_can_be_listed_and_read_in_admin(client, administrator, event):
    client.force_login(administrator)
    assert client.get(reverse("admin:commissioning_auditevent_changelist")).status_code == 200
    detail = client.get(reverse("admin:commissioning_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content


def test_the_admin_log_says_what_was_done_in_each_apps_words(client, administrator, event):
    services.record_event(actor=administrator, verb=PanelVerb.DECISION_RECORDED)
    client.force_login(administrator)
    changelist = reverse("admin:commissioning_auditevent_changelist")
    page = client.get(changelist).content.decode()
    assert "recorded a panel&#x27;s funding decision" in page
    assert "panels.decision_recorded</td>" not in page
    filtered = client.get(changelist, {"verb": PanelVerb.DECISION_RECORDED})
    assert filtered.status_code == 200
    assert list(filtered.context["cl"].result_list) == list(AuditEvent.objects.filter(verb=PanelVerb.DECISION_RECORDED))


def test_audit_events_cannot_be_added_in_admin(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:commissioning_auditevent_add")
    assert client.get(url).status_code == 403
    assert client.post(url, {"verb": "commissioning.signed_in"}).status_code == 403
    assert not AuditEvent.objects.filter(actor__isnull=True).exists()


def test_audit_events_cannot_be_deleted_in_admin(client, administrator, event):
    client.force_login(administrator)
    url = reverse("admin:commissioning_auditevent_delete", args=[event.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_events_cannot_be_changed_in_admin(client, administrator, event):
    client.force_login(administrator)
    url = reverse("admin:commissioning_auditevent_change", args=[event.pk])
    assert client.post(url, {"verb": "commissioning.signed_out", "actor_label": "Someone else"}).status_code == 403
    event.refresh_from_db()
    assert event.verb == Verb.SIGNED_IN


def test_bulk_delete_action_is_not_offered_for_audit_events(client, administrator, event):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:commissioning_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# Accountable administrators --------------------------------------------------------------


def test_every_change_in_admin_goes_in_the_activity_log_with_before_and_after(client, administrator, panel_member):
    client.force_login(administrator)
    old_email = panel_member.email
    response = client.post(
        reverse("admin:commissioning_user_change", args=[panel_member.pk]),
        change_form_data(panel_member, full_name="Pamela Panelist", email="pamela@example.org"),
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb=Verb.ACCOUNT_CHANGED_IN_ADMIN)
    assert event.actor == administrator and event.target == panel_member
    assert event.data["changes"] == {
        "email": [old_email, "pamela@example.org"],
        "full_name": [panel_member.full_name, "Pamela Panelist"],
    }


def test_a_changed_email_address_is_told_to_the_old_one(
    client, administrator, panel_member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    old_email = panel_member.email
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:commissioning_user_change", args=[panel_member.pk]),
            change_form_data(panel_member, email="someone.else@example.org"),
        )
    told = [message for message in mailoutbox if message.to == [old_email]]
    assert len(told) == 1
    assert "someone.else@example.org" in told[0].body
    assert "If you did not ask for this" in told[0].body


def test_saving_without_changes_logs_nothing(client, administrator, panel_member):
    client.force_login(administrator)
    client.post(reverse("admin:commissioning_user_change", args=[panel_member.pk]), change_form_data(panel_member))
    assert not AuditEvent.objects.filter(verb=Verb.ACCOUNT_CHANGED_IN_ADMIN).exists()


def test_an_administrator_cannot_set_another_persons_password(client, administrator, panel_member):
    from .factories import TEST_PASSWORD

    client.force_login(administrator)
    url = reverse("admin:auth_user_password_change", args=[panel_member.pk])
    page = client.get(url, follow=True).content.decode()
    assert "Administrators do not set other people&#x27;s passwords" in page
    response = client.post(url, {"password1": "A new one 12345!", "password2": "A new one 12345!"})
    assert response.status_code == 302
    panel_member.refresh_from_db()
    assert panel_member.check_password(TEST_PASSWORD)
    change_page = client.get(reverse("admin:commissioning_user_change", args=[panel_member.pk])).content.decode()
    assert "password/" not in change_page  # no link to a password form


def test_instead_they_send_a_password_reset_email_which_is_logged(
    client, administrator, panel_member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:commissioning_user_changelist"),
            {"action": "send_password_reset", "_selected_action": [panel_member.pk]},
        )
    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [[panel_member.email]]
    assert "/password-reset/" in mailoutbox[0].body
    event = AuditEvent.objects.get(verb=Verb.PASSWORD_RESET_SENT)
    assert event.actor == administrator and event.target == panel_member


def test_a_new_account_made_in_admin_has_no_password_until_its_owner_chooses_one(
    client, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:commissioning_user_add"), {"email": "new.person@example.org", "full_name": "New Person"}
        )
    assert response.status_code == 302
    person = User.objects.get(email="new.person@example.org")
    assert not person.has_usable_password()
    assert [message.to for message in mailoutbox] == [["new.person@example.org"]]
    assert AuditEvent.objects.filter(verb=Verb.ACCOUNT_CREATED_IN_ADMIN, actor=administrator).exists()


def test_accounts_are_switched_off_not_deleted(client, administrator, panel_member):
    client.force_login(administrator)
    assert client.get(reverse("admin:commissioning_user_delete", args=[panel_member.pk])).status_code == 403
    assert User.objects.filter(pk=panel_member.pk).exists()
