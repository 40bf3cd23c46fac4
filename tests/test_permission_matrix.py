"""Every URL pattern × every role → the expected status.

A URL without a row here fails `test_every_url_has_a_row`: add the row when you add
the URL. Django admin counts as one row (`admin:index`): every admin page asks the
same `commissioning.use_admin` rule through CommissioningAdminSite.has_permission.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications.models import Attachment, DraftVersion, OrganisationInvitation
from commissioning.models import JargonTerm, OutgoingEmail, WordingSuggestion
from panels.models import InterestDeclaration, PackBuild, Panel, PanelAssignment
from tests.applications.factories import ApplicationFactory, OrganisationFactory, join_organisation, open_round
from tests.commissioning.factories import (
    CriterionFactory,
    FundingRoundFactory,
    QuestionFactory,
    UserFactory,
    add_timeline,
    join_criteria_group,
)
from tests.conftest import PERSONAS
from tests.panels import decided as tests_decided
from tests.panels import factories as tests_panels
from tests.panels.interviews import world as interview_world

pytestmark = [pytest.mark.django_db, pytest.mark.module_database]

OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, GONE = 200, 302, 403, 404, 405, 410

# Statuses in the order of PERSONAS:
#   visitor, applicant, criteria_member, panel_member, facilitator, administrator
EVERYONE = (OK,) * 6
SIGNED_IN = (REDIRECT, OK, OK, OK, OK, OK)
STAFF_ONLY = (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK)
POST_ONLY = (REDIRECT, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)
# A round still agreeing its criteria is unpublished: outside its group and staff, it is not found.
CRITERIA_GROUP_AND_STAFF = (REDIRECT, NOT_FOUND, OK, NOT_FOUND, OK, OK)
GROUP_ONLY = (REDIRECT, NOT_FOUND, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN)
STAFF_IN_GROUP_ROUND = (REDIRECT, NOT_FOUND, FORBIDDEN, NOT_FOUND, OK, OK)


# An organisation's things: its members see them, nobody else may know they exist.
# Staff see sent applications (to check them), never drafts, and do not apply themselves.
ORGANISATION_PAGE = (REDIRECT, OK, NOT_FOUND, NOT_FOUND, OK, OK)
ORGANISATION_CHANGE = (REDIRECT, OK, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN)
DRAFT_PAGE = (REDIRECT, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
SENT_APPLICATION = (REDIRECT, OK, NOT_FOUND, NOT_FOUND, OK, OK)


# A panel's pages: its members (panel_member holds a seat, is inducted and has declared no
# conflict on its application) and, for following progress, staff. Others may not know it exists.
PANEL_PAGE = (REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, OK)
PANEL_MEMBER_ONLY = (REDIRECT, NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN)


def panel(world):
    return {"pk": world["panel"].pk}


def together_session(world):
    """A together session of the world's panel."""
    session = world["panel"].sessions.create(
        title="Together",
        starts_at=world["panel"].created_at,
        place="Room 2",
        arranged_by=world["panel_application"].panel_assignment.assigned_by,
    )
    return {"pk": session.pk}


def panel_application(world):
    return {"pk": world["panel"].pk, "application_pk": world["panel_application"].pk}


def draft(world):
    return {"pk": world["draft"].pk}


def sent(world):
    return {"pk": world["sent"].pk}


def round_slug(world):
    return {"slug": world["round"].slug}


def criterion_kwargs(world):
    return {"slug": world["round"].slug, "pk": world["criterion"].pk}


def _paper_seat(world):
    """panel_member's seat on the shortlisting panel (seated, inducted, declared), with paper chosen."""
    from commissioning.models import User
    from panels.models import Adjustment, PanelMembership

    seat = PanelMembership.objects.get(panel=world["shortlisting_panel"], user__email=PEOPLE["panel_member"]["email"])
    staff = User.objects.get(email=PEOPLE["facilitator"]["email"])
    Adjustment.objects.get_or_create(membership=seat, kind=Adjustment.Kind.PAPER_PACK, defaults={"recorded_by": staff})
    return seat, staff


def take_down_kwargs(world):
    seat, _ = _paper_seat(world)
    return {"pk": seat.panel_id, "membership_pk": seat.pk, "application_pk": world["shortlisting_application"].pk}


def _taken_down(world):
    """A shortlist vote staff took down from panel_member's paper sheet, waiting for confirmation."""
    from panels.models import TakeDown, Vote

    seat, staff = _paper_seat(world)
    application = world["shortlisting_application"]
    existing = TakeDown.objects.filter(membership=seat, application=application).first()
    if existing is not None:
        return existing
    taken = TakeDown.objects.create(membership=seat, application=application, source="paper", taken_down_by=staff)
    Vote.objects.create(
        membership=seat, application=application, stage="shortlisting", choice="include", take_down=taken
    )
    return taken


def _signed(world):
    """The take-down confirmed by its signed sheet, attached."""
    taken = _taken_down(world)
    if not taken.signed_sheet:
        taken.signed_sheet.save("signed-sheet.pdf", ContentFile(b"%PDF-1.4 signed"), save=False)
        TakeDown = type(taken)
        TakeDown.objects.filter(pk=taken.pk).update(
            signed_sheet=taken.signed_sheet.name, confirmed_at=taken.taken_down_at, confirmed_how="signed_sheet"
        )
    return taken


