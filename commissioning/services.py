"""Writes that need the audit trail: the core app's services.

Every service takes the acting user first, as a keyword, and writes an AuditEvent.
"""

import hashlib
import hmac
from datetime import timedelta

from axes.utils import reset as end_sign_in_pause
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from guardian.shortcuts import assign_perm, remove_perm

from commissioning import audit, emails, signals
from commissioning.audit import Verb
from commissioning.emails import send_templated_email
from commissioning.exceptions import GatesNotMet, OutboxError, RoundError, SignInLinkError, TimelineError
from commissioning.models import (
    AuditEvent,
    CriteriaGroupMember,
    Criterion,
    CriterionComment,
    CriterionResponse,
    FundingRound,
    JargonTerm,
    OutgoingEmail,
    Programme,
    Question,
    SignInLinkRequest,
    Stage,
    Strand,
    User,
    WordingSuggestion,
)
from commissioning.permissions import CRITERIA_GRANT, is_staff_role, require


def record_event(*, actor: User | None, verb: str, target=None, data: dict | None = None) -> AuditEvent:
    """Append one line to the activity log. `actor=None` means the system acted.

    `verb` must be registered by its app (commissioning/audit.py), so no line is written
    that the activity log cannot put into words.
    """
    audit.require_registered(verb)
    event = AuditEvent(
        actor=actor,
        actor_label=(str(actor) if actor else ""),
        verb=verb,
        data=data or {},
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
        event.target_label = str(target)[:200]
    # The actor and the target's type are rows we hold; the database checks they exist.
    event.clean_fields(exclude=["actor", "target_type"])
    event.save()
    return event


def record_sign_in(sender, request, user, **kwargs) -> None:
    record_event(actor=user, verb=Verb.SIGNED_IN, target=user)


def record_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_event(actor=user, verb=Verb.SIGNED_OUT, target=user)


@transaction.atomic
def change_role(*, actor: User | None, user: User, role: str) -> User:
    """Give `user` a role: person, staff facilitator or administrator.

    Only administrators hold Django's admin and superuser flags; a facilitator is a
    role of its own and never a superuser. Every change is logged. Someone who becomes staff
    loses their criteria-group places here and (through `signals.role_changed`) their panel
    seats: staff facilitate, they never agree criteria, score or vote.
    """
    old_role = user.role
    if old_role == role:
        return user
    user.role = role
    is_admin = role == User.Role.ADMINISTRATOR
    user.is_staff = is_admin
    user.is_superuser = is_admin
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    record_event(
        actor=actor,
        verb=Verb.ROLE_CHANGED,
        target=user,
        data={"from": old_role, "to": role},
    )
    if is_staff_role(user):
        _end_criteria_places(actor=actor, user=user)
    signals.role_changed.send(sender=User, user=user, actor=actor, from_role=old_role, to_role=role)
    return user


def _end_criteria_places(*, actor: User | None, user: User) -> None:
    """Take `user` out of every criteria group, grant and row together, each one logged."""
    for place in CriteriaGroupMember.objects.filter(user=user).select_related("funding_round"):
        remove_perm(CRITERIA_GRANT, user, place.funding_round)
        place.delete()
        record_event(
            actor=actor, verb=Verb.CRITERIA_PLACE_ENDED, target=place.funding_round, data={"member": user.email}
        )


@transaction.atomic
def update_account(*, actor: User, full_name: str, prefers_larger_text: bool, prefers_high_contrast: bool) -> User:
    """A person changes their own name and display preferences."""
    changed = {
        field: value
        for field, value in {
            "full_name": full_name,
            "prefers_larger_text": prefers_larger_text,
            "prefers_high_contrast": prefers_high_contrast,
        }.items()
        if getattr(actor, field) != value
    }
    if not changed:
        return actor
    for field, value in changed.items():
        setattr(actor, field, value)
    actor.full_clean(exclude=["password"])
    actor.save(update_fields=list(changed))
    record_event(actor=actor, verb=Verb.ACCOUNT_UPDATED, target=actor, data={"changed": sorted(changed)})
    return actor


@transaction.atomic
def choose_emails(*, actor: User, email_choice: str) -> User:
    """A person chooses how much email they get (User.EmailChoice); essentials always go."""
    if actor.email_choice == email_choice:
        return actor
    actor.email_choice = email_choice
    actor.full_clean(exclude=["password"])
    actor.save(update_fields=["email_choice"])
    record_event(
        actor=actor, verb=Verb.ACCOUNT_UPDATED, target=actor, data={"changed": ["email_choice"], "to": email_choice}
    )
    return actor


def record_password_change(*, actor: User, by_reset: bool) -> None:
    """Log a new password. One set through the emailed link also ends any pause on signing in to
    the account (too many wrong passwords): the link proves the person holds the email, and the
    page that says signing in is paused offers exactly this way out."""
    verb = Verb.PASSWORD_RESET if by_reset else Verb.PASSWORD_CHANGED
    record_event(actor=actor, verb=verb, target=actor)
    if by_reset:
        end_sign_in_pause(username=actor.email.strip().lower())


# Programmes and funding rounds --------------------------------------------------------


def _fresh_round(funding_round: FundingRound) -> FundingRound:
    """The round as it is now, locked for this transaction: rules must not read a stale status."""
    return FundingRound.objects.select_for_update().get(pk=funding_round.pk)


def _fresh_criterion(criterion: Criterion) -> Criterion:
    return Criterion.objects.select_for_update().select_related("funding_round").get(pk=criterion.pk)


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


@transaction.atomic
def create_programme(*, actor: User, **fields) -> Programme:
    require(actor, "commissioning.manage_rounds")
    programme = Programme(**fields)
    _save(programme)
    record_event(actor=actor, verb=Verb.PROGRAMME_CREATED, target=programme)
    return programme


@transaction.atomic
def update_programme(*, actor: User, programme: Programme, **fields) -> Programme:
    require(actor, "commissioning.manage_rounds")
    changed = _apply(programme, fields)
    if changed:
        _save(programme)
        record_event(actor=actor, verb=Verb.PROGRAMME_UPDATED, target=programme, data={"changed": changed})
    return programme


def _apply(obj, fields: dict) -> list[str]:
    changed = sorted(name for name, value in fields.items() if getattr(obj, name) != value)
    for name in changed:
        setattr(obj, name, fields[name])
    return changed


@transaction.atomic
def create_round(*, actor: User, programme: Programme, **fields) -> FundingRound:
    require(actor, "commissioning.manage_rounds")
    funding_round = FundingRound(programme=programme, status=FundingRound.Status.DRAFT, **fields)
    _save(funding_round)
    record_event(actor=actor, verb=Verb.ROUND_CREATED, target=funding_round)
    return funding_round


@transaction.atomic
def update_round(*, actor: User, funding_round: FundingRound, **fields) -> FundingRound:
    funding_round = FundingRound.objects.select_for_update().get(pk=funding_round.pk)
    require(actor, "commissioning.edit_round", funding_round)
    changed = _apply(funding_round, fields)
    if changed:
        _save(funding_round)
        record_event(actor=actor, verb=Verb.ROUND_UPDATED, target=funding_round, data={"changed": changed})
    return funding_round


@transaction.atomic
def set_timeline(*, actor: User, funding_round: FundingRound, dates: dict) -> list[str]:
    """Set the stages' dates. `dates` maps a Stage.Kind to (first day, last day); a kind
    with both days empty has no stage yet. Stages must run in order without overlapping.
    Returns the recovery-gap warnings, which advise and never block."""
    funding_round = FundingRound.objects.select_for_update().get(pk=funding_round.pk)
    require(actor, "commissioning.edit_timeline", funding_round)
    errors: dict[str, str] = {}
    previous = None
    for kind in Stage.Kind:
        starts_on, ends_on = dates.get(kind, (None, None))
        if starts_on is None and ends_on is None:
            continue
        if starts_on is None or ends_on is None:
            errors[f"{kind}_{'starts_on' if starts_on is None else 'ends_on'}"] = (
                f"Enter both days for “{kind.label}”, or neither"
            )
            continue
        if ends_on < starts_on:
            errors[f"{kind}_ends_on"] = f"“{kind.label}” must end on or after the day it starts"
        elif previous and starts_on <= previous[1]:
            errors[f"{kind}_starts_on"] = (
                f"“{kind.label}” must start after “{previous[0].label}” ends ({previous[1]:%-d %B %Y})"
            )
        previous = (kind, ends_on)
    existing = {stage.kind: stage for stage in funding_round.stages.all()}
    _refuse_removals(funding_round, existing, dates, errors)
    if errors:
        raise TimelineError(errors)
    old_deadline = funding_round.application_deadline
    for kind in Stage.Kind:
        starts_on, ends_on = dates.get(kind, (None, None))
        stage = existing.get(kind)
        if starts_on is None:
            if stage:
                stage.delete()
            continue
        stage = stage or Stage(funding_round=funding_round, kind=kind)
        stage.starts_on, stage.ends_on = starts_on, ends_on
        stage.position = Stage.ORDER.index(kind)
        _save(stage)
    record_event(
        actor=actor,
        verb=Verb.TIMELINE_SET,
        target=funding_round,
        data={str(kind): [str(day) for day in days] for kind, days in dates.items() if days[0]},
    )
    saved = FundingRound.objects.prefetch_related("stages").get(pk=funding_round.pk)
    new_deadline = saved.application_deadline
    if saved.is_open_for_applications and new_deadline != old_deadline:
        transaction.on_commit(
            lambda: signals.deadline_moved.send(
                sender=FundingRound,
                funding_round=saved,
                actor=actor,
                old_deadline=old_deadline,
                new_deadline=new_deadline,
            )
        )
    return saved.recovery_warnings()


def _refuse_removals(funding_round: FundingRound, existing: dict, dates: dict, errors: dict) -> None:
    """A form sent empty must not wipe a timeline: leaving every stage empty removes nothing,
    and once applications have opened no stage can be removed (only moved)."""
    emptied = [kind for kind in existing if dates.get(kind, (None, None)) == (None, None)]
    if emptied and len(emptied) == len(existing) and not any(any(days) for days in dates.values()):
        errors["timeline"] = "Enter the days of the stages: an empty form would remove every date"
    elif funding_round.is_locked:
        for kind in emptied:
            errors[f"{kind}_starts_on"] = f"“{Stage.Kind(kind).label}” cannot be removed once applications have opened"


@transaction.atomic
def advance_round(*, actor: User, funding_round: FundingRound) -> FundingRound:
    """Move a round one stage on, only when its gates hold. Always logged."""
    funding_round = FundingRound.objects.select_for_update().get(pk=funding_round.pk)
    require(actor, "commissioning.advance_round", funding_round)
    failures = funding_round.gate_failures()
    if failures:
        raise GatesNotMet(failures)
    old = funding_round.status
    funding_round.status = funding_round.next_status
    funding_round.save(update_fields=["status"])
    record_event(
        actor=actor,
        verb=Verb.ROUND_ADVANCED,
        target=funding_round,
        data={"from": old, "to": funding_round.status},
    )
    if funding_round.status == FundingRound.Status.CLOSED:
        # From now on every write rule refuses: the round is kept as it was decided.
        record_event(actor=actor, verb=Verb.ROUND_CLOSED, target=funding_round)
    new = funding_round.status
    transaction.on_commit(
        lambda: signals.round_advanced.send(
            sender=FundingRound, funding_round=funding_round, actor=actor, from_status=old, to_status=new
        )
    )
    return funding_round


# Questions on the application form -------------------------------------------------


@transaction.atomic
def add_question(*, actor: User, funding_round: FundingRound, **fields) -> Question:
    funding_round = _fresh_round(funding_round)
    require(actor, "commissioning.edit_round", funding_round)
    last = funding_round.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question(funding_round=funding_round, position=(last or 0) + 1, **fields)
    _save(question)
    record_event(actor=actor, verb=Verb.QUESTION_ADDED, target=question)
    return question


@transaction.atomic
def update_question(*, actor: User, question: Question, **fields) -> Question:
    require(actor, "commissioning.edit_round", _fresh_round(question.funding_round))
    changed = _apply(question, fields)
    if changed:
        _save(question)
        record_event(actor=actor, verb=Verb.QUESTION_UPDATED, target=question, data={"changed": changed})
    return question


@transaction.atomic
def remove_question(*, actor: User, question: Question) -> None:
    require(actor, "commissioning.edit_round", _fresh_round(question.funding_round))
    record_event(actor=actor, verb=Verb.QUESTION_REMOVED, target=question, data={"text": question.text})
    question.delete()


# The criteria group -------------------------------------------------------------------


@transaction.atomic
def add_criteria_group_member(
    *, actor: User, funding_round: FundingRound, email: str, full_name: str = ""
) -> CriteriaGroupMember:
    """Add someone to the round's criteria group and grant them a say on its criteria.

    Someone with an account is added and told by email. Someone new gets an account
    with no password and a one-time link to choose one. Inviting again someone who has
    not yet chosen a password sends a fresh link: the first may have run out."""
    funding_round = _fresh_round(funding_round)
    require(actor, "commissioning.manage_criteria_group", funding_round)
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        if not full_name.strip():
            raise RoundError("Enter the person's full name: they do not have an account yet")
        user = User(email=email, full_name=" ".join(full_name.split()))
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    if is_staff_role(user):
        raise RoundError("Staff facilitate the criteria group; they cannot be members of it")
    needs_password = not user.has_usable_password()
    membership, created = CriteriaGroupMember.objects.get_or_create(
        funding_round=funding_round, user=user, defaults={"invited_by": actor}
    )
    if not created and not needs_password:
        raise RoundError(f"{user} is already in the criteria group")
    assign_perm(CRITERIA_GRANT, user, funding_round)
    record_event(
        actor=actor,
        verb=Verb.CRITERIA_MEMBER_INVITED if needs_password else Verb.CRITERIA_MEMBER_ADDED,
        target=funding_round,
        data={"member": user.email, "resent": not created},
    )
    context = {"user": user, "funding_round": funding_round, "invited_by": actor}
    if needs_password:
        context["invitation_path"] = reverse(
            "commissioning:invitation_accept",
            args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
        )
    send_templated_email(
        "commissioning/emails/criteria_invitation" if needs_password else "commissioning/emails/criteria_added",
        to=[user.email],
        context=context,
    )
    return membership


def criteria_response_progress(funding_round: FundingRound) -> list[tuple[User, int, int]]:
    """For each group member: (member, criteria they have answered, criteria open for answers).
    Two queries, whatever the size of the group."""
    open_criteria = list(funding_round.criteria.exclude(status=Criterion.Status.WITHDRAWN).values_list("pk", flat=True))
    answered = dict(
        CriterionResponse.objects.filter(criterion_id__in=open_criteria)
        .values("member_id")
        .annotate(count=Count("pk"))
        .values_list("member_id", "count")
    )
    members = User.objects.filter(criteria_groups__funding_round=funding_round).order_by("full_name")
    return [(member, answered.get(member.pk, 0), len(open_criteria)) for member in members]


@transaction.atomic
def remind_criteria_group(*, actor: User, funding_round: FundingRound) -> int:
    """Email the members who have not yet answered every open criterion. Returns how many were
    emailed: someone who chose nothing but essentials gets no reminder (and is logged as such)."""
    funding_round = _fresh_round(funding_round)
    require(actor, "commissioning.manage_criteria_group", funding_round)
    behind = [member for member, answered, total in criteria_response_progress(funding_round) if answered < total]
    reminded, not_wanted = [], []
    for member in behind:
        context = {"user": member, "funding_round": funding_round}
        stored = send_templated_email("commissioning/emails/criteria_reminder", to=[member.email], context=context)
        (reminded if stored is not None else not_wanted).append(member.email)
    data = {"reminded": reminded, **({"chose_no_reminders": not_wanted} if not_wanted else {})}
    record_event(actor=actor, verb=Verb.CRITERIA_REMINDER_SENT, target=funding_round, data=data)
    return len(reminded)


# Criteria: proposing, discussing and agreeing ------------------------------------------


@transaction.atomic
def propose_criterion(*, actor: User, funding_round: FundingRound, **fields) -> Criterion:
    funding_round = _fresh_round(funding_round)
    require(actor, "commissioning.propose_criterion", funding_round)
    last = funding_round.criteria.order_by("-position").values_list("position", flat=True).first()
    criterion = Criterion(funding_round=funding_round, proposer=actor, position=(last or 0) + 1, **fields)
    if criterion.kind == Criterion.Kind.MUST_HAVE:
        criterion.weight = 1
    _save(criterion)
    record_event(actor=actor, verb=Verb.CRITERION_PROPOSED, target=criterion)
    return criterion


@transaction.atomic
def propose_strand(
    *,
    actor: User,
    funding_round: FundingRound,
    title: str,
    description: str,
    what_good_looks_like: str,
    budget_share,
    expected_projects: int,
) -> Strand:
    """Propose a strand: a share of the round's money for one kind of project, with how many
    projects it expects to fund. Proposed by the criteria group or staff
    (`commissioning.propose_strand`); it is then a criterion of the kind "strand", so the group
    discusses and agrees it on the criterion's own page, by the same rule
    (`respond_to_criterion`), and it locks when applications open."""
    funding_round = _fresh_round(funding_round)
    require(actor, "commissioning.propose_strand", funding_round)
    others = Strand.objects.filter(funding_round=funding_round).exclude(proposal__status=Criterion.Status.WITHDRAWN)
    if budget_share is not None and budget_share > funding_round.budget:
        raise RoundError(f"A strand’s share cannot be more than the round’s budget of {_pounds(funding_round.budget)}")
    last = funding_round.criteria.order_by("-position").values_list("position", flat=True).first()
    proposal = Criterion(
        funding_round=funding_round,
        proposer=actor,
        position=(last or 0) + 1,
        kind=Criterion.Kind.STRAND,
        weight=1,
        title=title,
        description=description,
        what_good_looks_like=what_good_looks_like,
    )
    _save(proposal)
    strand = Strand(
        funding_round=funding_round,
        proposal=proposal,
        budget_share=budget_share,
        expected_projects=expected_projects,
    )
    _save(strand)
    shared = sum(other.budget_share for other in others) + budget_share
    record_event(
        actor=actor,
        verb=Verb.STRAND_PROPOSED,
        target=proposal,
        data={
            "share": str(budget_share),
            "expected_projects": expected_projects,
            "proposed_shares_in_all": str(shared),
        },
    )
    return strand


def _pounds(amount) -> str:
    from commissioning.templatetags.money import money

    return money(amount)


@transaction.atomic
def respond_to_criterion(*, actor: User, criterion: Criterion, answer: str, comment: str = "") -> CriterionResponse:
    """Record a member's answer (a second answer replaces the first), then apply the
    round's rule: agreed when the quorum has answered and nobody objects."""
    criterion = _fresh_criterion(criterion)
    require(actor, "commissioning.agree_criterion", criterion)
    response, _ = CriterionResponse.objects.update_or_create(
        criterion=criterion,
        member=actor,
        defaults={"answer": answer, "comment": comment.strip(), "responded_at": timezone.now()},
    )
    response.full_clean()
    record_event(actor=actor, verb=Verb.CRITERION_RESPONDED, target=criterion, data={"answer": answer})
    _apply_agreement_rule(criterion)
    return response


def _apply_agreement_rule(criterion: Criterion) -> None:
    counts = criterion.responses.aggregate(
        answered=Count("pk"), objections=Count("pk", filter=Q(answer=CriterionResponse.Answer.OBJECT))
    )
    agreed = counts["answered"] >= criterion.funding_round.criteria_quorum and counts["objections"] == 0
    if agreed and criterion.status == Criterion.Status.PROPOSED:
        criterion.status, criterion.agreed_at = Criterion.Status.AGREED, timezone.now()
        criterion.save(update_fields=["status", "agreed_at"])
        record_event(actor=None, verb=Verb.CRITERION_AGREED, target=criterion, data=counts)
    elif not agreed and criterion.status == Criterion.Status.AGREED:
        # An objection (or a changed answer) after agreement reopens the discussion.
        criterion.status, criterion.agreed_at = Criterion.Status.PROPOSED, None
        criterion.save(update_fields=["status", "agreed_at"])
        record_event(actor=None, verb=Verb.CRITERION_REOPENED, target=criterion, data=counts)


@transaction.atomic
def comment_on_criterion(*, actor: User, criterion: Criterion, body: str) -> CriterionComment:
    criterion = _fresh_criterion(criterion)
    require(actor, "commissioning.discuss_criterion", criterion)
    comment = CriterionComment(
        criterion=criterion, author=actor, body=body.strip(), is_facilitation=is_staff_role(actor)
    )
    _save(comment)
    record_event(actor=actor, verb=Verb.CRITERION_COMMENTED, target=criterion)
    return comment


@transaction.atomic
def withdraw_criterion(*, actor: User, criterion: Criterion) -> Criterion:
    criterion = _fresh_criterion(criterion)
    require(actor, "commissioning.withdraw_criterion", criterion)
    criterion.status, criterion.agreed_at = Criterion.Status.WITHDRAWN, None
    criterion.save(update_fields=["status", "agreed_at"])
    record_event(actor=actor, verb=Verb.CRITERION_WITHDRAWN, target=criterion)
    return criterion


@transaction.atomic
def suggest_wording(*, actor: User, criterion: Criterion, **fields) -> WordingSuggestion:
    """Staff offer clearer words; the proposer decides. Both versions are kept."""
    criterion = _fresh_criterion(criterion)
    require(actor, "commissioning.suggest_wording", criterion)
    suggestion = WordingSuggestion(criterion=criterion, suggested_by=actor, **fields)
    _save(suggestion)
    record_event(actor=actor, verb=Verb.WORDING_SUGGESTED, target=criterion)
    send_templated_email(
        "commissioning/emails/wording_suggested",
        to=[criterion.proposer.email],
        context={"user": criterion.proposer, "criterion": criterion, "suggestion": suggestion},
    )
    return suggestion


@transaction.atomic
def decide_wording(*, actor: User, suggestion: WordingSuggestion, accept: bool) -> WordingSuggestion:
    suggestion = (
        WordingSuggestion.objects.select_for_update().select_related("criterion__funding_round").get(pk=suggestion.pk)
    )
    require(actor, "commissioning.decide_wording", suggestion)
    criterion = suggestion.criterion
    if accept:
        old = {field: getattr(criterion, field) for field in ("title", "description", "what_good_looks_like")}
        for field in old:
            setattr(criterion, field, getattr(suggestion, field))
        _save(criterion)
    suggestion.status = WordingSuggestion.Status.ACCEPTED if accept else WordingSuggestion.Status.DECLINED
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_at"])
    record_event(
        actor=actor,
        verb=Verb.WORDING_ACCEPTED if accept else Verb.WORDING_DECLINED,
        target=criterion,
        data={"previous_wording": old} if accept else {},
    )
    return suggestion


# The plain-English word list ------------------------------------------------------------


@transaction.atomic
def add_jargon_term(*, actor: User, term: str, plainer: str) -> JargonTerm:
    require(actor, "commissioning.edit_jargon")
    jargon = JargonTerm(term=" ".join(term.lower().split()), plainer=plainer.strip())
    _save(jargon)
    record_event(actor=actor, verb=Verb.JARGON_UPDATED, data={"added": jargon.term})
    return jargon


@transaction.atomic
def remove_jargon_term(*, actor: User, jargon: JargonTerm) -> None:
    require(actor, "commissioning.edit_jargon")
    record_event(actor=actor, verb=Verb.JARGON_UPDATED, data={"removed": jargon.term})
    jargon.delete()


# The outbox ---------------------------------------------------------------------------------


@transaction.atomic
def send_email_again(*, actor: User, email: OutgoingEmail) -> OutgoingEmail:
    """Staff send again an email the outbox gave up on: it waits for another day of tries."""
    require(actor, "commissioning.send_email_again", email)
    if not email.is_failed:
        raise OutboxError("This email is not one the outbox gave up on, so there is nothing to send again.")
    email = emails.send_again(email)
    record_event(actor=actor, verb=Verb.EMAIL_SENT_AGAIN, target=email, data={"to": email.to, "subject": email.subject})
    return email


# Accounts changed by an administrator (Django admin) ----------------------------------

# What an administrator may change on someone's account, each logged with before and after.
# (The role goes through `change_role`; a password is never set by someone else.)
ACCOUNT_FIELDS = ("email", "full_name", "is_active", "prefers_larger_text", "prefers_high_contrast")


def account_as_it_is(user: User) -> dict:
    return {field: getattr(user, field) for field in ACCOUNT_FIELDS}


@transaction.atomic
def record_account_changed_by_admin(*, actor: User, user: User, before: dict) -> dict:
    """Log what an administrator changed on `user`'s account, before and after; when the email
    address changed, tell the old address, so a taken-over account does not go unnoticed."""
    after = account_as_it_is(user)
    changes = {field: [before[field], after[field]] for field in ACCOUNT_FIELDS if before[field] != after[field]}
    if not changes:
        return changes
    record_event(
        actor=actor, verb=Verb.ACCOUNT_CHANGED_IN_ADMIN, target=user, data={"person": user.email, "changes": changes}
    )
    if "email" in changes:
        send_templated_email(
            "commissioning/emails/email_changed",
            to=[changes["email"][0]],
            context={"user": user, "old_email": changes["email"][0], "new_email": user.email, "changed_by": actor},
        )
    return changes


@transaction.atomic
def create_account_by_admin(*, actor: User, email: str, full_name: str) -> User:
    """An administrator makes an account; its owner chooses the password from the email sent."""
    user = User(email=User.objects.normalize_email(email), full_name=full_name)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    record_event(actor=actor, verb=Verb.ACCOUNT_CREATED_IN_ADMIN, target=user, data={"person": user.email})
    send_password_reset(actor=actor, user=user)
    return user


@transaction.atomic
def send_password_reset(*, actor: User, user: User) -> None:
    """Instead of setting someone's password, an administrator sends them the same email a
    forgotten password sends (through the outbox), and it is logged."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.template.loader import render_to_string

    site = urlsplit(settings.SITE_URL)
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": site.scheme or "https",
        "domain": site.netloc,
    }
    emails.store_email(
        kind="registration/password_reset",
        to=[user.email],
        subject=render_to_string("registration/password_reset_subject.txt", context).strip(),
        text=render_to_string("registration/password_reset_email.txt", context),
        html=render_to_string("registration/password_reset_email.html", context),
    )
    record_event(actor=actor, verb=Verb.PASSWORD_RESET_SENT, target=user, data={"person": user.email})


# Sign-in by emailed link. django-sesame signs the token (the account, the time it was made, and
# the account's last sign-in time and password); we add the rest: a link works once, is refused
# for a switched-off account, and asking for one is throttled per email and internet address.

SIGN_IN_LINK_SCOPE = "sign-in-link"
THROTTLE_WINDOW = timedelta(minutes=15)
TOO_MANY_FOR_EMAIL = (
    "Several sign-in links have been asked for this email address in the last 15 minutes. "
    "Use the newest email, or wait 15 minutes and ask again."
)
TOO_MANY_FROM_HERE = (
    "Many sign-in links have been asked for from this internet connection in the last 15 minutes. "
    "Wait 15 minutes and ask again, or sign in with your password."
)


def email_digest(email: str) -> str:
    """A keyed digest of an email address, so the throttle can count without storing addresses."""
    from django.conf import settings

    normalised = User.objects.normalize_email(email.strip()).lower()
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def _count_request(*, email: str, ip_address: str | None) -> None:
    """Record one request for a link, refusing it first (SignInLinkError) when there have been
    too many for the address or from the internet address. Rows older than a day are dropped."""
    from django.conf import settings

    now = timezone.now()
    digest = email_digest(email)
    recent = SignInLinkRequest.objects.filter(requested_at__gt=now - THROTTLE_WINDOW)
    if recent.filter(email_digest=digest).count() >= settings.SIGN_IN_LINKS_PER_EMAIL:
        raise SignInLinkError(TOO_MANY_FOR_EMAIL)
    if ip_address and recent.filter(ip_address=ip_address).count() >= settings.SIGN_IN_LINKS_PER_IP_ADDRESS:
        raise SignInLinkError(TOO_MANY_FROM_HERE)
    SignInLinkRequest.objects.filter(requested_at__lt=now - timedelta(days=1)).delete()
    SignInLinkRequest.objects.create(email_digest=digest, ip_address=ip_address or None, requested_at=now)


def _email_sign_in_link(*, user: User, sent_by: User | None) -> OutgoingEmail:
    from django.conf import settings
    from sesame.utils import get_token

    return send_templated_email(
        "commissioning/emails/sign_in_link",
        to=[user.email],
        context={
            "user": user,
            "link": reverse("commissioning:sign_in_link_open", args=[get_token(user, scope=SIGN_IN_LINK_SCOPE)]),
            "expires_at": timezone.localtime() + settings.SESAME_MAX_AGE,
            "sent_by": sent_by,
        },
    )


@transaction.atomic
def request_sign_in_link(*, email: str, ip_address: str | None) -> None:
    """Someone asks for a sign-in link for `email`. It is emailed (through the outbox) only if
    the address belongs to an account that is switched on; the caller answers the same either
    way. Raises SignInLinkError when too many have been asked for (counted for every address,
    with an account or not, so the refusal tells nothing either)."""
    _count_request(email=email, ip_address=ip_address)
    user = User.objects.filter(email=User.objects.normalize_email(email.strip()).lower(), is_active=True).first()
    if user is not None:
        _email_sign_in_link(user=user, sent_by=None)
        record_event(actor=user, verb=Verb.SIGN_IN_LINK_REQUESTED, target=user)


@transaction.atomic
def email_sign_in_link_for(*, actor: User, user: User, why: dict | None = None) -> OutgoingEmail:
    """A sign-in link sent to `user` on someone else's behalf. The caller has asked the policy
    (panels.send_sign_in_link, for a member of a panel the staff member supports); the throttle
    for the address counts here too, so a volunteer's inbox is never flooded. `why` is logged
    with it (the panel, say)."""
    if not user.is_active:
        raise SignInLinkError(f"{user}'s account is switched off, so no sign-in link can be sent.")
    _count_request(email=user.email, ip_address=None)
    email = _email_sign_in_link(user=user, sent_by=actor)
    record_event(actor=actor, verb=Verb.SIGN_IN_LINK_SENT, target=user, data={"person": user.email, **(why or {})})
    return email


def _active_user(user_id):
    return User.objects.filter(pk=user_id, is_active=True).first()


def sign_in_link_user(token: str) -> User | None:
    """Whose sign-in link `token` is, while it still works (not used, not expired, the account
    switched on); None otherwise. Only reads: opening the link (as mail scanners do) uses nothing."""
    from sesame.tokens import parse_token

    return parse_token(token, _active_user, scope=SIGN_IN_LINK_SCOPE)


@transaction.atomic
def use_sign_in_link(token: str) -> User | None:
    """Use the link: return its account, now that the link is used up, or None when it no longer
    works. The caller signs the person in.

    The account's last sign-in time is part of the signature: it is moved on only if nobody moved
    it since the token was checked, so of two presses at the same moment only one signs in."""
    from sesame.tokens import parse_token

    user = parse_token(
        token,
        lambda user_id: User.objects.select_for_update().filter(pk=user_id, is_active=True).first(),
        scope=SIGN_IN_LINK_SCOPE,
    )
    if user is None:
        return None
    moved = User.objects.filter(pk=user.pk, last_login=user.last_login).update(last_login=timezone.now())
    if not moved:
        return None
    record_event(actor=user, verb=Verb.SIGNED_IN_BY_LINK, target=user)
    return user
