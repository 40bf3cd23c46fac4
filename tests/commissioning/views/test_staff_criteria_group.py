"""The criteria group for staff: who is in it, how far each person has got, who has not
responded, and an invitation form. Invitations stop once the round is open."""

import pytest
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent, CriteriaGroupMember, Criterion, CriterionResponse, FundingRound, User
from commissioning.permissions import CRITERIA_GRANT, has_grant
from tests.commissioning.factories import CriterionFactory, FundingRoundFactory, UserFactory, join_criteria_group
from tests.helpers import assert_page_queries


def group_url(funding_round) -> str:
    return reverse("commissioning:criteria_group", args=[funding_round.slug])


def answer(member, criteria):
    for criterion in criteria:
        CriterionResponse.objects.create(criterion=criterion, member=member, answer=CriterionResponse.Answer.AGREE)


@pytest.fixture
def funding_round(db):
    return FundingRoundFactory(criteria=True, title="New projects 2018")


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_see_each_members_progress_in_words(persona_client, funding_round):
    criteria = CriterionFactory.create_batch(5, funding_round=funding_round)
    CriterionFactory(funding_round=funding_round, status=Criterion.Status.WITHDRAWN)  # nothing to answer
    busy = UserFactory(full_name="Betty Busy")
    done = UserFactory(full_name="Doris Done")
    quiet = UserFactory(full_name="Quentin Quiet")
    for member in (busy, done, quiet):
        join_criteria_group(member, funding_round)
    answer(busy, criteria[:3])
    answer(done, criteria)

    response = persona_client.get(group_url(funding_round))

    assert response.status_code == 200
    page = response.content.decode()
    assert "3 people in the group" in page
    assert "Answered 3 of 5 criteria" in page
    assert "Answered 5 of 5 criteria" in page
    assert "Answered 0 of 5 criteria" in page
    not_yet = page.split("Who has not responded yet")[1].split("</ul>")[0]
    assert "Betty Busy" in not_yet and "Quentin Quiet" in not_yet
    assert "Doris Done" not in not_yet
    assert "Send a reminder to 2 people" in page


def test_an_empty_group_says_so(client, facilitator, funding_round):
    client.force_login(facilitator)
    assert b"Nobody is in the criteria group yet." in client.get(group_url(funding_round)).content


def test_one_criterion_reads_in_the_singular(client, facilitator, funding_round):
    client.force_login(facilitator)
    join_criteria_group(UserFactory(), funding_round)
    CriterionFactory(funding_round=funding_round)
    assert b"Answered 0 of 1 criterion" in client.get(group_url(funding_round)).content


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_add_someone_with_an_account_and_it_is_logged(persona_client, funding_round):
    person = UserFactory(email="cyril@example.org", full_name="Cyril Criteria")

    response = persona_client.post(
        group_url(funding_round), {"email": "Cyril@Example.org", "full_name": ""}, follow=True
    )

    assert response.redirect_chain == [(group_url(funding_round), 302)]
    assert "Cyril Criteria is in the criteria group. We have sent them an email." in response.content.decode()
    assert CriteriaGroupMember.objects.filter(funding_round=funding_round, user=person).exists()
    assert has_grant(person, CRITERIA_GRANT, funding_round)
    event = AuditEvent.objects.get(verb=Verb.CRITERIA_MEMBER_ADDED)
    assert event.data["member"] == "cyril@example.org"


def test_staff_invite_someone_new_with_their_name(client, facilitator, funding_round):
    client.force_login(facilitator)

    response = client.post(group_url(funding_round), {"email": "new.person@example.org", "full_name": " Nora  New "})

    assert response.status_code == 302
    person = User.objects.get(email="new.person@example.org")
    assert person.full_name == "Nora New"
    assert not person.has_usable_password()
    assert CriteriaGroupMember.objects.filter(funding_round=funding_round, user=person).exists()
    assert AuditEvent.objects.filter(verb=Verb.CRITERIA_MEMBER_INVITED).exists()


