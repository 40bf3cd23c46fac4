"""The expenses pages: a member claims with a receipt, sees where a claim stands and answers
staff's question; staff approve, query, mark paid and download the CSV. Wrong input gets a plain
error on the page and nothing typed is lost; each page's queries do not grow with the claims."""

from decimal import Decimal

import pytest
from django.urls import reverse

from panels.models import ExpenseClaim, Honorarium, PanelMembership
from panels.services import expenses
from tests.applications.sample_files import upload
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries
from tests.panels.expenses.world import claim, receipt, rules_for, yesterday
from tests.panels.factories import seat

pytestmark = pytest.mark.django_db


def claim_form(**fields) -> dict:
    day = yesterday()
    return {
        "kind": "bus",
        "occasion": "panel",
        "spent_on_0": day.day,
        "spent_on_1": day.month,
        "spent_on_2": day.year,
        "description": "Bus to the Civic Hall and back",
        "amount": "4.60",
        "receipt": receipt(),
        **fields,
    }


# The member's pages ---------------------------------------------------------------------------


def test_a_member_claims_a_bus_fare_with_a_receipt_and_sees_it_waiting(member_client, panel):
    response = member_client.post(reverse("panels:expense_claim", args=[panel.pk]), claim_form())

    made = ExpenseClaim.objects.get()
    assert response.status_code == 302 and response.url == made.get_absolute_url()
    page = member_client.get(made.get_absolute_url()).content.decode()
    assert "Your claim is sent" in page
    assert "Waiting for staff" in page and "£4.60" in page
    assert f"{yesterday():%-d %B %Y}" in page


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"amount": "-5"}, "The amount must be more than £0"),
        ({"amount": "four pounds"}, "Enter the amount in pounds and pence, like £12.50"),
        ({"amount": "4.605"}, "Enter the amount in pounds and pence, like £12.50"),
        ({"amount": "5000"}, "One claim can be up to £1,000"),
        ({"receipt": ""}, "Add a photo (JPEG or PNG) or a PDF of the receipt"),
        ({"kind": "mileage", "amount": "", "receipt": ""}, "Enter how many miles you drove"),
        ({"kind": "mileage", "miles": "lots", "receipt": ""}, "Enter the miles as a number, like 12.5"),
        ({"spent_on_0": "31", "spent_on_1": "2"}, "Enter the date of the cost as a real date"),
        ({"kind": ""}, "Choose what the cost was"),
        ({"receipt": upload("receipt.jpg", b"not a photo at all")}, "The receipt must be a photo"),
    ],
)
def test_wrong_input_gets_a_plain_error_on_the_page_and_keeps_what_was_typed(member_client, panel, fields, error):
    response = member_client.post(reverse("panels:expense_claim", args=[panel.pk]), claim_form(**fields))

    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "govuk-error-summary" in page
    assert "Bus to the Civic Hall and back" in page  # what they typed is still there
    assert not ExpenseClaim.objects.exists()


def test_a_taxi_is_refused_on_the_page_where_the_programme_does_not_pay_for_taxis(member_client, panel):
    rules_for(panel, allows_taxis=False)

    response = member_client.post(reverse("panels:expense_claim", args=[panel.pk]), claim_form(kind="taxi"))

    assert "This programme does not pay for taxis" in response.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_the_claim_page_asks_visitors_to_sign_in(client, panel, member):
    response = client.get(reverse("panels:expense_claim", args=[panel.pk]))

    assert response.status_code == 302 and "/sign-in/" in response.url


def test_a_seated_facilitator_is_refused_the_claim_form(client, panel, facilitator):
    seat(facilitator, panel)
    client.force_login(facilitator)

    response = client.get(reverse("panels:expense_claim", args=[panel.pk]))

    assert response.status_code == 403
    assert "Staff claim their own expenses through their employer" in response.content.decode()


def test_another_members_claim_is_not_found_and_their_own_is(client, member, colleague, panel):
    made = claim(member, panel)
    client.force_login(colleague)
    assert client.get(made.get_absolute_url()).status_code == 404
    assert client.get(reverse("panels:expense_receipt", args=[made.pk])).status_code == 404
    client.force_login(member)
    assert client.get(made.get_absolute_url()).status_code == 200


