"""A criterion's page: its words, the scale, who answered what, the discussion and my own answer."""

from datetime import UTC, datetime

import pytest

from commissioning.models import CriterionComment, CriterionResponse, WordingSuggestion
from tests.commissioning.factories import CriterionFactory, UserFactory
from tests.helpers import assert_page_queries

from .criteria_support import criteria_round, open_round, sign_in_url, text, url


@pytest.fixture
def others(db):
    return [
        UserFactory(email="ada@example.org", full_name="Ada Agree"),
        UserFactory(email="owen@example.org", full_name="Owen Object"),
        UserFactory(email="nina@example.org", full_name="Nina Notyet"),
    ]


@pytest.fixture
def funding_round(criteria_member, others):
    return criteria_round(criteria_member, *others)


@pytest.fixture
def criterion(funding_round, others):
    ada, owen, _nina = others
    criterion = CriterionFactory(
        funding_round=funding_round,
        title="Reaches lonely people",
        description="The project finds older people who are cut off.",
        what_good_looks_like="A plan to reach people who never go to groups.",
        weight=3,
        proposer=ada,
    )
    CriterionResponse.objects.create(criterion=criterion, member=ada, answer="agree")
    CriterionResponse.objects.create(
        criterion=criterion, member=owen, answer="object", comment="It should say who counts as lonely."
    )
    return criterion


@pytest.fixture
def facilitation(criterion, facilitator):
    return CriterionComment.objects.create(
        criterion=criterion, author=facilitator, body="Remember the funder's rules.", is_facilitation=True
    )


def test_member_sees_the_whole_criterion(client, criteria_member, criterion, facilitation, others):
    CriterionComment.objects.create(criterion=criterion, author=others[0], body="I like this one.")
    client.force_login(criteria_member)
    response = client.get(url("criterion_detail", criterion))
    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="govuk-heading-xl">Reaches lonely people</h1>' in page
    assert "The project finds older people who are cut off." in page
    assert "A plan to reach people who never go to groups." in page
    assert "3 out of 10" in page
    assert "A good plan" in page  # the scale, point by point
    assert "Under discussion" in page
    assert "Proposed by Ada Agree." in page
    # The answers, concerns and objections are open to the group.
    assert "2 of 4 have answered." in page
    assert "1 objection." in page
    assert "It should say who counts as lonely." in page
    assert "I object" in page
    assert "Cyril Criteria, Nina Notyet" in page  # still to answer
    # The discussion, with staff messages marked as facilitation.
    assert "Facilitation note from Fiona Facilitator" in page
    assert "Remember the funder&#x27;s rules." in page
    assert "I like this one." in page
    assert url("criterion_comment", criterion) in page
    # My own answer.
    assert url("criterion_respond", criterion) in page
    assert "What do you think of this criterion?" in page


def test_my_current_answer_is_filled_in(client, criteria_member, criterion):
    CriterionResponse.objects.create(criterion=criterion, member=criteria_member, answer="concern", comment="Unsure")
    client.force_login(criteria_member)
    page = text(client.get(url("criterion_detail", criterion)))
    assert 'value="concern" checked' in page
    assert ">\nUnsure</textarea>" in page
    assert "You answered “I have a concern”" in page


def test_an_agreed_criterion_says_when_in_uk_time(client, criteria_member, funding_round):
    criterion = CriterionFactory(
        funding_round=funding_round, agreed=True, agreed_at=datetime(2018, 6, 30, 23, 30, tzinfo=UTC)
    )
    client.force_login(criteria_member)
    page = text(client.get(url("criterion_detail", criterion)))
    assert "Agreed on 1 July 2018." in page  # half past midnight in London, summer time


def test_a_must_have_has_no_scale_or_weight(client, criteria_member, funding_round):
    criterion = CriterionFactory(funding_round=funding_round, must_have=True)
    client.force_login(criteria_member)
    page = text(client.get(url("criterion_detail", criterion)))
    assert "A must-have: an application that does not meet it cannot be funded" in page
    assert "What each score means" not in page
    assert "out of 10" not in page


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_have_no_answer_form_and_see_why(client, request, persona, criterion):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url("criterion_detail", criterion))
    assert response.status_code == 200
    page = text(response)
    assert url("criterion_respond", criterion) not in page
    assert "Staff and administrators facilitate: they cannot agree criteria, score or vote." in page
    assert url("wording_suggest", criterion) in page  # they may tidy the words
    assert url("criterion_comment", criterion) in page  # and join the discussion
    assert url("criterion_withdraw", criterion) not in page


def test_only_the_proposer_sees_the_withdraw_link(client, criteria_member, criterion, others):
    client.force_login(others[0])
    assert url("criterion_withdraw", criterion) in text(client.get(url("criterion_detail", criterion)))
    client.force_login(criteria_member)
    page = text(client.get(url("criterion_detail", criterion)))
    assert url("criterion_withdraw", criterion) not in page
    assert url("wording_suggest", criterion) not in page


