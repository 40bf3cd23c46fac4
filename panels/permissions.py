"""Rules for panels, registered with the policy in `ready()`.

Scoring and voting (`panels.score_application`, `panels.vote`) are volunteer-only: the policy
refuses staff and administrators before these rules run. The rules then check, in the open,
everything else the funding rules ask: an accepted seat on the application's panel (the
guardian grant given on accepting), a declaration of no conflict made before opening it,
the required induction, and a stage that is open.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from commissioning.models import FundingRound, User
from commissioning.permissions import (
    ROUND_CLOSED_REASON,
    Decision,
    allow,
    deny,
    granted,
    granted_pks,
    has_grant,
    is_staff_role,
    register,
    round_is_closed,
)

PANEL_GRANT = "panels.sit_on_panel"


def _facts(user, application, facts=None):
    """The panel facts that answer for `application` (see panels/facts.py): those a list page
    read once, or this application's panel's own."""
    from panels import facts as panel_facts

    return panel_facts.of(user, application, facts)


def _for_applications(user, applications):
    from panels import facts as panel_facts

    return panel_facts.for_applications(user, applications)


NOT_ON_PANEL = "Only members of the panel this application was given to can do this."


def _manage_panels(user, obj):
    return allow() if is_staff_role(user) else deny("Only staff facilitators can set up panels.")


def _round_of(obj):
    """The funding round a panel-side object belongs to (a round, a panel, or a panel's thing)."""
    if isinstance(obj, FundingRound):
        return obj
    if hasattr(obj, "funding_round"):
        return obj.funding_round
    return _round_of(obj.panel)


def _change_panels(user, obj):
    """Staff set up and run panels (members, applications, sessions, interviews) until the round closes."""
    decision = _manage_panels(user, obj)
    if decision.allowed and obj is not None and round_is_closed(_round_of(obj)):
        return deny(ROUND_CLOSED_REASON)
    return decision


def _send_sign_in_link(user, membership):
    """Staff supporting a panel may email one of its members (seated or invited) a sign-in link,
    for someone who finds passwords hard. Never to a switched-off account."""
    decision = _change_panels(user, membership.panel)
    if not decision.allowed:
        return decision
    if not membership.is_seated_or_invited:
        return deny(f"{membership.user} is no longer on this panel.")
    if not membership.user.is_active:
        return deny(f"{membership.user}'s account is switched off, so no sign-in link can be sent.")
    return allow()


def _view_panel(user, panel):
    if is_staff_role(user) or has_grant(user, PANEL_GRANT, panel):
        return allow()
    return deny("Only the panel's members and the staff who support it can see this.")


def _has_panels(user, obj):
    """For the menu: a member of any panel gets a "Your panels" item (staff reach panels from
    the rounds they run). No query of its own: the person's grants are read once per request."""
    from panels.models import Panel

    if not is_staff_role(user) and granted_pks(user, PANEL_GRANT, Panel):
        return allow()
    return deny("You are not on a panel.")


def _is_seated(user, panel) -> bool:
    """An accepted seat on `panel`, with its grant: what a panel-wide decision needs."""
    from panels.models import PanelMembership

    seated = PanelMembership.objects.filter(panel=panel, user=user, status=PanelMembership.Status.ACCEPTED)
    return has_grant(user, PANEL_GRANT, panel) and seated.exists()


def _agree_to_proceed(user, panel):
    """The panel's members, during the interviews, may record that the panel agreed to go on to
    its decisions without every interview score. Staff cannot (the policy's veto runs first)."""
    if not _is_seated(user, panel):
        return deny("Only the panel's members can record what the panel agreed.")
    if not panel.funding_round.is_at(FundingRound.Status.INTERVIEWS):
        return deny("The panel agrees to go on without an interview score only during the interviews.")
    return allow()


def _move_strand_money(user, panel):
    """Moving money between strands (or from the reserve into one) is a panel's decision, with its
    reasons, recorded by one of its members while the round decides. Staff and administrators
    never do it: the policy's veto refuses them first, whatever seat or grant they hold."""
    if not _is_seated(user, panel):
        return deny("Only the panel's members can move money between strands, as a decision of the panel.")
    if not panel.funding_round.is_at(FundingRound.Status.DECISION):
        return deny("Money is moved between strands only while the panel decides.")
    if not panel.funding_round.strands.exists():
        return deny("This round's money is not shared between strands, so there is none to move.")
    return allow()


def _try_portfolio(user, panel):
    """A panel's members try out a portfolio (the panel's shared draft, or their own) while the
    round decides. A draft is never a vote; staff do not make one (the policy's veto)."""
    if not _is_seated(user, panel):
        return deny("Only the panel's members can try out a portfolio.")
    if not panel.funding_round.is_at(FundingRound.Status.DECISION):
        return deny("Portfolios are tried out while the panel decides.")
    return allow()


def _panel_scope(user, queryset):
    return queryset if is_staff_role(user) else granted(user, PANEL_GRANT, queryset)


def _declare_interest(user, application, facts=None):
    facts = _facts(user, application, facts)
    if facts is None or facts.membership is None:
        return deny(NOT_ON_PANEL)
    if round_is_closed(application.funding_round):
        return deny(ROUND_CLOSED_REASON)
    return allow()


def _opening(user, application, facts=None):
    """(decision, facts): may the user open this application's details, and the panel facts
    that answered (their seat is `facts.membership`)."""
    facts = _facts(user, application, facts)
    if facts is None or facts.membership is None:
        return deny(NOT_ON_PANEL), facts
    declaration = facts.declarations.get(application.pk)
    if declaration is None:
        return (
            deny(
                "Declare whether you have a conflict of interest before opening this application.", next_step="declare"
            ),
            facts,
        )
    if declaration.has_conflict:
        return (
            deny(
                "You declared a conflict of interest with this organisation, so you take no part in its decision.",
                next_step="conflict",
            ),
            facts,
        )
    return allow(), facts


def _view_application(user, application, facts=None):
    return _opening(user, application, facts)[0]


def scoring_stage(application, facts=None):
    """Which assessment a member may work on now: shortlisting scores during shortlisting, and
    interview scores during interviews (for a shortlisted application). None outside them."""
    from panels.models import Assessment, ShortlistOutcome

    round_ = facts.panel.funding_round if facts is not None else application.funding_round
    if round_.status == FundingRound.Status.SHORTLISTING:
        return Assessment.Stage.SHORTLISTING
    shortlisted = (
        application.pk in facts.shortlisted if facts is not None else ShortlistOutcome.is_shortlisted(application)
    )
    if round_.status == FundingRound.Status.INTERVIEWS and shortlisted:
        return Assessment.Stage.INTERVIEWS
    return None


def _inducted(facts, stage=None) -> Decision:
    from panels.models import REQUIRED_BEFORE_SCORING, Assessment, InductionModule

    done = facts.modules_done
    if not done >= REQUIRED_BEFORE_SCORING:
        return deny(
            "Finish the induction modules before scoring: they take about an hour in all.", next_step="induction"
        )
    if stage == Assessment.Stage.INTERVIEWS and InductionModule.INTERVIEWING not in done:
        return deny("Finish the induction module on interviewing before the interviews.", next_step="induction")
    return allow()


def _score_application(user, application, facts=None):
    decision, facts = _opening(user, application, facts)
    if not decision.allowed:
        return decision
    stage = scoring_stage(application, facts)
    inducted = _inducted(facts, stage)
    if not inducted.allowed:
        return inducted
    if stage is None:
        if facts.panel.funding_round.status == FundingRound.Status.INTERVIEWS:
            return deny("Only shortlisted applications are interviewed and scored again.", next_step="closed")
        return deny("Scoring is open only during the shortlisting and interview stages.", next_step="closed")
    return allow()


def _vote(user, application, facts=None):
    """Shortlist votes during shortlisting; decision votes (issue 6) during the decision stage."""
    decision, facts = _opening(user, application, facts)
    if not decision.allowed:
        return decision
    inducted = _inducted(facts)
    if not inducted.allowed:
        return inducted
    funding_round = application.funding_round
    if not (funding_round.is_at(FundingRound.Status.SHORTLISTING) or funding_round.is_at(FundingRound.Status.DECISION)):
        return deny("Voting is open only while the panel shortlists and while it decides.", next_step="closed")
    return allow()


def _record_decision(user, application):
    """A non-conflicted member writes down the panel's decision and its reasons, during the
    decision stage. Staff cannot (the policy's veto runs first), nor change one afterwards."""
    decision, _ = _opening(user, application)
    if not decision.allowed:
        return decision
    if application.funding_round.status != FundingRound.Status.DECISION:
        return deny("Decisions are recorded only during the decision stage.")
    return allow()


def _discuss(user, application):
    """Members who may open the application talk about it; staff may add facilitation notes.
    A conflicted member takes no part, so cannot read or write here either."""
    if round_is_closed(application.funding_round):
        return deny(ROUND_CLOSED_REASON)
    if is_staff_role(user):
        return allow()
    return _opening(user, application)[0]


def _ask_staff(user, panel):
    if has_grant(user, PANEL_GRANT, panel) and not is_staff_role(user):
        if round_is_closed(panel.funding_round):
            return deny(ROUND_CLOSED_REASON)
        return allow()
    return deny("Only the panel's members ask staff questions here.")


def _book_interview(user, application):
    from applications.permissions import acts_for
    from panels.models import ShortlistOutcome

    if not acts_for(user, application.organisation):
        return deny("Only the organisation that applied can book its interview.")
    if not ShortlistOutcome.is_shortlisted(application):
        return deny("Only shortlisted applications are invited to an interview.")
    if application.funding_round.status != FundingRound.Status.INTERVIEWS:
        return deny("Interviews can be booked only during the interview stage.")
    return allow()


def _view_pack(user, membership):
    """A member prints their own pack; staff print one for a member who asked for paper."""
    if is_staff_role(user) or membership.user_id == user.pk:
        return allow()
    return deny("A panel pack is for the member it was made for.")


def _download_pack(user, build):
    """A ready pack, to the people who may print it, while events have not overtaken it."""
    decision = _view_pack(user, build.membership)
    if not decision:
        return decision
    reason = build.why_out_of_date()
    return deny(reason) if reason else allow()


def _scores_asked_about(obj):
    """(application, stage): `obj` is a `results.ScoresAt`, or an application, which asks about
    the scores that stand for it now."""
    from panels import results

    if isinstance(obj, results.ScoresAt):
        return obj.application, obj.stage
    return obj, results.stage_of_application(obj)


def _stage_is_over(funding_round, stage) -> bool:
    from panels.models import Assessment

    after = FundingRound.Status.INTERVIEWS if stage == Assessment.Stage.SHORTLISTING else FundingRound.Status.DECISION
    return funding_round.has_reached(after)


def _view_assessments(user, obj, facts=None):
    """Independence: a member sees the others' scores for an application at a stage only after
    submitting their own at that stage; staff see scores only once the panel has finished the
    stage (before that, progress without scores)."""
    application, stage = _scores_asked_about(obj)
    if is_staff_role(user):
        if not _stage_is_over(application.funding_round, stage):
            return deny("Staff see who has finished, but not the scores, until the panel closes this stage.")
        return allow()
    decision, facts = _opening(user, application, facts)
    if not decision.allowed:
        return decision
    if (application.pk, stage) not in facts.submitted:
        return deny("Submit your own assessment first: then you can see what the others thought.")
    return allow()


def _for_scores(user, objects):
    return _for_applications(user, [_scores_asked_about(obj)[0] for obj in objects])


# Feedback letters and the 360Giving open data -------------------------------------------


def _recorded_decision(application):
    from panels.models import FundingDecision

    try:
        return application.funding_decision
    except FundingDecision.DoesNotExist:
        return None


def _view_feedback_letter(user, application):
    """The organisation that applied reads its letter once the round reaches feedback; staff
    read it as soon as the panel has recorded the decision (to check it, or to talk it through
    with the applicant). Nobody else: a panel's members wrote it, and have no need to print it."""
    from applications.permissions import acts_for

    if _recorded_decision(application) is None:
        return deny("The panel has not decided on this application yet.")
    if is_staff_role(user):
        return allow()
    if not acts_for(user, application.organisation):
        return deny("Only the organisation that applied can read its feedback letter.")
    if not application.funding_round.decisions_are_told:
        return deny("The feedback letter is ready when the round reaches its feedback stage.")
    return allow()


def _view_open_data(user, funding_round):
    """Anyone may download a round's awarded grants (360Giving) once the decisions have gone to
    the applicants, if the programme has its 360Giving identifiers."""
    if not funding_round.decisions_are_told:
        return deny("The grants are published once the decisions have been sent to the applicants.")
    programme = funding_round.programme
    if not (programme.grant_id_prefix and programme.funder_org_id):
        return deny("This programme has no 360Giving identifiers yet, so its grants are not published as open data.")
    return allow()


def _build_report(user, funding_round):
    if not is_staff_role(user):
        return deny("Staff build the decision report; the panels' members read it once it is published.")
    if funding_round.is_before(FundingRound.Status.DECISION):
        return deny("The decision report can be built once the panels are deciding.")
    return allow()


def _view_reports(user, funding_round):
    if is_staff_role(user):
        return allow()
    return deny("Only staff facilitators can build and follow the decision report.")


def _download_report(user, report):
    """Staff read a report at any time; from feedback to applicants onwards it is public, so
    that the panel, the applicants and anyone else can see how the money was given out."""
    if getattr(user, "is_authenticated", False) and is_staff_role(user):
        return allow()
    if report.funding_round.decisions_are_told:
        return allow()
    return deny("The decision report is published once the round reaches feedback to applicants.")


# Taking down a paper sheet or a phone vote ------------------------------------------------


@dataclass(frozen=True)
class TakeDownFor:
    """What staff ask to take down for a member: `membership`'s scores ("scores") or vote
    ("vote") on `application`, from `source` (a TakeDown.Source; None asks about either)."""

    membership: Any
    application: Any
    entry: str
    source: str | None = None

    @property
    def pk(self) -> tuple:
        # `can_each` answers by pk: one answer per member, application and kind of entry.
        return (self.membership.pk, self.application.pk, self.entry)


CONFIRMED_REASON = "The member has confirmed this entry, so it can no longer be changed."


class TakeDownFacts:
    """What the take-down rule reads for a list of requests, once: the members' adjustments,
    their seats' facts (the member's own rules answer from them) and the entries already made."""

    def __init__(self, requests):
        from panels import facts as panel_facts
        from panels.models import Adjustment, Assessment, Vote

        members = {request.membership.pk: request.membership for request in requests}
        applications = {request.application.pk for request in requests}
        self.chosen = defaultdict(set)
        for membership_id, kind in Adjustment.objects.filter(membership_id__in=members).values_list(
            "membership_id", "kind"
        ):
            self.chosen[membership_id].add(kind)
        self.seats = {pk: panel_facts.PanelFacts(member.user, member.panel) for pk, member in members.items()}
        self.entries = {}
        columns = ("membership_id", "application_id", "stage", "take_down_id", "take_down__confirmed_at")
        for entry, model in (("scores", Assessment), ("vote", Vote)):
            rows = model.objects.filter(membership_id__in=members, application_id__in=applications)
            for membership_id, application_id, stage, take_down_id, confirmed_at in rows.values_list(*columns):
                self.entries[entry, membership_id, application_id, stage] = (take_down_id, confirmed_at)


def _vote_stage(funding_round) -> str | None:
    from panels.models import Vote

    if funding_round.is_at(FundingRound.Status.SHORTLISTING):
        return Vote.Stage.SHORTLISTING
    if funding_round.is_at(FundingRound.Status.DECISION):
        return Vote.Stage.DECISION
    return None


def _members_own_rule(membership, application, entry, seat_facts) -> Decision:
    """The member's own seat rules (a conflict, the induction, the stage) for the entry."""
    rule = _score_application if entry == "scores" else _vote
    return rule(membership.user, application, seat_facts)


def _take_down(user, obj, facts=None):
    """`panels.take_down`: a staff facilitator (never an administrator) writes down the scores
    or the vote a member gave on paper or by phone, for a member who chose that as an adjustment,
    where the member could give it themselves now, and until the member has confirmed it. Asked
    about a TakeDown, it answers for changing it or attaching the member's signed sheet."""
    from panels.models import Adjustment, PanelMembership, TakeDown

    if isinstance(obj, TakeDown):
        if obj.is_confirmed:
            return deny(CONFIRMED_REASON)
        obj = TakeDownFor(obj.membership, obj.application, obj.entry, obj.source)
    if user.role != User.Role.FACILITATOR or user.is_superuser or user.is_staff:
        return deny("Only staff facilitators take down a member’s paper sheet or phone vote.")
    membership, application = obj.membership, obj.application
    name = membership.user.full_name
    if membership.status != PanelMembership.Status.ACCEPTED:
        return deny(f"{name} does not sit on this panel now.")
    facts = facts if isinstance(facts, TakeDownFacts) else TakeDownFacts([obj])
    chosen = facts.chosen[membership.pk]
    if not chosen & set(Adjustment.FOR_SOURCE.values()):
        return deny(f"{name} has not chosen paper or phone as an adjustment, so they give their own scores and votes.")
    if obj.source is not None and Adjustment.FOR_SOURCE.get(obj.source) not in chosen:
        return deny(f"{name} has not chosen to take part by {obj.source}.")
    if round_is_closed(application.funding_round):
        return deny(ROUND_CLOSED_REASON)
    seat_facts = facts.seats[membership.pk]
    own = _members_own_rule(membership, application, obj.entry, seat_facts)
    if not own.allowed:
        return deny(f"{name} could not give this themselves now: {own.reason}")
    stage = scoring_stage(application, seat_facts) if obj.entry == "scores" else _vote_stage(application.funding_round)
    if stage == "decision" and application.pk not in seat_facts.shortlisted:
        return deny("Only shortlisted applications are decided on.")
    take_down_id, confirmed_at = facts.entries.get((obj.entry, membership.pk, application.pk, stage), (None, None))
    if (obj.entry, membership.pk, application.pk, stage) in facts.entries and take_down_id is None:
        return deny(f"{name} has given this on screen themselves: their own entry stands.")
    if confirmed_at is not None:
        return deny(CONFIRMED_REASON)
    return allow()


def _for_take_downs(user, objects):
    return TakeDownFacts(objects)


def _confirm_take_down(user, take_down):
    """The member confirms what staff took down for them (through the emailed link): only that
    member, once, while they could still give it themselves."""
    from panels.models import PanelMembership

    membership = take_down.membership
    if membership.user_id != user.pk:
        return deny("Only the member it was taken down for can confirm it.")
    if take_down.is_confirmed:
        return deny("You have already confirmed this: it counts.")
    if membership.status != PanelMembership.Status.ACCEPTED:
        return deny("You do not sit on this panel now.")
    rule = _score_application if take_down.entry == "scores" else _vote
    return rule(user, take_down.application)


# Volunteers' expenses and honoraria -------------------------------------------------------
# A member sees and claims only their own; staff of the programme approve, query and pay. A
# volunteer never approves or pays, and staff claim through their employer, not here.

EXPENSES_ARE_PRIVATE = "An expense claim is seen only by the member who made it and the staff who pay it."
STAFF_REVIEW_EXPENSES = "Only staff approve, query or pay volunteers' expenses."


def _seat_is_theirs(user, membership) -> bool:
    """Their own seat, now or ended (work done before a seat ended is still paid for)."""
    from panels.models import PanelMembership

    return membership.user_id == user.pk and membership.status in (
        PanelMembership.Status.ACCEPTED,
        PanelMembership.Status.REMOVED,
    )


def _claim_expenses(user, membership):
    if is_staff_role(user):
        return deny("Staff claim their own expenses through their employer. Volunteers claim theirs here.")
    if not _seat_is_theirs(user, membership):
        return deny("You can claim expenses only for a panel you sit on.")
    if round_is_closed(membership.panel.funding_round):
        return deny(ROUND_CLOSED_REASON)
    return allow()


def _view_expense_claim(user, claim):
    if is_staff_role(user) or claim.membership.user_id == user.pk:
        return allow()
    return deny(EXPENSES_ARE_PRIVATE)


def _expense_claim_scope(user, queryset):
    return queryset if is_staff_role(user) else queryset.filter(membership__user=user)


def _answer_expense_query(user, claim):
    if claim.membership.user_id != user.pk or is_staff_role(user):
        return deny("Only the member who made the claim can answer staff's question about it.")
    if not claim.is_queried:
        return deny("Staff have no question about this claim, so there is nothing to answer.")
    return allow()


def _review_expenses(user, obj):
    """Staff run a programme's expenses: the queue, each claim, honoraria, the rules, the CSV."""
    return allow() if is_staff_role(user) else deny(STAFF_REVIEW_EXPENSES)


def _choose_honorarium(user, membership):
    """A member takes up or declines the honorarium for their seat, privately, until it is paid."""
    from panels.models import ExpenseRules

    if is_staff_role(user) or not _seat_is_theirs(user, membership):
        return deny("Only the member can choose whether to take their honorarium.")
    if not ExpenseRules.of(membership.panel.funding_round.programme).offers_honorarium:
        return deny("This programme does not offer an honorarium.")
    honorarium = getattr(membership, "honorarium", None)
    if honorarium is not None and honorarium.is_paid:
        return deny("Your honorarium for this panel has been paid.")
    return allow()


def register_rules() -> None:
    register("panels.manage_panels", _manage_panels)
    register("panels.view_panel", _view_panel, scope=_panel_scope)
    register("panels.list_own_panels", _has_panels)
    register("panels.declare_interest", _declare_interest, facts=_for_applications)
    register("panels.view_application", _view_application, facts=_for_applications)
    register("panels.score_application", _score_application, facts=_for_applications)
    register("panels.view_assessments", _view_assessments, facts=_for_scores)
    register("panels.vote", _vote, facts=_for_applications)
    register("panels.discuss", _discuss)
    register("panels.record_decision", _record_decision)
    # The panel writes the feedback (strengths, what could be better) while it decides.
    register("panels.write_feedback", _record_decision)
    register("panels.ask_staff", _ask_staff)
    register("panels.answer_panel_question", lambda user, obj: _change_panels(user, obj))
    register("panels.book_interview", _book_interview)
    register("panels.agree_to_proceed", _agree_to_proceed)
    register("panels.move_strand_money", _move_strand_money)
    register("panels.try_portfolio", _try_portfolio)
    # Staff's one action on scores and votes: writing down a member's paper sheet or phone
    # vote for them. It counts once the member confirms it (`panels.confirm_take_down`).
    register("panels.take_down", _take_down, facts=_for_take_downs)
    register("panels.confirm_take_down", _confirm_take_down)
    register("panels.view_pack", _view_pack)
    register("panels.download_pack", _download_pack)
    register("panels.view_feedback_letter", _view_feedback_letter)
    register("panels.view_open_data", _view_open_data, allows_visitors=True)

    # Writes by staff (panels, members, sessions, interviews): refused once the round is closed.
    register("panels.change_panels", _change_panels)
    register("panels.send_sign_in_link", _send_sign_in_link)
    register("panels.build_report", _build_report)
    register("panels.view_reports", _view_reports)
    register("panels.download_report", _download_report, allows_visitors=True)

    # Expenses and honoraria: a member's own claims; staff review and pay them.
    register("panels.claim_expenses", _claim_expenses)
    register("panels.view_expense_claim", _view_expense_claim, scope=_expense_claim_scope)
    register("panels.answer_expense_query", _answer_expense_query)
    register("panels.review_expenses", _review_expenses)
    register("panels.choose_honorarium", _choose_honorarium)
