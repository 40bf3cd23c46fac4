"""`manage.py seed_demo`: the Time to Shine demo, safe to run again and again."""

from io import StringIO

import pytest
from django.conf import global_settings
from django.core import mail
from django.core.management import call_command

from commissioning.audit import Verb
from commissioning.models import AuditEvent, OutgoingEmail, User
from tests.mail import mail_server_down

DEMO_PASSWORD = "together-demo"
DEMO_PEOPLE = 2 + 8 + 16 + 40  # administrator, facilitator, criteria group, panel, applicants


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_creates_the_demo_people_and_logs_it():
    seed()
    assert User.objects.count() == DEMO_PEOPLE
    assert User.objects.filter(email__startswith="criteria", email__endswith="@demo.example").count() == 8
    assert User.objects.filter(email__startswith="panel", email__endswith="@demo.example").count() == 16
    assert User.objects.filter(email__startswith="applicant", email__endswith="@demo.example").count() == 40
    # Two role changes (administrator, facilitator) and one "loaded the demo data", all by the system.
    assert AuditEvent.objects.filter(verb=Verb.ROLE_CHANGED, actor=None).count() == 2
    loaded = AuditEvent.objects.get(verb=Verb.DEMO_DATA_LOADED)
    assert loaded.actor is None
    assert loaded.data == {"people_added": DEMO_PEOPLE}


@pytest.mark.django_db
def test_seed_demo_run_twice_gives_the_same_rows():
    seed()
    users = list(User.objects.order_by("email").values_list("email", "full_name", "role", "is_staff", "is_superuser"))
    events = AuditEvent.objects.count()

    second = seed()
    assert User.objects.count() == DEMO_PEOPLE
    assert (
        list(User.objects.order_by("email").values_list("email", "full_name", "role", "is_staff", "is_superuser"))
        == users
    )
    assert AuditEvent.objects.count() == events
    assert "0 people added, 66 already there" in second


@pytest.mark.django_db
def test_seed_demo_adds_only_what_is_missing():
    User.objects.create_user("panel3@demo.example", "own password", full_name="Already Here")
    seed()
    assert User.objects.filter(email__endswith="@demo.example").count() == DEMO_PEOPLE
    kept = User.objects.get(email="panel3@demo.example")
    assert kept.full_name == "Already Here"
    assert kept.check_password("own password")
    assert AuditEvent.objects.get(verb=Verb.DEMO_DATA_LOADED).data == {"people_added": DEMO_PEOPLE - 1}


@pytest.mark.django_db
def test_demo_administrator_and_facilitator_have_the_right_roles():
    seed()
    admin = User.objects.get(email="admin@demo.example")
    assert admin.role == User.Role.ADMINISTRATOR
    assert admin.is_superuser and admin.is_staff
    staff = User.objects.get(email="staff@demo.example")
    assert staff.role == User.Role.FACILITATOR
    assert not staff.is_superuser and not staff.is_staff
    assert not User.objects.exclude(email__in=["admin@demo.example"]).filter(is_superuser=True).exists()
    assert set(
        User.objects.exclude(email__in=["admin@demo.example", "staff@demo.example"]).values_list("role", flat=True)
    ) == {User.Role.PERSON}


@pytest.mark.django_db
def test_demo_password_works_with_the_real_password_hasher(settings, client):
    # Undo the tests' fast MD5 hasher: the demo must work with the hasher the service really uses.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    seed()
    admin = User.objects.get(email="admin@demo.example")
    assert admin.password.startswith("pbkdf2_sha256$")
    assert admin.check_password(DEMO_PASSWORD)
    # And through the real sign-in page.
    response = client.post("/sign-in/", {"username": "panel1@demo.example", "password": DEMO_PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_seed_demo_prints_the_logins():
    out = seed()
    assert "Demo data ready: 66 people added, 0 already there." in out
    assert "every password is: together-demo" in out
    for login in (
        "admin@demo.example",
        "staff@demo.example",
        "criteria1@demo.example",
        "panel16@demo.example",
        "applicant40@demo.example",
    ):
        assert login in out


@pytest.mark.django_db
def test_seed_demo_finishes_with_the_mail_server_down():
    """It used to crash at its end when the demo's decisions were emailed; they wait in the outbox now."""
    with mail_server_down():
        out = seed()
    assert "Demo data ready" in out
    assert mail.outbox == []
    assert OutgoingEmail.objects.exists()
    assert not OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).exists()


@pytest.mark.django_db
def test_seed_demo_says_how_to_see_the_timeout_warning(settings):
    out = seed()
    assert "a session ends after 60 minutes with nothing done, with a warning 5 minutes before" in out
    assert "SESSION_IDLE_TIMEOUT=120 SESSION_IDLE_WARNING=90 SESSION_IDLE_REFRESH=0 python manage.py runserver" in out
    assert "Signing in pauses for 15 minutes after 5 wrong passwords for one email." in out


def test_the_demo_logins_say_how_to_sign_in_without_a_password():
    from django.core.management.base import OutputWrapper

    from commissioning.management.commands.seed_demo import Command

    out = StringIO()
    command = Command()
    command.stdout = OutputWrapper(out)
    command.print_logins()
    assert "choose 'Email me a sign-in link'" in out.getvalue()
    assert "printed in this console" in out.getvalue()