def test_the_member_downloads_their_receipt_with_its_sniffed_type(member_client, member, panel):
    made = claim(member, panel)

    response = member_client.get(reverse("panels:expense_receipt", args=[made.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert 'filename="Bus ticket.jpg"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_the_member_sees_staffs_question_and_answers_it(member_client, member, panel, facilitator):
    made = claim(member, panel)
    expenses.query_claim(actor=facilitator, claim=made, reason="Was this for the 6 March session?")

    page = member_client.get(made.get_absolute_url()).content.decode()
    assert "Staff have a question" in page and "Was this for the 6 March session?" in page
    empty = member_client.post(made.get_absolute_url(), {"reply": ""})
    assert "Write your answer to staff&#x27;s question" in empty.content.decode()
    response = member_client.post(made.get_absolute_url(), {"reply": "Yes, it was."})

    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == ExpenseClaim.Status.SUBMITTED and made.member_reply == "Yes, it was."


def test_honorarium_choose_is_post_only(member_client, panel):
    assert member_client.get(reverse("panels:honorarium_choose", args=[panel.pk])).status_code == 405


def test_a_member_declines_the_honorarium_from_their_expenses_page(member_client, member, panel):
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))

    response = member_client.post(reverse("panels:honorarium_choose", args=[panel.pk]), {"decline": "yes"})

    assert response.status_code == 302
    assert Honorarium.objects.get(membership__user=member).is_declined
    page = member_client.get(reverse("panels:expense_list")).content.decode()
    assert "You declined the honorarium of £100" in page


def test_a_declined_honorarium_is_never_shown_on_the_panels_pages(client, member, colleague, panel):
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))
    expenses.choose_honorarium(
        actor=member, membership=PanelMembership.objects.get(panel=panel, user=member), decline=True
    )
    client.force_login(colleague)

    for url in (panel.get_absolute_url(), reverse("panels:expense_list")):
        page = client.get(url).content.decode()
        assert client.get(url).status_code == 200
        assert "declined" not in page.lower()


def test_my_expenses_page_costs_the_same_queries_however_many_claims(member_client, member, panel):
    claim(member, panel)

    assert_page_queries(
        member_client, reverse("panels:expense_list"), at_most=5, add_data=lambda: [claim(member, panel)]
    )


def test_the_claim_page_and_a_claim_cost_a_few_queries(member_client, member, panel):
    made = claim(member, panel)

    assert_page_queries(member_client, reverse("panels:expense_claim", args=[panel.pk]), at_most=5)
    assert_page_queries(member_client, made.get_absolute_url(), at_most=4)


# Staff's pages --------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, facilitator):
    client.force_login(facilitator)
    return client


def queue_url(panel, status=""):
    url = reverse("panels:expense_queue", args=[panel.funding_round.programme_id])
    return f"{url}?status={status}" if status else url


def test_staff_approve_then_mark_a_claim_paid_from_its_page(staff_client, member, panel):
    made = claim(member, panel)
    url = reverse("panels:expense_review", args=[made.pk])

    assert "Approve the claim" in staff_client.get(url).content.decode()
    staff_client.post(url, {"action": "approve"})
    page = staff_client.get(url).content.decode()
    assert "The claim is approved." in page and "Mark the claim paid" in page
    staff_client.post(url, {"action": "pay"})

    made.refresh_from_db()
    assert made.status == ExpenseClaim.Status.PAID


def test_paying_twice_is_refused_with_a_plain_message(staff_client, member, panel, facilitator):
    made = claim(member, panel)
    expenses.mark_claim_paid(actor=facilitator, claim=expenses.approve_claim(actor=facilitator, claim=made))
    url = reverse("panels:expense_review", args=[made.pk])

    response = staff_client.post(url, {"action": "pay"}, follow=True)

    assert "cannot be paid now" in response.content.decode()


def test_a_query_without_a_reason_shows_an_error_and_changes_nothing(staff_client, member, panel):
    made = claim(member, panel)
    url = reverse("panels:expense_review", args=[made.pk])

    response = staff_client.post(url, {"action": "query", "reason": ""})

    assert response.status_code == 200
    assert "Write what you need to know, so the member can answer" in response.content.decode()
    made.refresh_from_db()
    assert made.status == ExpenseClaim.Status.SUBMITTED
    staff_client.post(url, {"action": "query", "reason": "Which session was it?"})
    made.refresh_from_db()
    assert made.status == ExpenseClaim.Status.QUERIED and made.query_reason == "Which session was it?"


def test_a_member_cannot_review_their_own_claim(member_client, member, panel):
    made = claim(member, panel)

    response = member_client.post(reverse("panels:expense_review", args=[made.pk]), {"action": "approve"})

    assert response.status_code == 403
    made.refresh_from_db()
    assert made.status == ExpenseClaim.Status.SUBMITTED


def test_the_queue_filters_by_status(staff_client, member, panel, facilitator):
    waiting = claim(member, panel, amount=Decimal("4.60"))
    expenses.approve_claim(actor=facilitator, claim=claim(member, panel, amount=Decimal("12.75")))

    everything = staff_client.get(queue_url(panel)).content.decode()
    approved = staff_client.get(queue_url(panel, "approved")).content.decode()

    assert "£4.60" in everything and "£12.75" in everything
    assert "£12.75" in approved and "£4.60" not in approved
    assert waiting.get_kind_display() in approved  # the other claim is a bus fare too: a positive control


