"""Audit verbs: namespaced strings each app registers with its own words, so a new one needs no migration."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from applications.audit import DESCRIPTIONS as APPLICATION_DESCRIPTIONS
from applications.audit import Verb as ApplicationVerb
from commissioning import audit
from commissioning.audit import DESCRIPTIONS as COMMISSIONING_DESCRIPTIONS
from commissioning.audit import Verb as CommissioningVerb
from commissioning.models import AuditEvent
from commissioning.services import record_event
from panels.audit import DESCRIPTIONS as PANEL_DESCRIPTIONS
from panels.audit import Verb as PanelVerb


@pytest.fixture
def registry(monkeypatch):
    """Verbs registered by a test are forgotten after it."""
    monkeypatch.setattr(audit, "_descriptions", audit.registered_verbs())


def constants(verb_class) -> list[str]:
    return [value for name, value in vars(verb_class).items() if name.isupper()]


@pytest.mark.parametrize(
    ("app_label", "verb_class", "descriptions"),
    [
        ("commissioning", CommissioningVerb, COMMISSIONING_DESCRIPTIONS),
        ("applications", ApplicationVerb, APPLICATION_DESCRIPTIONS),
        ("panels", PanelVerb, PANEL_DESCRIPTIONS),
    ],
)
def test_every_apps_verbs_are_its_own_and_registered_with_words(app_label, verb_class, descriptions):
    verbs = constants(verb_class)
    assert verbs
    assert sorted(descriptions) == sorted(verbs)
    for verb in verbs:
        assert verb.startswith(f"{app_label}.")
        assert audit.is_registered(verb)
        assert audit.describe(verb) == descriptions[verb] != verb


@pytest.mark.django_db
def test_an_unregistered_verb_is_refused_and_nothing_is_written():
    # The old bare spelling is not a verb any more either.
    for verb in ("panels.made_up_verb", "decision_recorded"):
        with pytest.raises(audit.UnregisteredVerb, match=verb):
            record_event(actor=None, verb=verb)
    assert not AuditEvent.objects.exists()
    assert record_event(actor=None, verb=CommissioningVerb.DEMO_DATA_LOADED).pk  # a registered one is written


@pytest.mark.django_db
def test_registering_a_new_verb_needs_no_migration(registry):
    audit.register_verbs("panels", {"panels.seat_removed": "removed someone from a panel"})

    event = record_event(actor=None, verb="panels.seat_removed")

    assert event.verb_description == "removed someone from a panel"
    assert AuditEvent._meta.get_field("verb").choices is None
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits non-zero if one were needed


def test_an_app_registers_only_verbs_in_its_own_namespace(registry):
    with pytest.raises(ImproperlyConfigured, match="its own verbs"):
        audit.register_verbs("applications", {"panels.decision_recorded": "recorded a decision"})
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        audit.register_verbs("panels", {PanelVerb.DECISION_RECORDED: "something else"})
    assert audit.describe(PanelVerb.DECISION_RECORDED) == "recorded a panel's funding decision"


@pytest.mark.django_db(transaction=True)
def test_the_migration_namespaces_existing_lines_and_strips_them_on_the_way_back():
    before, after = [("commissioning", "0007_decision_verbs")], [("commissioning", "0008_namespaced_audit_verbs")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_model = executor.loader.project_state(before).apps.get_model("commissioning", "AuditEvent")
    old_model.objects.create(verb="decision_recorded", actor_label="Pamela Panel")
    old_model.objects.create(verb="signed_in", actor_label="Pamela Panel")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    assert sorted(AuditEvent.objects.values_list("verb", flat=True)) == [
        CommissioningVerb.SIGNED_IN,
        PanelVerb.DECISION_RECORDED,
    ]

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    assert sorted(old_model.objects.values_list("verb", flat=True)) == ["decision_recorded", "signed_in"]
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
