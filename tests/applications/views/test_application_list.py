"""Your applications: every application of every organisation the person belongs to, in words,
and the rounds each organisation could still apply to. Nobody sees another organisation's."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from applications.models import Application
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation, open_round
from tests.commissioning.views.criteria_support import sign_in_url, text
from tests.helpers import assert_page_queries

LIST = reverse("applications:application_list")


@pytest.fixture
def organisation(applicant):
    organisation = OrganisationFactory(name="Armley Tea Dance Club", main_contact=applicant)
    join_organisation(applicant, organisation)
    return organisation


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def test_every_application_of_every_organisation_is_listed_in_words(signed_in, applicant, organisation):
    second = OrganisationFactory(name="Bramley Lunch Club")
    join_organisation(applicant, second)
    new_projects = open_round(title="New projects 2018")
    draft = ApplicationFactory(
        organisation=organisation,
        funding_round=new_projects,
        project_title="Tea dances for everyone",
        updated_at=datetime(2018, 3, 3, 14, 32, tzinfo=ZoneInfo("Europe/London")),
    )
    sent = ApplicationFactory(
        organisation=second, funding_round=new_projects, project_title="Lunch and a lift", submitted=True
    )
    response = signed_in.get(LIST)
    assert response.status_code == 200
    page = text(response)
    assert "Your applications" in page
    for application in (draft, sent):
        assert application.get_absolute_url() in page
        assert application.project_title in page
    assert "Armley Tea Dance Club" in page
    assert "Bramley Lunch Club" in page
    assert "New projects 2018" in page
    assert "Draft" in page
    assert "Submitted: being checked" in page
    assert sent.reference in page
    assert "Given when you send it" in page
    assert "Saved at 14:32 on 3 March 2018" in page


def test_start_links_for_each_organisation_and_open_round_not_yet_applied_to(signed_in, applicant, organisation):
    second = OrganisationFactory(name="Bramley Lunch Club")
    join_organisation(applicant, second)
    new_projects = open_round(title="New projects 2018")
    small_grants = open_round(title="Small grants 2018")
    ApplicationFactory(organisation=organisation, funding_round=new_projects)
    page = text(signed_in.get(LIST))
    assert "Apply to New projects 2018 for Armley Tea Dance Club" not in page
    assert "Apply to New projects 2018 for Bramley Lunch Club" in page
    assert "Apply to Small grants 2018 for Armley Tea Dance Club" in page
    assert "Apply to Small grants 2018 for Bramley Lunch Club" in page
    start = reverse("applications:application_start", args=[small_grants.slug])
    assert f"{start}?organisation={organisation.pk}" in page


def test_someone_in_no_organisation_is_asked_to_register_one(client, outsider):
    client.force_login(outsider)
    page = text(client.get(LIST))
    assert "You are not part of an organisation yet." in page
    assert reverse("applications:organisation_register") in page


def test_an_organisation_without_applications_says_so(signed_in, organisation):
    assert "Armley Tea Dance Club has not started an application yet." in text(signed_in.get(LIST))


def test_nobody_sees_another_organisations_applications(client, other_applicant, organisation):
    ApplicationFactory(organisation=organisation, project_title="Tea dances for everyone")
    theirs = OrganisationFactory(main_contact=other_applicant, name="Bramley Lunch Club")
    join_organisation(other_applicant, theirs)
    ApplicationFactory(organisation=theirs, project_title="Lunch on Tuesdays")
    client.force_login(other_applicant)
    response = client.get(LIST)
    assert response.status_code == 200
    page = text(response)
    assert "Bramley Lunch Club" in page
    assert "Lunch on Tuesdays" in page
    assert "Tea dances for everyone" not in page
    assert "Armley Tea Dance Club" not in page


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_have_no_applications_of_their_own(client, request, organisation, persona):
    ApplicationFactory(organisation=organisation, project_title="Tea dances for everyone", submitted=True)
    client.force_login(request.getfixturevalue(persona))
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Tea dances for everyone" not in text(response)


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url == sign_in_url(LIST)


def test_list_query_count_with_20_applications_does_not_grow(signed_in, applicant, organisation):
    rounds = [open_round() for _ in range(4)]
    organisations = [organisation]
    for _ in range(4):
        organisations.append(OrganisationFactory())
        join_organisation(applicant, organisations[-1])
    for n, other in enumerate(organisations):
        for m, funding_round in enumerate(rounds[:2]):
            ApplicationFactory(organisation=other, funding_round=funding_round, submitted=(n + m) % 2 == 0)

    def add_data():
        for other in organisations:
            for funding_round in rounds[2:]:
                ApplicationFactory(organisation=other, funding_round=funding_round)
        assert Application.objects.for_organisations_of(applicant).count() == 20
        open_round()

    count = assert_page_queries(signed_in, LIST, at_most=7, add_data=add_data)
    assert count == 7  # with the one read of the person's grants


# The same applications as next steps on the home page (applications.next_steps) -----------------


def test_next_steps_continue_drafts_and_see_sent_applications(applicant, organisation, other_applicant):
    from applications.next_steps import applicant_steps

    new_projects = open_round(title="New projects 2018")
    draft = ApplicationFactory(
        organisation=organisation,
        funding_round=new_projects,
        updated_at=datetime(2018, 3, 3, 14, 32, tzinfo=ZoneInfo("Europe/London")),
    )
    sent = ApplicationFactory(organisation=organisation, submitted=True)
    ApplicationFactory(organisation=organisation, submitted=True, status="withdrawn")
    ApplicationFactory(organisation=OrganisationFactory(main_contact=other_applicant))  # not theirs

    steps = {step.title: step for step in applicant_steps(applicant)}
    assert set(steps) == {
        "Continue your application for New projects 2018",
        f"See your application {sent.reference}",
    }
    continuing = steps["Continue your application for New projects 2018"]
    assert continuing.url == draft.get_absolute_url()
    assert continuing.description == (
        "Armley Tea Dance Club: Tea, talk and a lift there. Saved at 14:32 on 3 March 2018."
    )
    assert steps[f"See your application {sent.reference}"].description == (
        f"Armley Tea Dance Club, {sent.funding_round}: Submitted: being checked."
    )


def test_next_steps_cost_two_queries_however_many_applications(applicant, organisation, django_assert_num_queries):
    from applications.next_steps import applicant_steps

    for _ in range(5):
        ApplicationFactory(organisation=organisation, submitted=True)
    ApplicationFactory(organisation=organisation)
    from commissioning.permissions import grants_read_once

    with grants_read_once(), django_assert_num_queries(2):  # in a request: their grants, their applications
        assert len(list(applicant_steps(applicant))) == 6


@pytest.mark.parametrize("persona", ["facilitator", "outsider"])
def test_next_steps_are_empty_for_people_with_no_organisation(request, organisation, persona):
    from applications.next_steps import applicant_steps

    ApplicationFactory(organisation=organisation, submitted=True)
    assert list(applicant_steps(request.getfixturevalue(persona))) == []
