import pytest
from django.db import IntegrityError, transaction

from commissioning.audit import Verb
from commissioning.models import AuditEvent, FundingRound, User
from commissioning.services import record_event

from .factories import UserFactory


def test_email_is_the_login_and_is_stored_lower_case(db):
    user = User.objects.create_user("Mary.Smith@Example.ORG", "pw-long-enough-1", full_name="Mary Smith")
    assert user.email == "mary.smith@example.org"
    assert User.objects.get_by_natural_key("  MARY.smith@example.org ") == user


def test_createsuperuser_makes_an_administrator(db):
    admin = User.objects.create_superuser("root@example.org", "pw-long-enough-1", full_name="Root")
    assert admin.role == User.Role.ADMINISTRATOR
    assert admin.is_superuser and admin.is_staff


def test_a_facilitator_can_never_be_a_superuser(db):
    user = UserFactory(facilitator=True)
    user.is_superuser = True
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()


def test_a_volunteer_can_never_use_django_admin(db):
    user = UserFactory()
    user.is_staff = True
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()


def test_audit_events_cannot_be_edited(db):
    event = record_event(actor=None, verb=Verb.DEMO_DATA_LOADED)
    event.data = {"forged": True}
    with pytest.raises(AuditEvent.Immutable):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).data == {}


def test_audit_events_cannot_be_deleted_one_by_one_or_in_bulk(db):
    event = record_event(actor=None, verb=Verb.DEMO_DATA_LOADED)
    with pytest.raises(AuditEvent.Immutable):
        event.delete()
    with pytest.raises(AuditEvent.Immutable):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditEvent.Immutable):
        AuditEvent.objects.update(verb="commissioning.signed_in")
    assert AuditEvent.objects.filter(pk=event.pk, verb=Verb.DEMO_DATA_LOADED).exists()


def test_a_person_in_the_log_cannot_be_deleted(db):
    from django.db.models import ProtectedError

    user = UserFactory()
    record_event(actor=user, verb=Verb.SIGNED_IN, target=user)
    with pytest.raises(ProtectedError):
        user.delete()


def test_audit_event_keeps_the_names_as_they_were(db):
    user = UserFactory(full_name="Before Name")
    event = record_event(actor=user, verb=Verb.SIGNED_IN, target=user)
    user.full_name = "After Name"
    user.save()
    event.refresh_from_db()
    assert (event.actor_label, event.target_label) == ("Before Name", "Before Name")
    assert event.target == user
    assert list(AuditEvent.objects.for_target(user)) == [event]


def test_a_round_has_reached_its_own_stage_and_those_before_it_only():
    funding_round = FundingRound(status=FundingRound.Status.INTERVIEWS)

    assert funding_round.has_reached(FundingRound.Status.SHORTLISTING)
    assert funding_round.has_reached(FundingRound.Status.INTERVIEWS)
    assert not funding_round.has_reached(FundingRound.Status.DECISION)
    assert not funding_round.decisions_are_told
    assert FundingRound(status=FundingRound.Status.CLOSED).decisions_are_told


def test_a_round_before_a_stage_between_stages_and_at_a_stage():
    funding_round = FundingRound(status=FundingRound.Status.INTERVIEWS)

    assert funding_round.is_before(FundingRound.Status.DECISION)
    assert not funding_round.is_before(FundingRound.Status.INTERVIEWS)
    assert funding_round.is_between(FundingRound.Status.SHORTLISTING, FundingRound.Status.DECISION)
    assert funding_round.is_between(FundingRound.Status.INTERVIEWS, FundingRound.Status.INTERVIEWS)
    assert not funding_round.is_between(FundingRound.Status.DECISION, FundingRound.Status.CLOSED)
    assert funding_round.is_at("interviews") and not funding_round.is_at("shortlisting")


def test_a_misspelt_stage_is_an_error_not_a_silent_no():
    with pytest.raises(ValueError):
        FundingRound(status=FundingRound.Status.OPEN).has_reached("shortlist")


def test_rounds_are_found_by_the_stage_they_have_reached(db):
    from .factories import FundingRoundFactory

    statuses = [FundingRound.Status.DRAFT, FundingRound.Status.OPEN, FundingRound.Status.DECISION]
    for status in statuses:
        FundingRoundFactory(status=status)
    rounds = FundingRound.objects.all()

    def found(queryset):
        return sorted(queryset.values_list("status", flat=True))

    assert found(rounds.that_have_reached(FundingRound.Status.OPEN)) == ["decision", "open"]
    assert found(rounds.that_are_before(FundingRound.Status.OPEN)) == ["draft"]
    assert found(rounds.that_are_between(FundingRound.Status.CRITERIA, FundingRound.Status.SHORTLISTING)) == ["open"]
    assert found(rounds.published()) == ["decision", "open"]


def test_templates_ask_the_round_where_it_is():
    from django.template import Context, Template

    page = Template('{% if r|has_reached:"open" %}reached{% endif %}{% if r|is_at:"open" %} at{% endif %}')
    assert page.render(Context({"r": FundingRound(status=FundingRound.Status.ELIGIBILITY)})) == "reached"