def question_kwargs(world):
    return {"slug": world["round"].slug, "pk": world["question"].pk}


def expense_claim(world):
    """A claim by panel_member for the world's panel, with its receipt in the store."""
    from panels.models import ExpenseClaim

    seat = world["panel"].memberships.get(user__email=PEOPLE["panel_member"]["email"])
    made = ExpenseClaim(membership=seat, kind="bus", occasion="panel", spent_on=seat.invited_at.date(), amount="4.60")
    made.receipt_name, made.receipt_kind = "Bus ticket.jpg", "jpg"
    made.receipt.save("receipt", ContentFile(b"\xff\xd8\xff\xe0 receipt"), save=True)
    return {"pk": made.pk}


def programme(world):
    return {"pk": world["panel"].funding_round.programme_id}


MATRIX: dict[str, tuple[dict, tuple[int, ...]]] = {
    # Staff set up rounds (the world's round is agreeing its criteria, so it can still change).
    "commissioning:round_list": ({}, STAFF_ONLY),
    "commissioning:programme_create": ({}, STAFF_ONLY),
    "commissioning:programme_edit": (lambda world: {"pk": world["round"].programme_id}, STAFF_ONLY),
    "commissioning:round_create": (lambda world: {"pk": world["round"].programme_id}, STAFF_ONLY),
    "commissioning:round_manage": (round_slug, STAFF_ONLY),
    "commissioning:round_edit": (round_slug, STAFF_ONLY),
    "commissioning:round_timeline": (round_slug, STAFF_ONLY),
    "commissioning:round_advance": (round_slug, STAFF_ONLY),
    "commissioning:question_list": (round_slug, STAFF_ONLY),
    "commissioning:question_create": (round_slug, STAFF_ONLY),
    "commissioning:question_edit": (question_kwargs, STAFF_ONLY),
    "commissioning:question_remove": (question_kwargs, STAFF_ONLY),
    "commissioning:criteria_group": (round_slug, STAFF_ONLY),
    "commissioning:criteria_group_remind": (round_slug, POST_ONLY),
    "commissioning:jargon_list": ({}, STAFF_ONLY),
    "commissioning:jargon_remove": (lambda world: {"pk": world["jargon"].pk}, POST_ONLY),
    # The outbox: staff see the emails not sent yet and send again one the outbox gave up on.
    "commissioning:outbox": ({}, STAFF_ONLY),
    "commissioning:outbox_send_again": (lambda world: {"pk": world["failed_email"].pk}, POST_ONLY),
    # The criteria group agrees the criteria; staff facilitate.
    "commissioning:criteria_rounds": ({}, SIGNED_IN),
    "commissioning:criteria_list": (round_slug, CRITERIA_GROUP_AND_STAFF),
    "commissioning:criterion_propose": (round_slug, GROUP_ONLY),
    # A strand is proposed by the group or by staff; the group alone agrees it (criterion_respond).
    "commissioning:strand_propose": (round_slug, CRITERIA_GROUP_AND_STAFF),
    "commissioning:criterion_detail": (criterion_kwargs, CRITERIA_GROUP_AND_STAFF),
    "commissioning:criterion_respond": (criterion_kwargs, POST_ONLY),
    "commissioning:criterion_comment": (criterion_kwargs, POST_ONLY),
    "commissioning:criterion_withdraw": (criterion_kwargs, GROUP_ONLY),  # criteria_member proposed it
    "commissioning:wording_suggest": (criterion_kwargs, STAFF_IN_GROUP_ROUND),
    "commissioning:wording_decide": (
        lambda world: {**criterion_kwargs(world), "suggestion_pk": world["suggestion"].pk},
        POST_ONLY,
    ),
    # Public once published; before that only its group and staff know it exists.
    "commissioning:round_detail": (round_slug, (NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, OK)),
    "commissioning:invitation_accept": ({"uidb64": "MQ", "token": "not-a-token"}, EVERYONE),
    # Organisations (applicant is a member of the world's organisation).
    "applications:organisation_register": ({}, (OK, OK, OK, OK, FORBIDDEN, FORBIDDEN)),
    "applications:organisation_detail": (lambda world: {"pk": world["organisation"].pk}, ORGANISATION_PAGE),
    "applications:organisation_edit": (lambda world: {"pk": world["organisation"].pk}, ORGANISATION_CHANGE),
    "applications:colleague_invite": (lambda world: {"pk": world["organisation"].pk}, ORGANISATION_CHANGE),
    "applications:invitation_accept": (lambda world: {"token": world["invitation"].token}, EVERYONE),
    "applications:application_list": ({}, SIGNED_IN),
    "applications:application_start": (
        lambda world: {"slug": world["new_round"].slug},
        (REDIRECT, OK, OK, OK, FORBIDDEN, FORBIDDEN),
    ),
    # A draft: only its organisation.
    "applications:application_detail": (draft, DRAFT_PAGE),
    "applications:application_project": (draft, DRAFT_PAGE),
    "applications:application_section": (
        lambda world: {"pk": world["draft"].pk, "criterion_pk": world["section"].pk},
        DRAFT_PAGE,
    ),
    "applications:application_check": (draft, DRAFT_PAGE),
    "applications:application_submit": (draft, POST_ONLY),
    "applications:draft_compare": (
        lambda world: {"pk": world["draft"].pk, "version_pk": world["version"].pk},
        DRAFT_PAGE,
    ),
    # A sent application: its organisation and staff.
    "applications:application_confirmation": (sent, SENT_APPLICATION),
    "applications:application_withdraw": (sent, (REDIRECT, OK, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN)),
    "applications:attachment_list": (sent, SENT_APPLICATION),
    "applications:attachment_download": (
        lambda world: {"pk": world["sent"].pk, "attachment_pk": world["attachment"].pk},
        SENT_APPLICATION,
    ),
    "applications:attachment_remove": (
        lambda world: {"pk": world["sent"].pk, "attachment_pk": world["attachment"].pk},
        POST_ONLY,
    ),
    # Panels: volunteers' screens...
    "panels:panel_list": ({}, SIGNED_IN),
    "panels:panel_detail": (panel, PANEL_PAGE),
    "panels:panel_results": (panel, PANEL_PAGE),
    # -- panel support: reopening, known conflicts, adjustments (member_views, staff_views) --
    # Reopening is part of scoring: the world's round is still open, so the member is told why.
    "panels:assessment_reopen": (panel_application, (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "panels:conflict_record": (panel, STAFF_ONLY),
    # Ending a seat: staff are asked first (GET), then it ends (POST); tests/panels/seats posts it as each role.
    "panels:member_remove": (
        lambda world: {"pk": world["panel"].pk, "membership_pk": world["panel"].memberships.get().pk},
        STAFF_ONLY,
    ),
    # Staff email a member a sign-in link with a button on the panel's page (POST only).
    "panels:member_sign_in_link": (
        lambda world: {"pk": world["panel"].pk, "membership_pk": world["panel"].memberships.get().pk},
        POST_ONLY,
    ),
    "panels:adjustment_add": (panel, STAFF_ONLY),
    "panels:adjustment_remove": (
        lambda world: {
            "pk": world["panel"].pk,
            "adjustment_pk": world["panel"]
            .memberships.get()
            .adjustments.create(kind="large_print", recorded_by=world["panel"].memberships.get().user)
            .pk,
        },
        STAFF_ONLY,
    ),
    "panels:induction_module": (lambda world: {"pk": world["panel"].pk, "module": "process"}, PANEL_PAGE),
    "panels:invitation_answer": (panel, (REDIRECT, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND)),
    # panel_member has declared already, so the declaration page sends them on to the panel.
    "panels:interest_declare": (panel_application, (REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT, FORBIDDEN, FORBIDDEN)),
    "panels:application_read": (panel_application, PANEL_MEMBER_ONLY),
    # Scoring opens at shortlisting; the world's round is still open, so the member is told why.
    "panels:application_score": (panel_application, (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    # -- shortlist votes (vote_views) --
    "panels:shortlist": (panel, PANEL_PAGE),
    "panels:shortlist_vote": (panel_application, POST_ONLY),
    # ...and staff set-up.
    "panels:panel_setup": (lambda world: {"slug": world["panel"].funding_round.slug}, STAFF_ONLY),
    "panels:panel_manage": (panel, STAFF_ONLY),
    "panels:member_invite": (panel, STAFF_ONLY),
    "panels:applications_assign": (panel, STAFF_ONLY),
    # -- talking together: discussion, questions to staff, together sessions (talk_views) --
    "panels:application_discussion": (panel_application, PANEL_PAGE),
    "panels:panel_together": (panel, PANEL_PAGE),
    "panels:question_answer": (
        lambda world: {
            "pk": world["panel"].questions.create(asked_by=world["panel"].memberships.get().user, text="When?").pk
        },
        STAFF_ONLY,
    ),
    "panels:session_arrange": (panel, STAFF_ONLY),
    "panels:session_edit": (together_session, STAFF_ONLY),
    "panels:session_attendance": (together_session, STAFF_ONLY),
    # A session's calendar file: the panel's members and its staff; to anyone else it does not exist.
    "panels:session_calendar": (together_session, PANEL_PAGE),
    "panels:interview_calendar": (lambda world: {"pk": interview_world.booked_interview(world).pk}, PANEL_PAGE),
    "applications:eligibility_list": (lambda world: {"slug": world["sent"].funding_round.slug}, STAFF_ONLY),
    "applications:applications_close": (lambda world: {"slug": world["sent"].funding_round.slug}, STAFF_ONLY),
    # -- interviews (interview_views) --
    "panels:interviews_manage": (panel, STAFF_ONLY),
    # Removing is POST only: a GET is refused before anything is looked up.
    "panels:interview_slot_remove": (lambda world: {"pk": world["panel"].pk, "slot_pk": 1}, POST_ONLY),
    "panels:interview_question_remove": (lambda world: {"pk": world["panel"].pk, "question_pk": 1}, POST_ONLY),
    "panels:interviews_panel": (panel, PANEL_PAGE),
    "panels:agreement_to_proceed": (panel, POST_ONLY),
    # The applicant's organisation was shortlisted and the round is at interviews; staff are told
    # they book from the panel's page, everyone else may not know the application exists.
    "panels:interview_book": (
        lambda world: {"application_pk": interview_world.shortlisted_for_interview(world).pk},
        (REDIRECT, OK, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    ),
    "applications:eligibility_check": (sent, (REDIRECT, FORBIDDEN, NOT_FOUND, NOT_FOUND, OK, OK)),
    # -- panel packs (pack_views) --
    # Your own pack: members only (staff print a member's from the staff page).
    "panels:member_pack": (panel, PANEL_MEMBER_ONLY),
    # A colleague's pack: staff print it for them; another member may not.
    "panels:staff_member_pack": (
        lambda world: {
            "pk": world["panel"].pk,
            "membership_pk": tests_panels.seat(
                type(world["criterion"].proposer).objects.create_user("colin@example.org", full_name="Colin Colleague"),
                world["panel"],
            ).pk,
        },
        (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, OK, OK),
    ),
    # A member's ready pack: the member, and staff printing it for them; nobody else learns of it.
    "panels:pack_download": (
        lambda world: {"pk": world["pack"].pk},
        (REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, OK),
    ),
    "commissioning:home": ({}, EVERYONE),
    "commissioning:accessibility_statement": ({}, EVERYONE),
    # -- decisions (decide_views) --
    # The world's round is open: its panel's page says deciding has not started; voting, recording and
    # feedback on its (now shortlisted) application are refused with the policy's reason, staff vetoed.
    # Paper and phone: a facilitator takes down a member's sheet or vote (panel_member chose
    # paper); an administrator cannot. Only the member opens the confirmation link.
    "panels:take_down_list": (panel, STAFF_ONLY),
    "panels:take_down_scores": (take_down_kwargs, (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN)),
    "panels:take_down_vote": (take_down_kwargs, (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN)),
    "panels:signed_sheet_attach": (lambda world: {"pk": _taken_down(world).pk}, POST_ONLY),
    "panels:signed_sheet_download": (lambda world: {"pk": _signed(world).pk}, STAFF_ONLY),
    "panels:take_down_confirm": (
        lambda world: {"pk": (taken := _taken_down(world)).pk, "token": taken.confirmation_token()},
        (REDIRECT, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND),
    ),
    "panels:decision_list": (panel, PANEL_PAGE),
    # Strands: moving money and portfolio drafts are the panel's, while it decides (the world's
    # round is not at its decision stage, so the member is refused with the reason; staff never).
    "panels:strand_money_move": (panel, (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "panels:portfolio": (panel, (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "panels:portfolio_mine": (panel, (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    "panels:panel_decisions": (panel, STAFF_ONLY),
    **{
        name: (
            lambda world: (
                world["panel"].shortlist_outcomes.get_or_create(
                    application=world["panel_application"], defaults={"outcome": "included"}
                )
                and panel_application(world)
            ),
            (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        )
        for name in ("panels:decision_vote", "panels:decision_record", "panels:feedback_write")
    },
    "commissioning:privacy_notice": ({}, EVERYONE),
    "commissioning:help": ({}, EVERYONE),
    "commissioning:healthz": ({}, EVERYONE),
    # Signed-in people are sent on from the sign-in page.
    "commissioning:sign_in": ({}, (OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "commissioning:sign_out": ({}, (NOT_ALLOWED,) * 6),  # POST only
    # Sign-in by emailed link: asking is for the signed out; a link that does not work is gone
    # for everyone (tests/commissioning/views/test_sign_in_link.py opens good ones).
    "commissioning:sign_in_link_request": ({}, (OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "commissioning:sign_in_link_sent": ({}, EVERYONE),
    "commissioning:sign_in_link_open": ({"token": "not-a-token"}, (GONE,) * 6),
    "commissioning:account": ({}, SIGNED_IN),
    # "Stay signed in" on the timeout warning: any signed-in person, for their own session.
    "commissioning:session_extend": ({}, POST_ONLY),
    # -- decision reports and closing (report_views) --
    # Staff build a round's report; a finished one is public once its round reaches feedback.
    "panels:report_page": (round_slug, STAFF_ONLY),
    "panels:report_download": (
        lambda world: {
            "pk": __import__("tests.panels.report.world", fromlist=["published_report"]).published_report().pk
        },
        EVERYONE,
    ),
    "commissioning:password_change": ({}, SIGNED_IN),
    "commissioning:email_choice": ({}, SIGNED_IN),
    "commissioning:password_reset": ({}, EVERYONE),
    "commissioning:password_reset_sent": ({}, EVERYONE),
    "commissioning:password_reset_complete": ({}, EVERYONE),
    "commissioning:password_reset_confirm": ({"uidb64": "MQ", "token": "not-a-token"}, EVERYONE),
    "commissioning:activity": ({}, STAFF_ONLY),
    # -- feedback letters and 360Giving open data (open_data_views) --
    # A letter for applicant's organisation, in a round at feedback: the organisation and staff; to
    # anyone else it does not exist.
    "panels:feedback_letter": (
        lambda world: {"application_pk": tests_decided.decide(tests_decided.decided_round(), world["organisation"]).pk},
        (REDIRECT, OK, NOT_FOUND, NOT_FOUND, OK, OK),
    ),
    # A round's awarded grants are public once it reaches feedback.
    "panels:grants_csv": (lambda world: {"slug": tests_decided.decided_round().slug}, EVERYONE),
    "panels:grants_json": (lambda world: {"slug": tests_decided.decided_round().slug}, EVERYONE),
    # -- volunteers' expenses and honoraria (expense_views) --
    # A member's own claims: the member and the staff who pay them; to anyone else they do not exist.
    "panels:expense_list": ({}, SIGNED_IN),
    "panels:expense_claim": (panel, (REDIRECT, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND)),
    "panels:honorarium_choose": (panel, POST_ONLY),
    "panels:expense_detail": (expense_claim, (REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, OK)),
    "panels:expense_receipt": (expense_claim, (REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, OK)),
    # Staff run a programme's expenses; the member may not approve even their own claim.
    "panels:expense_queue": (programme, STAFF_ONLY),
    "panels:expense_csv": (programme, STAFF_ONLY),
    "panels:expense_rules": (programme, STAFF_ONLY),
    "panels:expense_review": (expense_claim, (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, OK, OK)),
    "panels:honorarium_pay": (
        lambda world: {"pk": world["panel"].memberships.get(user__email=PEOPLE["panel_member"]["email"]).pk},
        POST_ONLY,
    ),
    # Facilitators and volunteers are sent to the admin's own sign-in page.
    "admin:index": ({}, (REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, OK)),
}


# POST, with an empty form, for every URL that takes one (a signed-in POST is not answered 405).
# Allowed people see the form's errors (200) or are sent on (302); the rest are refused, and a
# refused POST changes nothing. A page that only shows things has no row: it answers a POST 405.
POST_MATRIX: dict[str, tuple[int, ...]] = {
    "admin:index": (REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, OK),
    "applications:application_project": (REDIRECT, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "applications:application_section": (REDIRECT, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "applications:application_start": (REDIRECT, REDIRECT, OK, OK, FORBIDDEN, FORBIDDEN),
    "applications:application_submit": (REDIRECT, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "applications:application_withdraw": (REDIRECT, REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    "applications:attachment_list": (REDIRECT, FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    "applications:attachment_remove": (REDIRECT, FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    "applications:colleague_invite": (REDIRECT, OK, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    "applications:eligibility_check": (REDIRECT, FORBIDDEN, NOT_FOUND, NOT_FOUND, OK, OK),
    "applications:invitation_accept": (OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "applications:organisation_edit": (REDIRECT, OK, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    "applications:organisation_register": (OK, OK, OK, OK, FORBIDDEN, FORBIDDEN),
    "commissioning:account": (REDIRECT, OK, OK, OK, OK, OK),
    "commissioning:criteria_group": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "commissioning:criteria_group_remind": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT),
    "commissioning:criterion_comment": (REDIRECT, NOT_FOUND, OK, NOT_FOUND, OK, OK),
    "commissioning:criterion_propose": (REDIRECT, NOT_FOUND, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    "commissioning:strand_propose": (REDIRECT, NOT_FOUND, OK, NOT_FOUND, OK, OK),
    "commissioning:criterion_respond": (REDIRECT, NOT_FOUND, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    "commissioning:criterion_withdraw": (REDIRECT, NOT_FOUND, REDIRECT, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    "commissioning:invitation_accept": (OK, OK, OK, OK, OK, OK),
    "commissioning:jargon_list": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "commissioning:jargon_remove": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT),
    "commissioning:outbox_send_again": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT),
    "commissioning:password_change": (REDIRECT, OK, OK, OK, OK, OK),
    "commissioning:email_choice": (REDIRECT, OK, OK, OK, OK, OK),
    "commissioning:password_reset": (OK, OK, OK, OK, OK, OK),
    "commissioning:session_extend": (REDIRECT, OK, OK, OK, OK, OK),
    "commissioning:password_reset_confirm": (OK, OK, OK, OK, OK, OK),
    "commissioning:programme_create": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "commissioning:programme_edit": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "commissioning:question_create": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "commissioning:question_edit": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "commissioning:question_remove": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT),
    "commissioning:round_advance": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT),
    "commissioning:round_create": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "commissioning:round_edit": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "commissioning:round_timeline": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "commissioning:sign_in": (OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "commissioning:sign_out": (REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "commissioning:sign_in_link_request": (OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "commissioning:sign_in_link_open": (GONE, GONE, GONE, GONE, GONE, GONE),
    "commissioning:wording_decide": (REDIRECT, NOT_FOUND, REDIRECT, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    "commissioning:wording_suggest": (REDIRECT, NOT_FOUND, FORBIDDEN, NOT_FOUND, OK, OK),
    "panels:adjustment_add": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "panels:adjustment_remove": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT),
    "panels:application_discussion": (REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, OK),
    "panels:application_score": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "panels:applications_assign": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "panels:assessment_reopen": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "panels:conflict_record": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "panels:decision_record": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "panels:strand_money_move": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "panels:portfolio": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "panels:portfolio_mine": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "panels:decision_vote": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "panels:feedback_write": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "panels:induction_module": (REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT, FORBIDDEN, FORBIDDEN),
    "panels:interest_declare": (REDIRECT, NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN),
    "panels:interview_book": (REDIRECT, OK, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    "panels:interview_question_remove": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND),
    "panels:interview_slot_remove": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND),
    "panels:interviews_manage": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "panels:interviews_panel": (REDIRECT, NOT_FOUND, NOT_FOUND, OK, OK, OK),
    "panels:invitation_answer": (REDIRECT, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND),
    "panels:member_invite": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "panels:panel_decisions": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "panels:panel_setup": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "panels:panel_together": (REDIRECT, NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN),
    "panels:question_answer": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "panels:report_page": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT),
    # Asking for a pack: your own (members), or a member's (staff); sent on to follow its build.
    "panels:member_pack": (REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT, FORBIDDEN, FORBIDDEN),
    "panels:staff_member_pack": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, REDIRECT, REDIRECT),
    "panels:session_arrange": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "panels:session_attendance": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT),
    "panels:session_edit": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "panels:shortlist_vote": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "applications:applications_close": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT),
    # The world's round is not at its interviews: the member is refused with the reason; staff never agree.
    "panels:agreement_to_proceed": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "panels:member_remove": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT),
    "panels:member_sign_in_link": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT),
    # An empty form: the facilitator sees the form's errors; the administrator is refused.
    "panels:take_down_scores": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    "panels:take_down_vote": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    "panels:signed_sheet_attach": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    # The member confirms (and is sent on to the panel); nobody else may know it exists.
    "panels:take_down_confirm": (REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT, NOT_FOUND, NOT_FOUND),
    # Expenses: the member claims (the empty form is shown with its errors); the world's claim was
    # not queried, so there is nothing to answer; the programme offers no honorarium to decline.
    "panels:expense_claim": (REDIRECT, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND),
    "panels:expense_detail": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "panels:honorarium_choose": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND),
    "panels:expense_review": (REDIRECT, NOT_FOUND, NOT_FOUND, FORBIDDEN, REDIRECT, REDIRECT),
    "panels:expense_rules": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
    "panels:honorarium_pay": (REDIRECT, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, REDIRECT),
}


def named_url_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_url_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_a_row():
    names = {name for name in named_url_patterns() if not name.startswith("admin:")}
    missing = sorted(names - MATRIX.keys())
    assert not missing, f"Add permission-matrix rows for: {missing}"


def test_every_row_is_a_real_url():
    names = set(named_url_patterns())
    assert not sorted(MATRIX.keys() - names)


def test_every_row_has_a_status_per_persona():
    assert all(len(statuses) == len(PERSONAS) for _, statuses in MATRIX.values())


# The world is built once for the module, in a transaction rolled back at its end; each case
# runs in a savepoint of its own (pytest-django's), so what a case's URL arguments create or a
# request changes is gone before the next case.


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, module_media):
    """The world's uploaded file lives in the module's media folder (overrides the conftest's)."""
    settings.MEDIA_ROOT = module_media


PEOPLE = {
    "applicant": {"email": "applicant@example.org", "full_name": "Aisha Applicant"},
    "criteria_member": {"email": "criteria@example.org", "full_name": "Cyril Criteria"},
    "panel_member": {"email": "panel@example.org", "full_name": "Pamela Panel"},
    "facilitator": {"email": "staff@example.org", "full_name": "Fiona Facilitator", "facilitator": True},
    "administrator": {"email": "admin@example.org", "full_name": "Adam Administrator", "administrator": True},
}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, module_media):
    """The people and the world, once per module: {"people": {...}, "world": {name: (model, pk)}}."""
    from django.db import transaction
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=module_media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        people = {persona: UserFactory(**fields) for persona, fields in PEOPLE.items()}
        world = {**build_world(**people), **build_acting_world(**people)}
        yield {"people": people, "world": {name: (type(obj), obj.pk) for name, obj in world.items()}}
        transaction.set_rollback(True)


def _person(persona):
    @pytest.fixture
    def person(built, db):
        return built["people"][persona]

    return person


applicant = _person("applicant")
criteria_member = _person("criteria_member")
panel_member = _person("panel_member")
facilitator = _person("facilitator")
administrator = _person("administrator")


@pytest.fixture
def world(built, db):
    """The module's world, read afresh for each case (no case sees another's objects in memory)."""
    return {name: model.objects.get(pk=pk) for name, (model, pk) in built["world"].items()}


def build_acting_world(*, criteria_member, facilitator, applicant, panel_member, administrator):
    """A round at each stage in which volunteers act: a panel shortlisting, one interviewing and one
    deciding, and a criteria group agreeing its criteria. panel_member (or criteria_member) may act
    in each; so may, on every fact but their role, both staff people, seated, inducted and
    declared (or placed in the group), so that only the staff veto stands in their way."""
    from commissioning.models import FundingRound
    from panels.models import ShortlistOutcome

    acting = {}
    for stage in ("shortlisting", "interviews", "decision"):
        funding_round = tests_panels.shortlisting_round()
        panel_record = Panel.objects.create(funding_round=funding_round, name=f"Panel {stage}")
        application = tests_panels.eligible_application(funding_round)
        tests_panels.assign(panel_record, application, facilitator)
        for person in (panel_member, facilitator, administrator):
            tests_panels.seat_and_declare(person, panel_record, application)
        if stage != "shortlisting":
            ShortlistOutcome.objects.create(
                application=application, panel=panel_record, outcome=ShortlistOutcome.Outcome.INCLUDED, include_votes=3
            )
        FundingRound.objects.filter(pk=funding_round.pk).update(status=stage)
        acting[f"{stage}_panel"], acting[f"{stage}_application"] = panel_record, application
    criteria_round = FundingRoundFactory(criteria=True, title="Agreeing together", slug="agreeing-together")
    add_timeline(criteria_round)
    for person in (criteria_member, facilitator, administrator):
        join_criteria_group(person, criteria_round)
    acting["agreeing_criterion"] = CriterionFactory(funding_round=criteria_round, proposer=criteria_member)
    return acting


def build_world(*, criteria_member, facilitator, applicant, panel_member, administrator):
    """A round agreeing its criteria, with criteria_member in its group and proposer of its
    criterion, a question, a wording suggestion waiting, and a word on the jargon list; and
    applicant's organisation with a draft (one set-aside version), a sent application with a
    file, an invitation, and a round it has not applied to yet."""
    from tests.applications.sample_files import upload

    funding_round = FundingRoundFactory(criteria=True)
    add_timeline(funding_round)
    join_criteria_group(criteria_member, funding_round)
    criterion = CriterionFactory(funding_round=funding_round, proposer=criteria_member)
    organisation = OrganisationFactory(main_contact=applicant)
    join_organisation(applicant, organisation)
    draft_application = ApplicationFactory(organisation=organisation)
    sent_application = ApplicationFactory(organisation=organisation, submitted=True)
    attachment = Attachment(
        application=sent_application, original_name="Budget.pdf", kind="pdf", size=10, uploaded_by=applicant
    )
    attachment.file.save("upload", upload(), save=True)
    panel_record = Panel.objects.create(funding_round=sent_application.funding_round, name="Panel A")
    eligible = ApplicationFactory(funding_round=sent_application.funding_round, submitted=True, status="eligible")
    PanelAssignment.objects.create(panel=panel_record, application=eligible, assigned_by=facilitator)
    seat = tests_panels.seat(panel_member, panel_record)
    InterestDeclaration.objects.create(
        membership=seat, application=eligible, has_conflict=False, recorded_by=panel_member
    )
    # The member's pack, prepared after the declaration and still up to date.
    pack = PackBuild(
        membership=seat,
        requested_by=panel_member,
        status=PackBuild.Status.READY,
        contents={"round_status": panel_record.funding_round.status, "filename": "pack.pdf"},
    )
    pack.file.save("pack.pdf", ContentFile(b"%PDF-1.4 pack"), save=True)
    return {
        "pack": pack,
        "panel": panel_record,
        "panel_application": eligible,
        "organisation": organisation,
        "draft": draft_application,
        "section": draft_application.funding_round.questions.first().criterion,
        "version": DraftVersion.objects.create(
            application=draft_application, saved_by=applicant, based_on_version=1, content={"answers": {}}
        ),
        "sent": sent_application,
        "attachment": attachment,
        "invitation": OrganisationInvitation.objects.create(
            organisation=organisation, email="colleague@example.org", invited_by=applicant
        ),
        "new_round": open_round(),
        "round": funding_round,
        "criterion": criterion,
        "question": QuestionFactory(funding_round=funding_round, criterion=criterion),
        "suggestion": WordingSuggestion.objects.create(
            criterion=criterion, suggested_by=facilitator, title="T", description="D", what_good_looks_like="G"
        ),
        "jargon": JargonTerm.objects.get_or_create(term="holistic", defaults={"plainer": "whole"})[0],
        "failed_email": OutgoingEmail.objects.create(
            kind="test", to=["colleague@example.org"], subject="S", text_body="B", status=OutgoingEmail.Status.FAILED
        ),
    }


def stored_facts() -> dict:
    """How many rows each of the apps' models (and guardian's grants) holds, and every round's and
    application's status: what a request that changes nothing leaves as it was."""
    from django.apps import apps

    from applications.models import Application
    from commissioning.models import FundingRound

    facts = {
        model._meta.label: model.objects.count()
        for label in ("commissioning", "applications", "panels", "guardian")
        for model in apps.get_app_config(label).get_models()
    }
    facts["round statuses"] = sorted(FundingRound.objects.values_list("pk", "status"))
    facts["application statuses"] = sorted(Application.objects.values_list("pk", "status"))
    return facts


def url_of(url_name, world):
    kwargs = MATRIX[url_name][0]
    return reverse(url_name, kwargs=kwargs(world) if callable(kwargs) else kwargs)


def expected_status(statuses, request):
    return statuses[PERSONAS.index(request.node.callspec.params["persona_client"])]


# The only GET that writes: printing a pack is recorded (who printed which applications, and when).
GET_RECORDS = {"panels:pack_download"}


@pytest.mark.parametrize("url_name", sorted(MATRIX))
@pytest.mark.parametrize("persona_client", PERSONAS, indirect=True)
def test_status(url_name, persona_client, world, request):
    url, expected = url_of(url_name, world), expected_status(MATRIX[url_name][1], request)
    before = stored_facts()
    response = persona_client.get(url)
    assert response.status_code == expected, f"GET {url_name}: {response.status_code}, expected {expected}"
    if url_name not in GET_RECORDS:
        assert stored_facts() == before, f"GET {url_name} changed what is stored"


def test_every_post_row_is_a_row():
    assert not sorted(POST_MATRIX.keys() - MATRIX.keys())
    assert all(len(row) == len(PERSONAS) for row in POST_MATRIX.values())


def test_every_url_that_takes_a_post_has_a_post_row(client, applicant, world):
    """Signed in, a POST to a URL that does not take one is answered 405 before anything else."""
    takes_a_post = set()
    for name in MATRIX:
        client.force_login(applicant)  # again: signing out is one of the POSTs
        if client.post(url_of(name, world)).status_code != NOT_ALLOWED:
            takes_a_post.add(name)
    missing = sorted(takes_a_post - POST_MATRIX.keys())
    assert not missing, f"Add POST rows for: {missing}"
    assert not sorted(POST_MATRIX.keys() - takes_a_post), "These POST rows are for URLs that no longer take a POST"


REFUSED = (FORBIDDEN, NOT_FOUND, NOT_ALLOWED)


@pytest.mark.parametrize("url_name", sorted(POST_MATRIX))
@pytest.mark.parametrize("persona_client", PERSONAS, indirect=True)
def test_post_status(url_name, persona_client, world, request):
    row = POST_MATRIX[url_name]
    statuses = row
    url, expected = url_of(url_name, world), expected_status(statuses, request)
    before = stored_facts()
    response = persona_client.post(url)
    assert response.status_code == expected, f"POST {url_name}: {response.status_code}, expected {expected}"
    if expected in REFUSED or request.node.callspec.params["persona_client"] == "visitor":
        assert stored_facts() == before, f"A refused POST to {url_name} changed what is stored"


@pytest.mark.parametrize("persona_client", PERSONAS, indirect=True)
def test_an_open_round_page_is_public(persona_client, world):
    from commissioning.models import FundingRound

    FundingRound.objects.filter(pk=world["round"].pk).update(status=FundingRound.Status.OPEN)
    assert persona_client.get(reverse("commissioning:round_detail", args=[world["round"].slug])).status_code == OK


# Acting: the states in which volunteers act, with both staff people seated, inducted and declared
# on the panel (or placed in the criteria group). Only the staff veto refuses them here, so taking
# it out of commissioning/permissions.py fails these rows. The member's POSTs are empty forms.
MEMBER_ACTS = (REDIRECT, NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN)
MEMBER_SENT_ON = (REDIRECT, NOT_FOUND, NOT_FOUND, REDIRECT, FORBIDDEN, FORBIDDEN)
GROUP_ACTS = (REDIRECT, NOT_FOUND, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN)


def acting_on(stage):
    return lambda world: [world[f"{stage}_panel"].pk, world[f"{stage}_application"].pk]


ACTING: dict[str, tuple[str, str, object, tuple[int, ...]]] = {
    "shortlisting: open the score sheet": ("get", "panels:application_score", acting_on("shortlisting"), MEMBER_ACTS),
    "shortlisting: save scores": ("post", "panels:application_score", acting_on("shortlisting"), MEMBER_SENT_ON),
    "shortlisting: vote": ("post", "panels:shortlist_vote", acting_on("shortlisting"), MEMBER_ACTS),
    "interviews: open the score sheet": ("get", "panels:application_score", acting_on("interviews"), MEMBER_ACTS),
    "interviews: save scores": ("post", "panels:application_score", acting_on("interviews"), MEMBER_SENT_ON),
    "decision: open the vote": ("get", "panels:decision_vote", acting_on("decision"), MEMBER_ACTS),
    "decision: vote": ("post", "panels:decision_vote", acting_on("decision"), MEMBER_ACTS),
    "decision: open the record": ("get", "panels:decision_record", acting_on("decision"), MEMBER_ACTS),
    "decision: record": ("post", "panels:decision_record", acting_on("decision"), MEMBER_ACTS),
    "decision: open the feedback": ("get", "panels:feedback_write", acting_on("decision"), MEMBER_ACTS),
    "decision: write feedback": ("post", "panels:feedback_write", acting_on("decision"), MEMBER_ACTS),
    "criteria: respond": (
        "post",
        "commissioning:criterion_respond",
        lambda world: [world["agreeing_criterion"].funding_round.slug, world["agreeing_criterion"].pk],
        GROUP_ACTS,
    ),
}


@pytest.mark.parametrize("row", sorted(ACTING))
@pytest.mark.parametrize("persona_client", PERSONAS, indirect=True)
def test_acting(row, persona_client, world, request):
    method, url_name, args, statuses = ACTING[row]
    url, expected = reverse(url_name, args=args(world)), expected_status(statuses, request)
    before = stored_facts()
    response = getattr(persona_client, method)(url)
    assert response.status_code == expected, f"{row}: {response.status_code}, expected {expected}"
    if expected in REFUSED:
        assert stored_facts() == before, f"{row}: a refusal changed what is stored"
    if request.node.callspec.params["persona_client"] in ("facilitator", "administrator"):
        assert "Staff and administrators facilitate" in response.content.decode()