def test_the_queue_costs_the_same_queries_however_many_claims_and_members(staff_client, member, panel):
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))
    claim(member, panel)

    added = []

    def more():
        added.append(1)
        person = UserFactory(email=f"volunteer{len(added)}@example.org", full_name=f"Ann Other {len(added)}")
        seat(person, panel)
        claim(person, panel)
        claim(member, panel)

    assert_page_queries(staff_client, queue_url(panel), at_most=6, add_data=more)
    csv_url = reverse("panels:expense_csv", args=[panel.funding_round.programme_id])
    assert_page_queries(staff_client, csv_url, at_most=6, add_data=more)


def test_the_review_page_costs_a_few_queries(staff_client, member, panel):
    assert_page_queries(staff_client, reverse("panels:expense_review", args=[claim(member, panel).pk]), at_most=4)


def test_finance_downloads_the_claims_as_csv(staff_client, member, panel):
    claim(member, panel, description="@SUM(1+1)")

    response = staff_client.get(reverse("panels:expense_csv", args=[panel.funding_round.programme_id]))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text.splitlines()[0].startswith("Claim,Member,Email,Panel")
    assert "Pamela Panel" in text and "4.60" in text and "'@SUM(1+1)" in text


def test_the_csv_lists_paid_honoraria_but_never_a_declined_one(staff_client, member, colleague, panel, facilitator):
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))
    expenses.pay_honorarium(actor=facilitator, membership=PanelMembership.objects.get(panel=panel, user=member))
    expenses.choose_honorarium(
        actor=colleague, membership=PanelMembership.objects.get(panel=panel, user=colleague), decline=True
    )
    url = reverse("panels:expense_csv", args=[panel.funding_round.programme_id])

    rows = staff_client.get(url).content.decode().splitlines()
    waiting = staff_client.get(f"{url}?status=submitted").content.decode()

    assert [row for row in rows if ",Honorarium," in row] == [row for row in rows if "Pamela Panel" in row]
    assert len(rows) == 2 and "100.00" in rows[1]
    assert "Colin Colleague" not in "".join(rows)
    assert "Honorarium" not in waiting


def test_the_csv_is_for_staff_only(member_client, panel):
    assert member_client.get(reverse("panels:expense_csv", args=[panel.funding_round.programme_id])).status_code == 403


def test_staff_set_the_rules_and_bad_input_gets_plain_errors(staff_client, panel):
    url = reverse("panels:expense_rules", args=[panel.funding_round.programme_id])

    bad = staff_client.post(url, {"mileage_pence_per_mile": "900", "offers_honorarium": "on"}).content.decode()
    assert "The mileage rate must be between 1 and 200 pence per mile" in bad
    assert "Enter the honorarium, or untick that the programme offers one" in bad
    response = staff_client.post(
        url, {"mileage_pence_per_mile": "40", "offers_honorarium": "on", "honorarium_amount": "£75"}
    )

    assert response.status_code == 302
    rules = panel.funding_round.programme.expense_rules
    assert rules.mileage_pence_per_mile == 40 and rules.honorarium_amount == Decimal("75")
    assert not rules.allows_taxis  # the box was left unticked


def test_staff_mark_an_honorarium_paid_from_the_queue(staff_client, member, panel):
    rules_for(panel, offers_honorarium=True, honorarium_amount=Decimal("100"))
    seat_pk = PanelMembership.objects.get(panel=panel, user=member).pk

    response = staff_client.post(reverse("panels:honorarium_pay", args=[seat_pk]), follow=True)

    assert "The honorarium is marked paid to Pamela Panel." in response.content.decode()
    assert Honorarium.objects.get(membership_id=seat_pk).amount == Decimal("100")


def test_a_member_claims_for_one_of_their_panels_together_sessions(member_client, panel, facilitator):
    from datetime import datetime, time

    from django.utils import timezone

    starts = timezone.make_aware(datetime.combine(yesterday(), time(10)))
    session = panel.sessions.create(
        title="Getting started together", starts_at=starts, place="Civic Hall", arranged_by=facilitator
    )
    form_page = member_client.get(reverse("panels:expense_claim", args=[panel.pk])).content.decode()
    assert f"Getting started together, {yesterday():%-d %B %Y}" in form_page

    member_client.post(
        reverse("panels:expense_claim", args=[panel.pk]), claim_form(occasion="session", session=session.pk)
    )

    made = ExpenseClaim.objects.get()
    assert made.session == session
    assert "Getting started together" in member_client.get(made.get_absolute_url()).content.decode()


def test_an_empty_claim_shows_every_missing_answer(member_client, panel):
    response = member_client.post(reverse("panels:expense_claim", args=[panel.pk]), {})

    page = response.content.decode()
    assert response.status_code == 200
    for message in ("Choose what the cost was", "Choose what the cost was for", "Enter the date of the cost"):
        assert message in page
