"""Funding rounds and co-produced criteria: the services that change them, as the funding rules say."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from commissioning import services
from commissioning.audit import Verb
from commissioning.exceptions import GatesNotMet, RoundError, TimelineError
from commissioning.models import (
    AuditEvent,
    CriteriaGroupMember,
    Criterion,
    CriterionResponse,
    FundingRound,
    Question,
    RoundLocked,
    Stage,
    User,
)
from commissioning.permissions import can

from .factories import (
    CriterionFactory,
    FundingRoundFactory,
    QuestionFactory,
    UserFactory,
    add_timeline,
    join_criteria_group,
)


@pytest.fixture
def criteria_round(db):
    return FundingRoundFactory(criteria=True, criteria_quorum=3)


@pytest.fixture
def group(criteria_round):
    members = [UserFactory(full_name=name) for name in ("Ada Older", "Bert Older", "Cath Older", "Dev Older")]
    for member in members:
        join_criteria_group(member, criteria_round)
    return members


@pytest.fixture
def criterion(criteria_round, group):
    return CriterionFactory(funding_round=criteria_round, proposer=group[0])


def answer(member, criterion, value="agree", comment=""):
    return services.respond_to_criterion(actor=member, criterion=criterion, answer=value, comment=comment)


# Agreeing criteria ---------------------------------------------------------------


def test_a_criterion_is_agreed_when_the_quorum_answers_and_nobody_objects(criterion, group):
    answer(group[0], criterion)
    answer(group[1], criterion, "concern", "Small groups might struggle to show this.")
    criterion.refresh_from_db()
    assert criterion.status == Criterion.Status.PROPOSED
    answer(group[2], criterion)
    criterion.refresh_from_db()
    assert criterion.status == Criterion.Status.AGREED
    assert criterion.agreed_at is not None
    assert AuditEvent.objects.filter(verb=Verb.CRITERION_AGREED, target_id=str(criterion.pk)).count() == 1


def test_one_objection_stops_agreement(criterion, group):
    answer(group[0], criterion)
    answer(group[1], criterion, "object", "This shuts out people without the internet.")
    answer(group[2], criterion)
    answer(group[3], criterion)
    criterion.refresh_from_db()
    assert criterion.status == Criterion.Status.PROPOSED


def test_an_objection_after_agreement_reopens_the_discussion(criterion, group):
    for member in group[:3]:
        answer(member, criterion)
    answer(group[3], criterion, "object", "We missed something.")
    criterion.refresh_from_db()
    assert criterion.status == Criterion.Status.PROPOSED
    assert criterion.agreed_at is None
    assert AuditEvent.objects.filter(verb=Verb.CRITERION_REOPENED).exists()


def test_a_second_answer_updates_and_never_duplicates(criterion, group):
    answer(group[0], criterion, "object", "Not sure.")
    answer(group[0], criterion, "agree", "Convinced by the discussion.")
    responses = CriterionResponse.objects.filter(criterion=criterion, member=group[0])
    assert responses.count() == 1
    assert (responses.get().answer, responses.get().comment) == ("agree", "Convinced by the discussion.")
    assert AuditEvent.objects.filter(verb=Verb.CRITERION_RESPONDED).count() == 2


@pytest.mark.parametrize("persona", ["facilitator", "administrator"])
def test_staff_and_administrators_cannot_agree_criteria(request, criterion, persona):
    staff = request.getfixturevalue(persona)
    decision = can(staff, "commissioning.agree_criterion", criterion)
    assert not decision.allowed
    assert "Staff and administrators facilitate" in decision.reason
    with pytest.raises(PermissionDenied):
        answer(staff, criterion)
    assert not CriterionResponse.objects.exists()


def test_a_superuser_holding_the_criteria_grant_still_cannot_agree(criterion, administrator, criteria_round):
    from guardian.shortcuts import assign_perm

    assign_perm("commissioning.sit_on_criteria_group", administrator, criteria_round)
    assert not can(administrator, "commissioning.agree_criterion", criterion).allowed


def test_someone_outside_the_group_cannot_answer(criterion, outsider):
    with pytest.raises(PermissionDenied, match="Only members of this round's criteria group"):
        answer(outsider, criterion)


def test_no_answers_once_the_round_is_open(criterion, group):
    FundingRound.objects.filter(pk=criterion.funding_round_id).update(status=FundingRound.Status.OPEN)
    criterion.refresh_from_db()
    with pytest.raises(PermissionDenied, match="settled"):
        answer(group[0], criterion)


def test_members_propose_criteria_and_staff_cannot(criteria_round, group, facilitator):
    fields = {
        "title": "Older people run it",
        "description": "Older people help run the project.",
        "what_good_looks_like": "Older people on the steering group.",
        "kind": Criterion.Kind.SCORED,
        "weight": 3,
        **{f"descriptor_{point}": f"Score {point}" for point in range(5)},
    }
    criterion = services.propose_criterion(actor=group[1], funding_round=criteria_round, **fields)
    assert criterion.proposer == group[1]
    assert criterion.status == Criterion.Status.PROPOSED
    with pytest.raises(PermissionDenied, match="proposed by the older people"):
        services.propose_criterion(actor=facilitator, funding_round=criteria_round, **fields)


@pytest.mark.parametrize("weight", [0, 11])
def test_a_weight_outside_1_to_10_is_refused(criteria_round, group, weight):
    with pytest.raises(ValidationError):
        services.propose_criterion(
            actor=group[0],
            funding_round=criteria_round,
            title="T",
            description="D",
            what_good_looks_like="G",
            weight=weight,
            **{f"descriptor_{point}": "x" for point in range(5)},
        )
    assert not Criterion.objects.exists()


def test_a_scored_criterion_needs_every_descriptor(criteria_round, group):
    with pytest.raises(ValidationError, match="Say what each score"):
        services.propose_criterion(
            actor=group[0], funding_round=criteria_round, title="T", description="D", what_good_looks_like="G", weight=1
        )


def test_staff_suggest_wording_and_only_the_proposer_accepts_it(criterion, group, facilitator):
    suggestion = services.suggest_wording(
        actor=facilitator,
        criterion=criterion,
        title="Reaches lonely people",
        description="Finds people who are alone.",
        what_good_looks_like="A plan with GPs.",
        reason="Shorter.",
    )
    with pytest.raises(PermissionDenied, match="Only the person who proposed"):
        services.decide_wording(actor=group[1], suggestion=suggestion, accept=True)
    with pytest.raises(PermissionDenied):
        services.decide_wording(actor=facilitator, suggestion=suggestion, accept=True)
    services.decide_wording(actor=group[0], suggestion=suggestion, accept=True)
    criterion.refresh_from_db()
    suggestion.refresh_from_db()
    assert criterion.title == "Reaches lonely people"
    assert suggestion.status == "accepted"
    event = AuditEvent.objects.get(verb=Verb.WORDING_ACCEPTED)
    assert event.data["previous_wording"]["title"].startswith("Reaches lonely older people")


def test_declined_wording_leaves_the_criterion_and_keeps_the_suggestion(criterion, group, facilitator):
    old_title = criterion.title
    suggestion = services.suggest_wording(
        actor=facilitator, criterion=criterion, title="New", description="New", what_good_looks_like="New"
    )
    services.decide_wording(actor=group[0], suggestion=suggestion, accept=False)
    criterion.refresh_from_db()
    suggestion.refresh_from_db()
    assert criterion.title == old_title
    assert (suggestion.status, suggestion.title) == ("declined", "New")
    assert AuditEvent.objects.filter(verb=Verb.WORDING_DECLINED).exists()


def test_staff_comments_are_marked_as_facilitation(criterion, group, facilitator):
    assert services.comment_on_criterion(
        actor=facilitator, criterion=criterion, body="Please reply by Friday."
    ).is_facilitation
    assert not services.comment_on_criterion(actor=group[2], criterion=criterion, body="I agree.").is_facilitation


# The criteria group ---------------------------------------------------------------


def test_inviting_someone_with_an_account_adds_them_and_grants_their_say(
    criteria_round, facilitator, django_capture_on_commit_callbacks
):
    person = UserFactory(email="edna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_criteria_group_member(actor=facilitator, funding_round=criteria_round, email="Edna@Example.org")
    assert CriteriaGroupMember.objects.filter(funding_round=criteria_round, user=person).exists()
    criterion = CriterionFactory(funding_round=criteria_round)
    assert can(person, "commissioning.agree_criterion", criterion).allowed
    assert [message.to for message in mail.outbox] == [["edna@example.org"]]
    assert AuditEvent.objects.filter(verb=Verb.CRITERIA_MEMBER_ADDED, actor=facilitator).exists()


def test_inviting_someone_new_creates_an_account_and_emails_a_one_time_link(
    criteria_round, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_criteria_group_member(
            actor=facilitator, funding_round=criteria_round, email="frank@example.org", full_name="Frank  Older"
        )
    frank = User.objects.get(email="frank@example.org")
    assert frank.full_name == "Frank Older"
    assert not frank.has_usable_password()
    assert len(mail.outbox) == 1
    assert "/invitation/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(verb=Verb.CRITERIA_MEMBER_INVITED).exists()


def test_inviting_needs_a_name_for_someone_new_and_refuses_duplicates_and_staff(criteria_round, facilitator, group):
    with pytest.raises(RoundError, match="full name"):
        services.add_criteria_group_member(actor=facilitator, funding_round=criteria_round, email="new@example.org")
    with pytest.raises(RoundError, match="already in the criteria group"):
        services.add_criteria_group_member(actor=facilitator, funding_round=criteria_round, email=group[0].email)
    with pytest.raises(RoundError, match="Staff facilitate"):
        services.add_criteria_group_member(actor=facilitator, funding_round=criteria_round, email=facilitator.email)
    assert not User.objects.filter(email="new@example.org").exists()


def test_inviting_again_someone_who_never_chose_a_password_sends_a_fresh_link(
    criteria_round, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_criteria_group_member(
            actor=facilitator, funding_round=criteria_round, email="gwen@example.org", full_name="Gwen Older"
        )
        services.add_criteria_group_member(actor=facilitator, funding_round=criteria_round, email="gwen@example.org")
    assert CriteriaGroupMember.objects.filter(user__email="gwen@example.org").count() == 1
    assert len(mail.outbox) == 2
    assert all("/invitation/" in message.body for message in mail.outbox)
    assert AuditEvent.objects.filter(verb=Verb.CRITERIA_MEMBER_INVITED).count() == 2


def test_reminders_go_only_to_members_who_have_not_answered(
    criterion, group, facilitator, django_capture_on_commit_callbacks
):
    answer(group[0], criterion)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.remind_criteria_group(actor=facilitator, funding_round=criterion.funding_round)
    assert count == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(member.email for member in group[1:])
    assert AuditEvent.objects.get(verb=Verb.CRITERIA_REMINDER_SENT).data["reminded"]


# The timeline --------------------------------------------------------------------


def test_a_timeline_in_order_is_saved_with_a_warning_when_rest_is_short(facilitator, db):
    funding_round = FundingRoundFactory(recovery_gap_days=7)
    warnings = services.set_timeline(
        actor=facilitator,
        funding_round=funding_round,
        dates={
            Stage.Kind.CRITERIA: (date(2018, 1, 1), date(2018, 1, 31)),
            Stage.Kind.OPEN: (date(2018, 2, 1), date(2018, 3, 31)),
            Stage.Kind.SHORTLISTING: (date(2018, 4, 3), date(2018, 4, 30)),
        },
    )
    assert list(funding_round.stages.values_list("kind", flat=True)) == ["criteria", "open", "shortlisting"]
    assert warnings == []  # criteria and shortlisting are 61 days apart
    warnings = services.set_timeline(
        actor=facilitator,
        funding_round=funding_round,
        dates={
            Stage.Kind.SHORTLISTING: (date(2018, 4, 3), date(2018, 4, 30)),
            Stage.Kind.INTERVIEWS: (date(2018, 5, 3), date(2018, 5, 10)),
        },
    )
    assert warnings == [
        "Volunteers get only 2 days of rest between “Shortlisting” and “Interviews”. This round promises at least 7."
    ]
    assert funding_round.stages.count() == 2  # stages left out of the form are removed
    assert AuditEvent.objects.filter(verb=Verb.TIMELINE_SET).count() == 2


def test_overlapping_or_backwards_stages_are_refused_and_nothing_changes(facilitator, db):
    funding_round = FundingRoundFactory()
    add_timeline(funding_round)
    before = list(funding_round.stages.values_list("kind", "starts_on", "ends_on"))
    with pytest.raises(TimelineError) as error:
        services.set_timeline(
            actor=facilitator,
            funding_round=funding_round,
            dates={
                Stage.Kind.CRITERIA: (date(2018, 1, 1), date(2018, 1, 31)),
                Stage.Kind.OPEN: (date(2018, 1, 20), date(2018, 3, 31)),
                Stage.Kind.ELIGIBILITY: (date(2018, 4, 30), date(2018, 4, 2)),
                Stage.Kind.SHORTLISTING: (date(2018, 5, 1), None),
            },
        )
    assert error.value.errors == {
        "open_starts_on": "“Open for applications” must start after “Agreeing the criteria” ends (31 January 2018)",
        "eligibility_ends_on": "“Checking eligibility” must end on or after the day it starts",
        "shortlisting_ends_on": "Enter both days for “Shortlisting”, or neither",
    }
    assert list(funding_round.stages.values_list("kind", "starts_on", "ends_on")) == before


# Moving a round on ------------------------------------------------------------------


def ready_to_open(funding_round, proposer):
    add_timeline(funding_round)
    scored = CriterionFactory(funding_round=funding_round, proposer=proposer, agreed=True)
    CriterionFactory(funding_round=funding_round, proposer=proposer, status=Criterion.Status.WITHDRAWN)
    QuestionFactory(funding_round=funding_round, criterion=scored)
    return scored


def test_a_round_opens_only_when_every_gate_holds(criteria_round, group, facilitator):
    with pytest.raises(GatesNotMet) as refused:
        services.advance_round(actor=facilitator, funding_round=criteria_round)
    assert refused.value.failures == [
        "The criteria group must agree at least one scored criterion.",
        "Add at least one question to the application form.",
        "Set the dates for every stage; still missing: agreeing the criteria, open for applications, checking "
        "eligibility, shortlisting, interviews, deciding, feedback to applicants.",
    ]
    ready_to_open(criteria_round, group[0])
    undecided = CriterionFactory(funding_round=criteria_round, proposer=group[0])
    with pytest.raises(GatesNotMet, match="1 of 3 criteria are still under discussion"):
        services.advance_round(actor=facilitator, funding_round=criteria_round)
    services.withdraw_criterion(actor=group[0], criterion=undecided)
    services.advance_round(actor=facilitator, funding_round=criteria_round)
    criteria_round.refresh_from_db()
    assert criteria_round.status == FundingRound.Status.OPEN
    event = AuditEvent.objects.get(verb=Verb.ROUND_ADVANCED)
    assert (event.actor, event.data) == (facilitator, {"from": "criteria", "to": "open"})


def test_volunteers_cannot_move_a_round_on(criteria_round, group):
    with pytest.raises(PermissionDenied, match="Only staff facilitators"):
        services.advance_round(actor=group[0], funding_round=criteria_round)


def test_a_draft_round_needs_criteria_dates_and_a_group_before_the_criteria_stage(facilitator, db):
    draft = FundingRoundFactory()
    with pytest.raises(GatesNotMet) as refused:
        services.advance_round(actor=facilitator, funding_round=draft)
    assert refused.value.failures == [
        "Set the dates for agreeing the criteria.",
        "Invite at least one older person to the criteria group.",
    ]


# Locking ---------------------------------------------------------------------------


@pytest.fixture
def open_round(criteria_round, group, facilitator):
    scored = ready_to_open(criteria_round, group[0])
    services.advance_round(actor=facilitator, funding_round=criteria_round)
    return scored


def test_once_open_the_model_refuses_to_change_a_criterion_or_its_weight(open_round):
    criterion = Criterion.objects.get(pk=open_round.pk)
    criterion.weight = 10
    with pytest.raises(RoundLocked):
        criterion.save()
    with pytest.raises(RoundLocked):
        criterion.delete()
    assert Criterion.objects.get(pk=open_round.pk).weight == 2


def test_once_open_questions_cannot_be_added_changed_or_removed(open_round, facilitator):
    funding_round = open_round.funding_round
    question = Question.objects.get(funding_round=funding_round)
    with pytest.raises(PermissionDenied, match="cannot change"):
        services.add_question(actor=facilitator, funding_round=funding_round, criterion=open_round, text="Sneaky?")
    with pytest.raises(PermissionDenied):
        services.update_question(actor=facilitator, question=question, text="Changed?")
    question.text = "Changed behind the service's back"
    with pytest.raises(RoundLocked):
        question.save()
    with pytest.raises(RoundLocked):
        Question(funding_round=funding_round, criterion=open_round, text="New").save()
    assert Question.objects.filter(funding_round=funding_round).count() == 1


def test_once_open_nobody_proposes_or_suggests(open_round, group, facilitator):
    with pytest.raises(PermissionDenied):
        services.propose_criterion(actor=group[0], funding_round=open_round.funding_round, title="Late")
    with pytest.raises(PermissionDenied):
        services.suggest_wording(
            actor=facilitator, criterion=open_round, title="x", description="x", what_good_looks_like="x"
        )


# Round details -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"budget": 0}, "The budget must be more than £0"),
        ({"budget": -5}, "The budget must be more than £0"),
        ({"minimum_grant": 300000, "maximum_grant": 200000}, "largest grant must be the same as or more"),
        ({"maximum_grant": 2000000}, "cannot be more than the whole budget"),
    ],
)
def test_impossible_amounts_are_refused_and_nothing_changes(facilitator, fields, message, db):
    funding_round = FundingRoundFactory()
    with pytest.raises(ValidationError, match=message):
        services.update_round(actor=facilitator, funding_round=funding_round, **fields)
    funding_round.refresh_from_db()
    assert funding_round.budget == 1700000


def test_round_changes_are_logged_with_the_fields(facilitator, db):
    funding_round = FundingRoundFactory()
    services.update_round(actor=facilitator, funding_round=funding_round, summary="Shorter.", budget=1600000)
    assert AuditEvent.objects.get(verb=Verb.ROUND_UPDATED).data == {"changed": ["budget", "summary"]}
