"""Staff's list of a round's sent applications: never drafts, with counts per status at the
top, filters by status and by organisation or reference, 50 to a page. The page costs the same
number of queries with 10 applications or 500."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Organisation
from commissioning.models import FundingRound
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation, open_round
from tests.commissioning.factories import UserFactory
from tests.helpers import assert_page_queries


@pytest.fixture
def funding_round(db):
    return open_round(title="New projects 2018", slug="new-projects-2018")


@pytest.fixture
def staff(client, facilitator):
    client.force_login(facilitator)
    return client


def list_url(funding_round, **query) -> str:
    url = reverse("applications:eligibility_list", args=[funding_round.slug])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def text(response) -> str:
    return response.content.decode()


def sent(funding_round, name, reference, status=Application.Status.SUBMITTED, **fields):
    return ApplicationFactory(
        funding_round=funding_round,
        organisation=OrganisationFactory(name=name),
        submitted=True,
        reference=reference,
        status=status,
        **fields,
    )


def many_applications(funding_round, count: int, start: int = 0) -> None:
    """`count` sent applications in one go, some checked by one of three staff members."""
    contact = UserFactory()
    checkers = [UserFactory(facilitator=True, full_name=f"Checker {n}") for n in range(3)]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Community group {n:04d}",
            kind=Organisation.Kind.COMMUNITY_GROUP,
            address_line_1=f"{n} Town Street",
            town="Leeds",
            postcode="LS1 1AA",
            main_contact=contact,
        )
        for n in range(start, start + count)
    )
    now = timezone.now()
    statuses = list(Application.Status)[1:]
    rows = []
    for n, organisation in enumerate(organisations, start=start):
        status = statuses[n % len(statuses)]
        checked = status in (Application.Status.ELIGIBLE, Application.Status.NOT_ELIGIBLE)
        rows.append(
            Application(
                funding_round=funding_round,
                organisation=organisation,
                project_title=f"Project {n}",
                amount_requested=Decimal(50000 + n),
                status=status,
                reference=f"BULK-2018-{n:04d}",
                submitted_at=now,
                created_by=contact,
                eligibility_checked_by=checkers[n % 3] if checked else None,
                eligibility_checked_at=now if checked else None,
            )
        )
    Application.objects.bulk_create(rows)


def test_staff_see_each_sent_application_with_its_facts(staff, facilitator, funding_round):
    checked = sent(
        funding_round,
        "Armley Tea Club",
        "TTS-2018-0001",
        status=Application.Status.ELIGIBLE,
        project_title="Tea and a lift there",
        amount_requested=Decimal("75000"),
        eligibility_checked_by=facilitator,
        eligibility_checked_at=timezone.now(),
    )
    waiting = sent(funding_round, "Bramley Walkers", "TTS-2018-0002", amount_requested=Decimal("120500"))

    response = staff.get(list_url(funding_round))

    page = text(response)
    assert response.status_code == 200
    for fact in ("TTS-2018-0001", "Armley Tea Club", "Tea and a lift there", "£75,000", "Eligible: with a panel"):
        assert fact in page
    assert "Fiona Facilitator" in page
    assert "£120,500" in page and "Submitted: being checked" in page and "Not checked yet" in page
    assert reverse("applications:eligibility_check", args=[checked.pk]) in page
    assert reverse("applications:eligibility_check", args=[waiting.pk]) in page


def test_drafts_and_other_rounds_are_not_listed(staff, funding_round):
    ApplicationFactory(funding_round=funding_round, organisation=OrganisationFactory(name="Still drafting"))
    sent(open_round(), "In another round", "OTH-2018-0001")
    page = text(staff.get(list_url(funding_round)))
    assert "Still drafting" not in page
    assert "In another round" not in page
    assert "No applications match." in page


def test_counts_per_status_are_at_the_top(staff, funding_round):
    many_applications(funding_round, 8)  # 2 of each status
    sent(funding_round, "One more waiting", "TTS-2018-0100")
    page = text(staff.get(list_url(funding_round)))
    assert 'Submitted: being checked</dt>\n    <dd class="govuk-summary-list__value">3 applications' in page
    assert 'Not eligible</dt>\n    <dd class="govuk-summary-list__value">2 applications' in page
    assert 'Withdrawn</dt>\n    <dd class="govuk-summary-list__value">2 applications' in page


def test_a_withdrawn_application_is_listed_but_cannot_be_checked(staff, funding_round):
    withdrawn = sent(funding_round, "Changed our minds", "TTS-2018-0003", status=Application.Status.WITHDRAWN)
    page = text(staff.get(list_url(funding_round)))
    assert "Changed our minds" in page and "Withdrawn" in page
    assert reverse("applications:eligibility_check", args=[withdrawn.pk]) not in page


def test_filter_by_status(staff, funding_round):
    sent(funding_round, "Armley Tea Club", "TTS-2018-0001", status=Application.Status.NOT_ELIGIBLE)
    sent(funding_round, "Bramley Walkers", "TTS-2018-0002")
    page = text(staff.get(list_url(funding_round, status="not_eligible")))
    assert "Armley Tea Club" in page
    assert "Bramley Walkers" not in page
    assert "Showing 1 to 1 of 1 application" in page


@pytest.mark.parametrize("search", ["armley", "TTS-2018-0001", "0001"])
def test_search_by_organisation_or_reference(staff, funding_round, search):
    sent(funding_round, "Armley Tea Club", "TTS-2018-0001")
    sent(funding_round, "Bramley Walkers", "TTS-2018-0002")
    page = text(staff.get(list_url(funding_round, search=search)))
    assert "Armley Tea Club" in page
    assert "Bramley Walkers" not in page


def test_the_filter_form_is_a_get_form_with_no_token(staff, funding_round):
    page = text(staff.get(list_url(funding_round)))
    form = page[page.index('<form method="get"') : page.index("</form>", page.index('<form method="get"'))]
    assert 'name="status"' in form and 'name="search"' in form
    assert "csrfmiddlewaretoken" not in form


def test_a_status_that_is_not_in_the_list_gets_a_plain_message(staff, funding_round):
    sent(funding_round, "Armley Tea Club", "TTS-2018-0001")
    response = staff.get(list_url(funding_round, status="shortlisted"))
    page = text(response)
    assert response.status_code == 200
    assert "Choose a status from the list" in page
    assert "Armley Tea Club" in page


def test_fifty_to_a_page_and_the_next_page_keeps_the_filters(staff, funding_round):
    many_applications(funding_round, 240)  # 60 of each status

    first = text(staff.get(list_url(funding_round, status="submitted")))
    assert "Showing 1 to 50 of 60 applications" in first
    assert first.count('<tr class="govuk-table__row">') == 51  # the header and 50 rows
    assert "?status=submitted&amp;page=2" in first

    second = text(staff.get(list_url(funding_round, status="submitted", page=2)))
    assert "Showing 51 to 60 of 60 applications" in second
    assert "Eligible: with a panel</td>" not in second


def test_anonymous_visitors_are_asked_to_sign_in(client, funding_round):
    response = client.get(list_url(funding_round))
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={list_url(funding_round)}"


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member", "outsider"], indirect=True)
def test_only_staff_may_see_the_list(persona_client, funding_round):
    response = persona_client.get(list_url(funding_round))
    assert response.status_code == 403


def test_an_applicant_gets_403_even_for_their_own_round(client, applicant, funding_round):
    organisation = OrganisationFactory(main_contact=applicant)
    join_organisation(applicant, organisation)
    ApplicationFactory(funding_round=funding_round, organisation=organisation, submitted=True)
    client.force_login(applicant)
    assert client.get(list_url(funding_round)).status_code == 403


def test_a_round_that_does_not_exist_is_404(staff):
    assert staff.get(reverse("applications:eligibility_list", args=["no-such-round"])).status_code == 404


def test_posting_is_not_allowed(staff, funding_round):
    assert staff.post(list_url(funding_round)).status_code == 405


def test_the_list_costs_the_same_queries_with_10_or_500_applications(staff, funding_round):
    many_applications(funding_round, 10)
    count = assert_page_queries(
        staff, list_url(funding_round), at_most=7, add_data=lambda: many_applications(funding_round, 490, start=10)
    )
    assert Application.objects.filter(funding_round=funding_round).count() == 500
    print(f"eligibility_list: {count} queries")


def test_filtering_costs_no_more_queries(staff, funding_round):
    many_applications(funding_round, 500)
    assert_page_queries(staff, list_url(funding_round, status="eligible", search="group"), at_most=7)


def test_staff_can_list_a_round_past_its_eligibility_stage(staff, funding_round):
    FundingRound.objects.filter(pk=funding_round.pk).update(status=FundingRound.Status.SHORTLISTING)
    checked = sent(funding_round, "Armley Tea Club", "TTS-2018-0001", status=Application.Status.ELIGIBLE)
    page = text(staff.get(list_url(funding_round)))
    assert "Armley Tea Club" in page
    # The checks are finished: the list is for reading now.
    assert reverse("applications:eligibility_check", args=[checked.pk]) not in page