@pytest.mark.parametrize(
    ("email", "full_name", "field", "message"),
    [
        ("not an email", "", "email", "Enter an email address like name@example.org"),
        ("", "Someone", "email", "Enter the person&#x27;s email address"),
        ("staff@example.org", "", "email", "Staff facilitate the criteria group; they cannot be members of it"),
        ("already@example.org", "", "email", "Alice Already is already in the criteria group"),
        (
            "brand.new@example.org",
            "",
            "full_name",
            "Enter the person&#x27;s full name: they do not have an account yet",
        ),
    ],
)
def test_invitations_that_cannot_be_sent_are_explained_beside_the_field(
    client, facilitator, funding_round, email, full_name, field, message
):
    client.force_login(facilitator)
    join_criteria_group(UserFactory(email="already@example.org", full_name="Alice Already"), funding_round)
    members_before = CriteriaGroupMember.objects.count()

    response = client.post(group_url(funding_round), {"email": email, "full_name": full_name})

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<a href="#id_{field}">{message}</a>' in page  # in the error summary, linked to its field
    assert f'id="id_{field}_1_error"' in page  # and beside the field
    if email:
        assert f'value="{email}"' in page  # what was typed is still there
    assert CriteriaGroupMember.objects.count() == members_before
    assert not User.objects.filter(email="brand.new@example.org").exists()


def test_once_open_the_group_can_be_read_but_nobody_can_be_invited(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(open=True)
    join_criteria_group(UserFactory(full_name="Cyril Criteria"), funding_round)

    page = client.get(group_url(funding_round)).content.decode()
    assert "Cyril Criteria" in page
    assert "The criteria for this round are settled: they can no longer change." in page
    assert 'name="email"' not in page

    response = client.post(group_url(funding_round), {"email": "late@example.org", "full_name": "Lena Late"})
    assert response.status_code == 403
    assert not User.objects.filter(email="late@example.org").exists()


def test_unknown_round_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("commissioning:criteria_group", args=["no-such-round"])).status_code == 404


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, criteria_member, funding_round):
    join_criteria_group(criteria_member, funding_round)
    assert persona_client.get(group_url(funding_round)).status_code == 403
    response = persona_client.post(group_url(funding_round), {"email": "friend@example.org", "full_name": "A Friend"})
    assert response.status_code == 403
    assert not User.objects.filter(email="friend@example.org").exists()


def test_anonymous_is_sent_to_sign_in(client, funding_round):
    url = group_url(funding_round)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"


def test_criteria_group_query_count_does_not_grow_with_members_and_responses(client, facilitator, funding_round):
    client.force_login(facilitator)
    criteria = CriterionFactory.create_batch(2, funding_round=funding_round)
    join_criteria_group(UserFactory(), funding_round)

    def more_members_and_answers():
        for _ in range(4):
            member = UserFactory()
            join_criteria_group(member, funding_round)
            answer(member, criteria[:1])
        CriterionFactory.create_batch(3, funding_round=funding_round)

    assert_page_queries(client, group_url(funding_round), at_most=6, add_data=more_members_and_answers)


def test_the_round_stays_in_its_stage(client, facilitator, funding_round):
    """Inviting someone adds them to the group and leaves the round where it was."""
    client.force_login(facilitator)

    response = client.post(group_url(funding_round), {"email": "x@example.org", "full_name": "X Person"})

    assert response.status_code == 302
    assert CriteriaGroupMember.objects.filter(funding_round=funding_round, user__email="x@example.org").exists()
    funding_round.refresh_from_db()
    assert funding_round.status == FundingRound.Status.CRITERIA


def test_inviting_again_someone_who_never_chose_a_password_sends_a_fresh_link(client, facilitator, funding_round):
    client.force_login(facilitator)
    client.post(group_url(funding_round), {"email": "nora@example.org", "full_name": "Nora New"})

    response = client.post(group_url(funding_round), {"email": "nora@example.org", "full_name": ""}, follow=True)

    assert "Nora New is in the criteria group. We have sent them an email." in response.content.decode()
    assert CriteriaGroupMember.objects.filter(funding_round=funding_round, user__email="nora@example.org").count() == 1
    assert AuditEvent.objects.filter(verb=Verb.CRITERIA_MEMBER_INVITED).count() == 2