def test_pending_wording_is_side_by_side_with_buttons_for_the_proposer(client, criterion, facilitator, others):
    suggestion = WordingSuggestion.objects.create(
        criterion=criterion,
        suggested_by=facilitator,
        title="Reaches people who are lonely",
        description="The project finds older people who are on their own.",
        what_good_looks_like="A plan to reach people who never go out.",
        reason="Shorter words.",
    )
    client.force_login(others[0])
    page = text(client.get(url("criterion_detail", criterion)))
    assert "Clearer wording suggested" in page
    assert "The words now" in page and "Suggested words" in page
    assert page.index("The project finds older people who are cut off.") < page.index(
        "The project finds older people who are on their own."
    )
    assert "Shorter words." in page
    assert "Reading ease" in page  # the plain-English check of the suggested words
    assert url("wording_decide", criterion, suggestion.pk) in page
    assert 'value="accept"' in page and 'value="decline"' in page


def test_others_see_the_pending_wording_but_cannot_decide(client, criteria_member, criterion, facilitator):
    suggestion = WordingSuggestion.objects.create(
        criterion=criterion, suggested_by=facilitator, title="New", description="New", what_good_looks_like="New"
    )
    client.force_login(criteria_member)
    page = text(client.get(url("criterion_detail", criterion)))
    assert "Ada Agree proposed this criterion, so they decide whether to use them." in page
    assert url("wording_decide", criterion, suggestion.pk) not in page


def test_past_suggestions_are_listed_with_their_outcome(client, criteria_member, criterion, facilitator):
    WordingSuggestion.objects.create(
        criterion=criterion,
        suggested_by=facilitator,
        title="Declined words",
        description="d",
        what_good_looks_like="w",
        status=WordingSuggestion.Status.DECLINED,
        decided_at=datetime(2018, 3, 12, 10, tzinfo=UTC),
    )
    client.force_login(criteria_member)
    page = text(client.get(url("criterion_detail", criterion)))
    assert "Earlier wording suggestions" in page
    assert "Fiona Facilitator suggested “Declined words”" in page
    assert "declined on 12 March 2018" in page


def test_once_the_round_is_open_the_page_is_read_only(client, criteria_member, criterion):
    open_round(criterion.funding_round)
    client.force_login(criteria_member)
    page = text(client.get(url("criterion_detail", criterion)))
    assert url("criterion_respond", criterion) not in page
    assert url("criterion_comment", criterion) not in page
    assert "The criteria for this round are settled: they can no longer change." in page
    assert "The discussion closed when the criteria were settled." in page


def test_anonymous_is_sent_to_sign_in(client, criterion):
    response = client.get(url("criterion_detail", criterion))
    assert response.status_code == 302
    assert response.url == sign_in_url(url("criterion_detail", criterion))


def test_outsider_gets_not_found_before_publication_and_the_reason_after(client, outsider, criterion):
    client.force_login(outsider)
    assert client.get(url("criterion_detail", criterion)).status_code == 404
    open_round(criterion.funding_round)
    response = client.get(url("criterion_detail", criterion))
    assert response.status_code == 403
    assert "Only the criteria group and the staff who support it can see this page." in text(response)


def test_a_criterion_of_another_round_is_not_found(client, criteria_member, criterion, funding_round):
    elsewhere = CriterionFactory(funding_round=criteria_round(criteria_member))
    client.force_login(criteria_member)
    wrong = url("criterion_detail", criterion).replace(f"/{criterion.pk}/", f"/{elsewhere.pk}/")
    assert client.get(wrong).status_code == 404


def test_query_count_does_not_grow_with_answers_comments_or_suggestions(
    client, criteria_member, criterion, facilitator
):
    WordingSuggestion.objects.create(
        criterion=criterion, suggested_by=facilitator, title="t", description="d", what_good_looks_like="w"
    )
    client.force_login(criteria_member)
    client.get(url("criterion_detail", criterion))

    def more():
        for member in UserFactory.create_batch(10):
            CriterionResponse.objects.create(criterion=criterion, member=member, answer="concern", comment="Hmm")
            CriterionComment.objects.create(criterion=criterion, author=member, body="More to say")
        for _ in range(3):
            WordingSuggestion.objects.create(
                criterion=criterion, suggested_by=facilitator, title="t", description="d", what_good_looks_like="w"
            )
            WordingSuggestion.objects.create(
                criterion=criterion,
                suggested_by=facilitator,
                title="t",
                description="d",
                what_good_looks_like="w",
                status=WordingSuggestion.Status.ACCEPTED,
            )

    assert_page_queries(client, url("criterion_detail", criterion), at_most=16, add_data=more)
