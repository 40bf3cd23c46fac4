"""Build the Time to Shine demo: run it as often as you like, it only adds what is missing."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.template.defaultfilters import pluralize

from commissioning import demo, idle, services
from commissioning.audit import Verb
from commissioning.models import User

DEMO_PASSWORD = "together-demo"

CRITERIA_GROUP = [
    "Margaret Holroyd",
    "Dennis Akhtar",
    "Pauline Okafor",
    "Stanley Wood",
    "Irene Kowalski",
    "Harold Begum",
    "Joan Fairbairn",
    "Winston Clarke",
]
PANEL_MEMBERS = [
    "Brenda Sutcliffe",
    "Arthur Mensah",
    "Sheila Patel",
    "Kenneth Lister",
    "Doreen McAllister",
    "Raymond Chaudhry",
    "Valerie Thornton",
    "Clifford Adeyemi",
    "Maureen Gallagher",
    "Trevor Hussain",
    "Patricia Lumb",
    "Desmond Brown",
    "Eileen Rashid",
    "Norman Whitaker",
    "Gloria Campbell",
    "Frank Hirst",
]
FIRST_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Daniel",
    "Esther",
    "Farid",
    "Grace",
    "Hamza",
    "Isla",
    "Jack",
    "Kiran",
    "Laura",
    "Mohammed",
    "Nadia",
    "Oliver",
    "Priya",
    "Quentin",
    "Rachel",
    "Samir",
    "Tess",
]
LAST_NAMES = ["Ahmed", "Booth", "Cartwright", "Dunn", "Ellis", "Fletcher", "Green", "Haigh"]


def demo_people() -> list[tuple[str, str, str]]:
    """(email, full name, role) for every demo login."""
    people = [
        ("admin@demo.example", "Alex Admin", User.Role.ADMINISTRATOR),
        ("staff@demo.example", "Sam Facilitator", User.Role.FACILITATOR),
    ]
    people += [(f"criteria{i}@demo.example", name, User.Role.PERSON) for i, name in enumerate(CRITERIA_GROUP, 1)]
    people += [(f"panel{i}@demo.example", name, User.Role.PERSON) for i, name in enumerate(PANEL_MEMBERS, 1)]
    people += [
        (
            f"applicant{i}@demo.example",
            f"{FIRST_NAMES[(i - 1) % len(FIRST_NAMES)]} {LAST_NAMES[(i - 1) % len(LAST_NAMES)]}",
            User.Role.PERSON,
        )
        for i in range(1, 41)
    ]
    return people


class Command(BaseCommand):
    help = "Load the Time to Shine demo data (idempotent) and print the demo logins."

    @transaction.atomic
    def handle(self, *args, **options):
        people = demo_people()
        existing = set(User.objects.filter(email__in=[email for email, _, _ in people]).values_list("email", flat=True))
        missing = [person for person in people if person[0] not in existing]
        if missing:
            # One hash for every demo login: hashing 66 passwords one by one takes half a minute.
            password = make_password(DEMO_PASSWORD)
            User.objects.bulk_create(
                [User(email=email, full_name=name, password=password) for email, name, _ in missing]
            )
            created = {user.email: user for user in User.objects.filter(email__in=[email for email, _, _ in missing])}
            for email, _, role in missing:
                if role != User.Role.PERSON:
                    services.change_role(actor=None, user=created[email], role=role)
            services.record_event(actor=None, verb=Verb.DEMO_DATA_LOADED, data={"people_added": len(missing)})
        staff = User.objects.get(email="staff@demo.example")
        criteria_members = list(User.objects.filter(email__in=[f"criteria{i}@demo.example" for i in range(1, 9)]))
        criteria_members.sort(key=lambda user: int(user.email.removeprefix("criteria").split("@")[0]))
        rounds_added = demo.build_rounds(staff=staff, criteria_members=criteria_members)
        if rounds_added:
            self.stdout.write(
                f"Added {rounds_added} funding rounds: New projects 2018 (shortlisting), "
                "Connecting communities 2019 (open), Small grants 2019 (agreeing criteria)."
            )
        demo.run_registered_builders(self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {len(missing)} people added, {len(existing)} already there.")
        )
        self.print_logins()

    def print_logins(self):
        self.stdout.write(
            "\nDemo logins (every password is: together-demo)\n"
            "  admin@demo.example                            administrator (Django admin)\n"
            "  staff@demo.example                            staff facilitator\n"
            "  criteria1@demo.example … criteria8@demo.example   criteria group (older people)\n"
            "  panel1@demo.example … panel16@demo.example        volunteer panel members\n"
            "  applicant1@demo.example … applicant40@demo.example  organisation contacts\n"
            "No password? On the sign-in page choose 'Email me a sign-in link' for any of them: in\n"
            "development the email, with its link, is printed in this console.\n"
        )
        limits = idle.limits()
        self.stdout.write(
            "\nShared computers: a session ends after "
            f"{limits.minutes} minute{pluralize(limits.minutes)} with nothing done, with a warning "
            f"{round(limits.warning / 60)} minutes before; to see the warning at once, start the server with\n"
            "  SESSION_IDLE_TIMEOUT=120 SESSION_IDLE_WARNING=90 SESSION_IDLE_REFRESH=0 python manage.py runserver\n"
            f"Signing in pauses for 15 minutes after {settings.AXES_FAILURE_LIMIT} wrong passwords for one email.\n"
        )
