"""The organisation's page: its details, colleagues, invitations, applications and the rounds
it can apply to. Anyone outside the organisation gets 404; staff may look but not act."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, OrganisationInvitation
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation, open_round
from tests.commissioning.factories import FundingRoundFactory, UserFactory
from tests.commissioning.views.criteria_support import sign_in_url, text
from tests.helpers import assert_page_queries


@pytest.fixture
def organisation(applicant):
    organisation = OrganisationFactory(
        name="Armley Tea Dance Club", charity_number="1164883", main_contact=applicant, postcode="LS12 3AB"
    )
    join_organisation(applicant, organisation)
    return organisation


def detail_url(organisation):
    return reverse("applications:organisation_detail", args=[organisation.pk])


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def test_a_member_sees_the_details_colleagues_and_invitations(signed_in, applicant, organisation):
    colleague = UserFactory(full_name="Colin Colleague", email="colin@example.org")
    join_organisation(colleague, organisation)
    OrganisationInvitation.objects.create(organisation=organisation, email="ivy@example.org", invited_by=applicant)
    response = signed_in.get(detail_url(organisation))
    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="govuk-heading-xl">Armley Tea Dance Club</h1>' in page
    assert "Registered charity" in page
    assert "1164883" in page
    assert "GB-CHC-1164883" in page  # the open data identifier, from the charity number
    assert "LS12 3AB" in page
    assert "Aisha Applicant (applicant@example.org): main contact" in page
    assert "Colin Colleague (colin@example.org)" in page
    assert "ivy@example.org, invited on" in page
    assert reverse("applications:colleague_invite", args=[organisation.pk]) in page
    assert reverse("applications:organisation_edit", args=[organisation.pk]) in page


def test_a_community_group_has_no_open_data_identifier_shown(signed_in, applicant):
    group = OrganisationFactory(kind="community_group", charity_number="", main_contact=applicant)
    join_organisation(applicant, group)
    page = text(signed_in.get(detail_url(group)))
    assert "Open data identifier" not in page
    assert "None given" in page


def test_applications_are_listed_with_status_and_links_and_open_rounds_can_be_applied_to(signed_in, organisation):
    applied = open_round(title="New projects 2018")
    application = ApplicationFactory(organisation=organisation, funding_round=applied, submitted=True)
    not_yet = open_round(title="Small grants 2018")
    FundingRoundFactory(title="Not published yet")  # a draft: never offered
    page = text(signed_in.get(detail_url(organisation)))
    assert application.get_absolute_url() in page
    assert "Tea, talk and a lift there" in page
    assert "Submitted: being checked" in page
    assert f"Reference {application.reference}" in page
    assert "Apply to Small grants 2018" in page
    assert f"{reverse('applications:application_start', args=[not_yet.slug])}?organisation={organisation.pk}" in page
    assert "Apply to New projects 2018" not in page
    assert "Not published yet" not in page


def test_a_round_past_its_deadline_is_not_offered(signed_in, organisation):
    funding_round = open_round(title="Closed already")
    funding_round.stages.filter(kind="open").update(ends_on=timezone.localdate() - timedelta(days=1))
    assert "Apply to Closed already" not in text(signed_in.get(detail_url(organisation)))


def test_a_withdrawn_application_lets_the_organisation_apply_again(signed_in, organisation):
    funding_round = open_round(title="Second chance")
    ApplicationFactory(organisation=organisation, funding_round=funding_round, submitted=True, status="withdrawn")
    page = text(signed_in.get(detail_url(organisation)))
    assert "Withdrawn" in page
    assert "Apply to Second chance" in page


def test_detail_query_count_does_not_grow(signed_in, applicant, organisation):
    funding_round = open_round()
    ApplicationFactory(organisation=organisation, funding_round=funding_round)

    def add_data():
        for n in range(5):
            join_organisation(UserFactory(), organisation)
            OrganisationInvitation.objects.create(
                organisation=organisation, email=f"new{n}@example.org", invited_by=applicant
            )
            ApplicationFactory(organisation=organisation, submitted=True)
        open_round()

    assert_page_queries(signed_in, detail_url(organisation), at_most=12, add_data=add_data)


def test_anonymous_is_sent_to_sign_in(client, organisation):
    url = detail_url(organisation)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == sign_in_url(url)


@pytest.mark.parametrize("persona", ["other_applicant", "outsider", "panel_member", "criteria_member"])
def test_anyone_outside_the_organisation_gets_404(client, request, organisation, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(detail_url(organisation)).status_code == 404


def test_another_organisations_member_gets_404(client, other_applicant, organisation):
    theirs = OrganisationFactory(main_contact=other_applicant)
    join_organisation(other_applicant, theirs)
    client.force_login(other_applicant)
    assert client.get(detail_url(organisation)).status_code == 404
    assert client.get(detail_url(theirs)).status_code == 200


def test_an_organisation_that_does_not_exist_is_404(signed_in, organisation):
    assert signed_in.get(reverse("applications:organisation_detail", args=[organisation.pk + 100])).status_code == 404


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_may_look_but_see_no_drafts_and_no_links_to_act(client, request, organisation, persona):
    ApplicationFactory(organisation=organisation, project_title="A draft nobody sees")
    open_round(title="Small grants 2018")
    client.force_login(request.getfixturevalue(persona))
    response = client.get(detail_url(organisation))
    assert response.status_code == 200
    page = text(response)
    assert "Armley Tea Dance Club" in page
    assert "A draft nobody sees" not in page
    assert "Apply to Small grants 2018" not in page
    assert reverse("applications:colleague_invite", args=[organisation.pk]) not in page
    assert reverse("applications:organisation_edit", args=[organisation.pk]) not in page
    assert Application.objects.count() == 1
