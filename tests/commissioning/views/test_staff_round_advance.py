"""Moving a round to its next stage: only when its gates hold, shown as a checklist, always logged."""

import pytest
from django.urls import reverse

from commissioning.audit import Verb
from commissioning.models import AuditEvent, Criterion, FundingRound
from tests.commissioning.factories import (
    CriterionFactory,
    FundingRoundFactory,
    QuestionFactory,
    UserFactory,
    add_timeline,
    join_criteria_group,
)
from tests.helpers import assert_page_queries


def advance_url(funding_round) -> str:
    return reverse("commissioning:round_advance", args=[funding_round.slug])


def ready_to_open(**fields) -> FundingRound:
    """A round agreeing its criteria with everything in place to open for applications."""
    funding_round = FundingRoundFactory(criteria=True, **fields)
    add_timeline(funding_round)
    criterion = CriterionFactory(funding_round=funding_round, agreed=True)
    CriterionFactory(funding_round=funding_round, status=Criterion.Status.WITHDRAWN)
    QuestionFactory(criterion=criterion)
    return funding_round


@pytest.mark.parametrize("persona_client", ["facilitator", "administrator"], indirect=True)
def test_staff_open_a_round_whose_gates_hold_and_it_is_logged(persona_client):
    funding_round = ready_to_open(title="New projects 2018")

    response = persona_client.post(advance_url(funding_round), follow=True)

    assert response.redirect_chain == [(reverse("commissioning:round_manage", args=[funding_round.slug]), 302)]
    assert "‘New projects 2018’ is now open for applications" in response.content.decode()
    funding_round.refresh_from_db()
    assert funding_round.status == FundingRound.Status.OPEN
    event = AuditEvent.objects.get(verb=Verb.ROUND_ADVANCED)
    assert event.data == {"from": "criteria", "to": "open"}


def test_a_draft_moves_to_agreeing_its_criteria(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(title="New projects 2018")
    add_timeline(funding_round)
    join_criteria_group(UserFactory(), funding_round)

    response = client.post(advance_url(funding_round), follow=True)

    assert "‘New projects 2018’ is now with the criteria group, to agree its criteria" in response.content.decode()
    funding_round.refresh_from_db()
    assert funding_round.status == FundingRound.Status.CRITERIA


def test_the_page_shows_what_moves_where_and_that_it_is_ready(client, facilitator):
    client.force_login(facilitator)
    page = client.get(advance_url(ready_to_open())).content.decode()
    assert "Agreeing the criteria" in page
    assert "Open for applications" in page
    assert "Ready to move to Open for applications." in page
    assert "Move to open for applications</button>" in page


def test_the_page_lists_every_gate_not_met_and_offers_no_button(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(criteria=True)
    CriterionFactory(funding_round=funding_round)

    page = client.get(advance_url(funding_round)).content.decode()

    assert "1 of 1 criteria are still under discussion: each must be agreed or withdrawn." in page
    assert "The criteria group must agree at least one scored criterion." in page
    assert "Add at least one question to the application form." in page
    assert "Set the dates for every stage; still missing:" in page
    assert "</button>" not in page.split('id="main-content"')[1].split("</main>")[0]


def test_gates_not_met_are_listed_in_the_message_and_nothing_moves(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(criteria=True, title="New projects 2018")

    response = client.post(advance_url(funding_round), follow=True)

    assert response.redirect_chain == [(advance_url(funding_round), 302)]
    page = response.content.decode()
    assert "‘New projects 2018’ cannot move to ‘Open for applications’ yet." in page
    assert "Add at least one question to the application form." in page
    funding_round.refresh_from_db()
    assert funding_round.status == FundingRound.Status.CRITERIA
    assert not AuditEvent.objects.filter(verb=Verb.ROUND_ADVANCED).exists()


def test_a_closed_round_has_nowhere_to_go(client, facilitator):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(status=FundingRound.Status.CLOSED)
    for response in (client.get(advance_url(funding_round)), client.post(advance_url(funding_round))):
        assert response.status_code == 403
        assert b"This round is closed: it has no next stage." in response.content


def test_unknown_round_is_not_found(client, facilitator):
    client.force_login(facilitator)
    assert client.post(reverse("commissioning:round_advance", args=["no-such-round"])).status_code == 404


@pytest.mark.parametrize("persona_client", ["applicant", "criteria_member", "panel_member"], indirect=True)
def test_volunteers_and_applicants_are_refused(persona_client, criteria_member):
    funding_round = ready_to_open()
    join_criteria_group(criteria_member, funding_round)
    response = persona_client.post(advance_url(funding_round))
    assert response.status_code == 403
    assert b"Only staff facilitators can move a round to its next stage." in response.content
    funding_round.refresh_from_db()
    assert funding_round.status == FundingRound.Status.CRITERIA


def test_anonymous_is_sent_to_sign_in(client, db):
    funding_round = ready_to_open()
    url = advance_url(funding_round)
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('commissioning:sign_in')}?next={url}"
    funding_round.refresh_from_db()
    assert funding_round.status == FundingRound.Status.CRITERIA


def test_round_advance_query_count_does_not_grow_with_criteria_and_questions(client, facilitator):
    client.force_login(facilitator)
    funding_round = ready_to_open()

    def more():
        for _ in range(3):
            QuestionFactory(criterion=CriterionFactory(funding_round=funding_round, agreed=True))

    assert_page_queries(client, advance_url(funding_round), at_most=6, add_data=more)


@pytest.mark.parametrize(
    "status, warning",
    [
        (FundingRound.Status.DECISION, "Every organisation the panels decided on is emailed its decision"),
        (FundingRound.Status.FEEDBACK, "Once closed, the round is read-only everywhere"),
    ],
)
def test_staff_are_told_what_the_last_moves_do_before_they_make_them(client, facilitator, status, warning):
    client.force_login(facilitator)
    funding_round = FundingRoundFactory(status=status)
    add_timeline(funding_round)
    assert warning in client.get(advance_url(funding_round)).content.decode()
