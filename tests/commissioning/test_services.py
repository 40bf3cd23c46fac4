from commissioning import services
from commissioning.audit import Verb
from commissioning.models import AuditEvent, User

from .factories import UserFactory


def test_change_role_to_facilitator_is_logged_and_never_a_superuser(administrator):
    person = UserFactory(email="new.staff@example.org")
    services.change_role(actor=administrator, user=person, role=User.Role.FACILITATOR)
    person.refresh_from_db()
    assert person.role == User.Role.FACILITATOR
    assert not person.is_superuser and not person.is_staff
    event = AuditEvent.objects.get(verb=Verb.ROLE_CHANGED)
    assert event.actor == administrator
    assert event.target == person
    assert event.data == {"from": "person", "to": "facilitator"}


def test_change_role_to_administrator_opens_django_admin(administrator):
    person = UserFactory()
    services.change_role(actor=administrator, user=person, role=User.Role.ADMINISTRATOR)
    person.refresh_from_db()
    assert person.is_superuser and person.is_staff


def test_change_role_back_to_person_closes_django_admin(administrator):
    other_admin = UserFactory(administrator=True)
    services.change_role(actor=administrator, user=other_admin, role=User.Role.PERSON)
    other_admin.refresh_from_db()
    assert not other_admin.is_superuser and not other_admin.is_staff


def test_change_role_to_the_same_role_writes_nothing(administrator, facilitator):
    services.change_role(actor=administrator, user=facilitator, role=User.Role.FACILITATOR)
    assert not AuditEvent.objects.filter(verb=Verb.ROLE_CHANGED).exists()


def test_update_account_logs_which_fields_changed(panel_member):
    services.update_account(
        actor=panel_member, full_name="Pam Panel", prefers_larger_text=True, prefers_high_contrast=False
    )
    event = AuditEvent.objects.get(verb=Verb.ACCOUNT_UPDATED)
    assert event.data == {"changed": ["full_name", "prefers_larger_text"]}
