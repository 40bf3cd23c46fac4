"""Start an application: choose the organisation (or confirm the only one), see what you will
need, and go to the new draft. Closed rounds, staff and people without an organisation are told
why; an organisation that has applied already is sent to its application."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.audit import Verb
from applications.models import Application
from commissioning.models import AuditEvent
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation, open_round
from tests.commissioning.factories import FundingRoundFactory
from tests.commissioning.views.criteria_support import messages_of, sign_in_url, text
from tests.helpers import assert_page_queries


@pytest.fixture
def funding_round(db):
    return open_round(title="New projects 2018")


@pytest.fixture
def organisation(applicant):
    organisation = OrganisationFactory(name="Armley Tea Dance Club", main_contact=applicant)
    join_organisation(applicant, organisation)
    return organisation


def start_url(funding_round):
    return reverse("applications:application_start", args=[funding_round.slug])


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def test_one_organisation_is_confirmed_and_what_is_needed_is_explained(signed_in, funding_round, organisation):
    response = signed_in.get(start_url(funding_round))
    assert response.status_code == 200
    page = text(response)
    assert "Apply to New projects 2018" in page
    assert "You are applying for <strong>Armley Tea Dance Club</strong>." in page
    assert f'type="hidden" name="organisation" value="{organisation.pk}"' in page
    assert "from £50,000 to £200,000" in page
    last_day = funding_round.applications_close_on
    assert f"Applications close at midnight at the end of {last_day.day} {last_day:%B %Y} (UK time)" in page
    # The questions, by the criterion they serve.
    assert "Works with older people in Leeds" in page
    assert "A must-have: every funded project meets it." in page
    assert "Who is your project for? (up to 100 words)" in page
    assert "Reaches lonely older people" in page
    assert "How will you find lonely people? (up to 300 words)" in page


def test_several_organisations_are_offered_as_radios(signed_in, applicant, funding_round, organisation):
    second = OrganisationFactory(name="Bramley Lunch Club")
    join_organisation(applicant, second)
    page = text(signed_in.get(f"{start_url(funding_round)}?organisation={second.pk}"))
    assert "Which organisation is applying?" in page
    assert f'value="{organisation.pk}"' in page
    assert f'value="{second.pk}" checked' in page  # the one chosen on the organisation's page


def test_start_page_query_count(signed_in, applicant, funding_round, organisation):
    def add_data():
        for _ in range(3):
            join_organisation(applicant, OrganisationFactory())
        ApplicationFactory(organisation=organisation, funding_round=funding_round)

    assert_page_queries(signed_in, start_url(funding_round), at_most=8, add_data=add_data)


def test_starting_makes_a_draft_logs_it_and_goes_to_it(signed_in, applicant, funding_round, organisation):
    response = signed_in.post(start_url(funding_round), {"organisation": organisation.pk})
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("applications:application_detail", args=[application.pk])
    assert application.organisation == organisation
    assert application.funding_round == funding_round
    assert application.is_draft
    assert application.created_by == applicant
    event = AuditEvent.objects.get(verb=Verb.APPLICATION_STARTED)
    assert event.actor == applicant
    assert event.target == application


def test_choosing_no_organisation_says_so(signed_in, applicant, funding_round, organisation):
    join_organisation(applicant, OrganisationFactory(name="Bramley Lunch Club"))
    response = signed_in.post(start_url(funding_round), {})
    assert response.status_code == 200
    page = text(response)
    assert '<a href="#id_organisation">Choose the organisation that is applying</a>' in page
    assert not Application.objects.exists()


def test_someone_elses_organisation_cannot_be_chosen(signed_in, funding_round, organisation, other_applicant):
    theirs = OrganisationFactory(main_contact=other_applicant)
    join_organisation(other_applicant, theirs)
    response = signed_in.post(start_url(funding_round), {"organisation": theirs.pk})
    assert response.status_code == 302
    assert response.url == start_url(funding_round)
    assert messages_of(response) == ["Choose one of your organisations"]
    assert not Application.objects.exists()


def test_someone_elses_organisation_cannot_be_chosen_among_several(
    signed_in, applicant, funding_round, other_applicant
):
    for name in ("Armley Tea Dance Club", "Bramley Lunch Club"):
        join_organisation(applicant, OrganisationFactory(name=name))
    theirs = OrganisationFactory(main_contact=other_applicant)
    response = signed_in.post(start_url(funding_round), {"organisation": theirs.pk})
    assert response.status_code == 200
    assert '<a href="#id_organisation">Choose one of your organisations</a>' in text(response)
    assert not Application.objects.exists()


def test_an_organisation_that_has_applied_is_sent_to_its_application(signed_in, funding_round, organisation):
    application = ApplicationFactory(organisation=organisation, funding_round=funding_round)
    response = signed_in.get(start_url(funding_round))
    assert response.status_code == 200
    page = text(response)
    assert "Armley Tea Dance Club has already applied to this round." in page
    assert f'href="{application.get_absolute_url()}">Go to Armley Tea Dance Club\'s application' in page
    assert "Start the application" not in page
    response = signed_in.post(start_url(funding_round), {"organisation": organisation.pk})
    assert Application.objects.count() == 1


def test_applying_twice_at_once_is_refused_with_a_link_back(signed_in, applicant, funding_round, organisation):
    """The page was open before a colleague started the application: the second start is refused."""
    second = OrganisationFactory(name="Bramley Lunch Club")
    join_organisation(applicant, second)
    ApplicationFactory(organisation=organisation, funding_round=funding_round)
    response = signed_in.post(start_url(funding_round), {"organisation": organisation.pk})
    assert response.status_code == 302
    assert response.url == start_url(funding_round)
    assert messages_of(response) == ["Choose one of your organisations"]
    page = text(signed_in.get(response.url))
    assert "Armley Tea Dance Club has already applied to this round." in page
    assert Application.objects.count() == 1


def test_someone_without_an_organisation_is_asked_to_register_one(client, outsider, funding_round):
    client.force_login(outsider)
    response = client.get(start_url(funding_round))
    assert response.status_code == 200
    page = text(response)
    assert "To apply, first register the organisation you are applying for." in page
    assert reverse("applications:organisation_register") in page
    assert client.post(start_url(funding_round), {}).status_code == 200
    assert not Application.objects.exists()


def test_a_round_past_its_deadline_is_refused_kindly(signed_in, funding_round, organisation):
    yesterday = timezone.localdate() - timedelta(days=1)
    funding_round.stages.filter(kind="open").update(ends_on=yesterday)
    response = signed_in.get(start_url(funding_round))
    assert response.status_code == 403
    page = text(response)
    assert "You cannot apply to New projects 2018 now" in page
    assert "This funding round is not taking applications." in page
    assert f"Applications closed at midnight at the end of {yesterday.day} {yesterday:%B %Y}, UK time." in page
    assert signed_in.post(start_url(funding_round), {"organisation": organisation.pk}).status_code == 403
    assert not Application.objects.exists()


def test_a_round_that_has_moved_on_is_refused(signed_in, funding_round, organisation):
    funding_round.status = "eligibility"
    funding_round.save()
    response = signed_in.get(start_url(funding_round))
    assert response.status_code == 403
    assert "This funding round is not taking applications." in text(response)


def test_a_round_not_yet_published_is_not_found(signed_in, organisation):
    draft = FundingRoundFactory()
    assert signed_in.get(start_url(draft)).status_code == 404
    assert signed_in.get(reverse("applications:application_start", args=["no-such-round"])).status_code == 404


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_support_applicants_but_do_not_apply(client, request, funding_round, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(start_url(funding_round))
    assert response.status_code == 403
    assert "Staff support applicants but do not apply for money." in text(response)


def test_anonymous_is_sent_to_sign_in(client, funding_round):
    url = start_url(funding_round)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == sign_in_url(url)


def test_a_refusal_from_the_service_becomes_a_message(signed_in, funding_round, organisation, monkeypatch):
    from applications import services
    from applications.exceptions import ApplicationError

    def refuse(**kwargs):
        raise ApplicationError("Armley Tea Dance Club already has an application to New projects 2018.")

    monkeypatch.setattr(services, "start_application", refuse)
    response = signed_in.post(start_url(funding_round), {"organisation": organisation.pk})
    assert response.status_code == 302
    assert response.url == start_url(funding_round)
    assert messages_of(response) == ["Armley Tea Dance Club already has an application to New projects 2018."]
