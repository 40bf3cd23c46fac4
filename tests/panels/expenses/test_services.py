"""The expenses rules (services.expenses): a member claims under the programme's rules, with a
receipt where it asks for one; staff approve, query (with a reason) or mark paid, each change
logged; a volunteer never approves and staff never claim; an honorarium may be declined privately."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from commissioning.models import AuditEvent, OutgoingEmail
from panels.audit import Verb
from panels.exceptions import PanelError
from panels.models import ExpenseClaim, Honorarium, PanelMembership
from panels.services import expenses
from tests.applications.sample_files import pdf, png, upload
from tests.panels.expenses.world import claim, receipt, rules_for, yesterday
from tests.panels.factories import seat

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict:
    return {field: " ".join(messages) for field, messages in excinfo.value.message_dict.items()}


def test_a_bus_fare_with_its_receipt_is_claimed_and_logged(member, panel):
    made = claim(member, panel, description="Bus to the Civic Hall")

    assert made.status == ExpenseClaim.Status.SUBMITTED
    assert made.amount == Decimal("4.60")
    assert made.receipt_kind == "jpg"
    assert made.receipt.name.startswith("receipts/") and "Bus" not in made.receipt.name
    assert default_storage.exists(made.receipt.name)
    event = AuditEvent.objects.get(verb=Verb.EXPENSE_CLAIMED)
    assert event.actor == member and event.target == made and event.data == {"amount": "4.60"}


def test_mileage_is_worked_out_from_the_miles_at_the_programmes_rate_to_the_penny(member, panel):
    rules_for(panel, mileage_pence_per_mile=45)

    made = claim(member, panel, kind=ExpenseClaim.Kind.MILEAGE, miles=Decimal("12.3"), amount=None, receipt=None)

    assert made.amount == Decimal("5.54")  # 12.3 × 45p = 553.5p, rounded half up
    assert made.miles == Decimal("12.3")


def test_mileage_without_miles_is_refused_in_plain_words(member, panel):
    with pytest.raises(ValidationError) as excinfo:
        claim(member, panel, kind=ExpenseClaim.Kind.MILEAGE, miles=None, amount=None, receipt=None)

    assert errors_of(excinfo) == {"miles": "Enter how many miles you drove, like 12.5"}
    assert not ExpenseClaim.objects.exists()


def test_an_absurd_trip_is_refused(member, panel):
    with pytest.raises(ValidationError) as excinfo:
        claim(member, panel, kind=ExpenseClaim.Kind.MILEAGE, miles=Decimal("5000"), amount=None, receipt=None)

    assert "looks like a slip" in errors_of(excinfo)["miles"]


def test_a_taxi_is_refused_where_the_programme_does_not_pay_for_taxis(member, panel):
    rules_for(panel, allows_taxis=False)

    with pytest.raises(ValidationError) as excinfo:
        claim(member, panel, kind=ExpenseClaim.Kind.TAXI)

    assert errors_of(excinfo)["kind"].startswith("This programme does not pay for taxis")
    assert not ExpenseClaim.objects.exists()


def test_a_taxi_is_paid_where_the_programme_allows_taxis(member, panel):
    rules_for(panel, allows_taxis=True)

    assert claim(member, panel, kind=ExpenseClaim.Kind.TAXI, amount=Decimal("14.00")).amount == Decimal("14.00")


def test_a_missing_receipt_is_refused_where_the_programme_needs_one(member, panel):
    rules_for(panel, needs_receipts=True)

    with pytest.raises(ValidationError) as excinfo:
        claim(member, panel, receipt=None)

    assert errors_of(excinfo)["receipt"].startswith("Add a photo (JPEG or PNG) or a PDF of the receipt")


def test_no_receipt_is_needed_where_the_programme_says_so(member, panel):
    rules_for(panel, needs_receipts=False)

    assert claim(member, panel, receipt=None).receipt.name == ""


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("-4.60"), "The amount must be more than £0"),
        (Decimal("0"), "The amount must be more than £0"),
        (Decimal("1000.01"), "One claim can be up to £1,000. For a bigger cost, talk to staff first."),
        (None, "Enter how much it cost, like £12.50"),
    ],
)
def test_negative_empty_and_absurd_amounts_are_refused(member, panel, amount, message):
    with pytest.raises(ValidationError) as excinfo:
        claim(member, panel, amount=amount)

    assert errors_of(excinfo)["amount"] == message


def test_a_cost_in_the_future_is_refused(member, panel):
    from datetime import timedelta

    with pytest.raises(ValidationError) as excinfo:
        claim(member, panel, spent_on=yesterday() + timedelta(days=2))

    assert errors_of(excinfo)["spent_on"] == "The date of the cost must be today or in the past"


def test_a_session_of_another_panel_is_refused(member, panel, facilitator):
    from django.utils import timezone

    from panels.models import Panel

    other = Panel.objects.create(funding_round=panel.funding_round, name="Panel B")
    session = other.sessions.create(title="B meets", starts_at=timezone.now(), place="Room 1", arranged_by=facilitator)

    with pytest.raises(ValidationError) as excinfo:
        claim(member, panel, occasion=ExpenseClaim.Occasion.SESSION, session=session)

    assert errors_of(excinfo)["session"] == "Choose the together session the cost was for"


@pytest.mark.parametrize(
    ("body", "name"), [(b"MZ\x90\x00 a program", "receipt.jpg"), (b"just some words", "receipt.pdf")]
)
def test_a_receipt_that_is_not_a_photo_or_pdf_is_refused_whatever_its_name(member, panel, body, name):
    with pytest.raises(ValidationError) as excinfo:
        claim(member, panel, receipt=upload(name, body, content_type="image/jpeg"))

    assert "must be a photo (JPEG or PNG) or a PDF" in errors_of(excinfo)["receipt"]


def test_a_receipt_over_10_mb_is_refused(member, panel):
    big = upload("receipt.pdf", pdf() + b"\x00" * ExpenseClaim.MAX_RECEIPT_BYTES)

    with pytest.raises(ValidationError) as excinfo:
        claim(member, panel, receipt=big)

    assert "bigger than 10 MB" in errors_of(excinfo)["receipt"]


@pytest.mark.parametrize("body", [png(), pdf()])
def test_png_and_pdf_receipts_are_taken(member, panel, body):
    made = claim(member, panel, receipt=upload("receipt", body))

    assert made.receipt_kind in ("png", "pdf")


def test_a_claim_while_the_store_is_down_is_refused_kindly_and_nothing_is_saved(member, panel, settings):
    from tests.test_object_storage import unreachable_store

    settings.STORAGES = unreachable_store()

    with pytest.raises(PanelError, match="We cannot reach the store"):
        claim(member, panel)

    assert not ExpenseClaim.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.EXPENSE_CLAIMED).exists()


def test_staff_cannot_claim_even_when_seated_on_the_panel(facilitator, panel):
    """Seated and inducted, so only the rule for staff stands in the way."""
    seat(facilitator, panel)

    with pytest.raises(PermissionDenied, match="Staff claim their own expenses through their employer"):
        claim(facilitator, panel)


def test_someone_elses_seat_cannot_be_claimed_for(member, colleague, panel):
    membership = PanelMembership.objects.get(panel=panel, user=member)

    with pytest.raises(PermissionDenied):
        expenses.claim_expense(
            actor=colleague,
            membership=membership,
            kind="bus",
            occasion="panel",
            spent_on=yesterday(),
            amount=Decimal("3"),
            receipt=receipt(),
        )


def test_a_member_whose_seat_ended_can_still_claim_for_work_done(member, panel):
    PanelMembership.objects.filter(panel=panel, user=member).update(status=PanelMembership.Status.REMOVED)

    assert claim(member, panel).status == ExpenseClaim.Status.SUBMITTED


# Staff approve, query and pay ------------------------------------------------------------------


def test_staff_approve_then_mark_paid_and_each_step_is_logged(member, panel, facilitator):
    made = claim(member, panel)

    expenses.approve_claim(actor=facilitator, claim=made)
    paid = expenses.mark_claim_paid(actor=facilitator, claim=made)

    assert paid.status == ExpenseClaim.Status.PAID
    assert paid.reviewed_by == facilitator and paid.approved_at and paid.paid_at
    verbs = list(AuditEvent.objects.filter(actor=facilitator).order_by("pk").values_list("verb", flat=True))
    assert verbs == [Verb.EXPENSE_APPROVED, Verb.EXPENSE_PAID]


def test_a_claim_cannot_be_paid_before_it_is_approved(member, panel, facilitator):
    made = claim(member, panel)

    with pytest.raises(PanelError, match="cannot be paid now"):
        expenses.mark_claim_paid(actor=facilitator, claim=made)

    made.refresh_from_db()
    assert made.status == ExpenseClaim.Status.SUBMITTED


def test_a_query_needs_a_reason_which_the_member_is_emailed_and_answers(member, panel, facilitator):
    made = claim(member, panel)
    with pytest.raises(ValidationError):
        expenses.query_claim(actor=facilitator, claim=made, reason="   ")

    expenses.query_claim(actor=facilitator, claim=made, reason="The ticket shows £4.20, not £4.60.")
    made.refresh_from_db()
    assert made.status == ExpenseClaim.Status.QUERIED
    email = OutgoingEmail.objects.get(to=[member.email])
    assert "The ticket shows £4.20, not £4.60." in email.text_body

    expenses.answer_query(actor=member, claim=made, reply="Sorry, here is the right ticket.", receipt=receipt("2.jpg"))
    made.refresh_from_db()
    assert made.status == ExpenseClaim.Status.SUBMITTED
    assert made.member_reply == "Sorry, here is the right ticket."
    assert made.receipt_name == "2.jpg"
    assert AuditEvent.objects.filter(verb=Verb.EXPENSE_QUERY_ANSWERED, actor=member).exists()


def test_a_member_cannot_answer_a_claim_that_was_not_queried(member, panel):
    made = claim(member, panel)

    with pytest.raises(PermissionDenied, match="Staff have no question about this claim"):
        expenses.answer_query(actor=member, claim=made, reply="Hello")


@pytest.mark.parametrize("action", ["approve_claim", "mark_claim_paid"])
def test_a_volunteer_never_approves_or_pays_not_even_their_own(member, colleague, panel, facilitator, action):
    made = claim(member, panel)
    if action == "mark_claim_paid":
        expenses.approve_claim(actor=facilitator, claim=made)

    for volunteer in (member, colleague):
        with pytest.raises(PermissionDenied, match="Only staff approve, query or pay"):
            getattr(expenses, action)(actor=volunteer, claim=made)


def test_a_volunteer_cannot_query_a_claim(member, colleague, panel):
    made = claim(member, panel)

    with pytest.raises(PermissionDenied):
        expenses.query_claim(actor=colleague, claim=made, reason="Why?")


# Honoraria -----------------------------------------------------------------------------------


def test_a_member_declines_the_honorarium_privately_and_it_is_never_paid(member, panel, facilitator):
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))
    membership = PanelMembership.objects.get(panel=panel, user=member)

    expenses.choose_honorarium(actor=member, membership=membership, decline=True)

    assert Honorarium.objects.get(membership=membership).is_declined
    assert AuditEvent.objects.filter(verb=Verb.HONORARIUM_DECLINED, actor=member).exists()
    with pytest.raises(PanelError, match="declined the honorarium"):
        expenses.pay_honorarium(actor=facilitator, membership=membership)


def test_a_member_may_take_the_honorarium_up_again_and_staff_pay_it_once(member, panel, facilitator):
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))
    membership = PanelMembership.objects.get(panel=panel, user=member)
    expenses.choose_honorarium(actor=member, membership=membership, decline=True)

    expenses.choose_honorarium(actor=member, membership=membership, decline=False)
    paid = expenses.pay_honorarium(actor=facilitator, membership=membership)

    assert paid.is_paid and paid.amount == Decimal("100")
    with pytest.raises(PanelError, match="already been paid"):
        expenses.pay_honorarium(actor=facilitator, membership=membership)
    with pytest.raises(PermissionDenied, match="has been paid"):
        expenses.choose_honorarium(actor=member, membership=membership, decline=True)


def test_no_honorarium_can_be_declined_or_paid_where_none_is_offered(member, panel, facilitator):
    membership = PanelMembership.objects.get(panel=panel, user=member)

    with pytest.raises(PermissionDenied, match="does not offer an honorarium"):
        expenses.choose_honorarium(actor=member, membership=membership, decline=True)
    with pytest.raises(PanelError, match="does not offer an honorarium"):
        expenses.pay_honorarium(actor=facilitator, membership=membership)


def test_a_volunteer_cannot_mark_an_honorarium_paid(member, colleague, panel):
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))

    with pytest.raises(PermissionDenied):
        expenses.pay_honorarium(actor=colleague, membership=PanelMembership.objects.get(panel=panel, user=member))


# What finance and the report read -----------------------------------------------------------------


def test_the_csv_neutralises_text_a_spreadsheet_would_run(member, panel):
    claim(member, panel, description='=HYPERLINK("http://evil.example","Click")')

    text = expenses.expenses_csv(expenses.claims_of_programme(panel.funding_round.programme))

    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text
    assert "Pamela Panel" in text and "4.60" in text


def test_the_support_totals_count_paid_claims_and_honoraria_and_name_nobody(member, colleague, panel, facilitator):
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))
    for amount in (Decimal("4.60"), Decimal("12.25")):
        approved = expenses.approve_claim(actor=facilitator, claim=claim(member, panel, amount=amount))
        expenses.mark_claim_paid(actor=facilitator, claim=approved)
    claim(member, panel, amount=Decimal("99"))  # waiting: not counted
    expenses.pay_honorarium(actor=facilitator, membership=PanelMembership.objects.get(panel=panel, user=member))
    expenses.choose_honorarium(
        actor=colleague, membership=PanelMembership.objects.get(panel=panel, user=colleague), decline=True
    )

    assert expenses.support_totals(panel.funding_round) == {
        "claims_paid": 2,
        "claims_total": Decimal("16.85"),
        "honoraria_paid": 1,
        "honoraria_total": Decimal("100.00"),
        "honoraria_declined": 1,
    }


def test_a_query_stands_when_the_mail_server_is_down_and_the_email_waits_in_the_outbox(member, panel, facilitator):
    from tests.mail import mail_server_down

    made = claim(member, panel)
    with mail_server_down():
        expenses.query_claim(actor=facilitator, claim=made, reason="Which session was this for?")

    made.refresh_from_db()
    assert made.status == ExpenseClaim.Status.QUERIED
    email = OutgoingEmail.objects.get(to=[member.email])
    assert email.status != OutgoingEmail.Status.SENT
    assert AuditEvent.objects.filter(verb=Verb.EXPENSE_QUERIED).count() == 1


def test_nothing_is_claimed_once_the_round_is_closed(member, panel):
    from commissioning.models import FundingRound

    FundingRound.objects.filter(pk=panel.funding_round_id).update(status=FundingRound.Status.CLOSED)

    with pytest.raises(PermissionDenied, match="This round is closed"):
        claim(member, panel)


def test_an_invited_member_cannot_claim_until_they_sit_on_the_panel(member, panel):
    PanelMembership.objects.filter(panel=panel, user=member).update(status=PanelMembership.Status.INVITED)

    with pytest.raises(PermissionDenied, match="only for a panel you sit on"):
        claim(member, panel)


def test_a_new_receipt_with_an_answer_replaces_the_old_one_in_the_store(
    member, panel, facilitator, django_capture_on_commit_callbacks
):
    made = claim(member, panel)
    old = made.receipt.name
    expenses.query_claim(actor=facilitator, claim=made, reason="The photo is blurred.")

    with django_capture_on_commit_callbacks(execute=True):
        answered = expenses.answer_query(actor=member, claim=made, reply="A clearer one.", receipt=receipt("2.jpg"))

    assert answered.receipt.name != old
    assert default_storage.exists(answered.receipt.name)
    assert not default_storage.exists(old)
