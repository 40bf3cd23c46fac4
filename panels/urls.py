from django.urls import path

from panels.views import (
    decisions,
    expenses,
    interviews,
    member,
    open_data,
    pack,
    paper,
    reports,
    shortlist,
    staff,
    talk,
)

app_name = "panels"

member_urls = [
    path("panels/", member.panel_list, name="panel_list"),
    path("panels/<int:pk>/", member.panel_detail, name="panel_detail"),
    path("panels/<int:pk>/invitation/", member.invitation_answer, name="invitation_answer"),
    path("panels/<int:pk>/induction/<str:module>/", member.induction_module, name="induction_module"),
    path(
        "panels/<int:pk>/applications/<int:application_pk>/declare/",
        member.interest_declare,
        name="interest_declare",
    ),
    path("panels/<int:pk>/applications/<int:application_pk>/", member.application_read, name="application_read"),
    path(
        "panels/<int:pk>/applications/<int:application_pk>/score/",
        member.application_score,
        name="application_score",
    ),
    path(
        "panels/<int:pk>/applications/<int:application_pk>/score/reopen/",
        member.assessment_reopen,
        name="assessment_reopen",
    ),
    path("panels/<int:pk>/results/", member.panel_results, name="panel_results"),
]

staff_urls = [
    path("staff/rounds/<slug:slug>/panels/", staff.panel_setup, name="panel_setup"),
    path("staff/panels/<int:pk>/", staff.panel_manage, name="panel_manage"),
    path("staff/panels/<int:pk>/members/", staff.member_invite, name="member_invite"),
    path("staff/panels/<int:pk>/members/<int:membership_pk>/remove/", staff.member_remove, name="member_remove"),
    path(
        "staff/panels/<int:pk>/members/<int:membership_pk>/sign-in-link/",
        staff.member_sign_in_link,
        name="member_sign_in_link",
    ),
    path("staff/panels/<int:pk>/assign/", staff.applications_assign, name="applications_assign"),
    path("staff/panels/<int:pk>/conflicts/new/", staff.conflict_record, name="conflict_record"),
    path("staff/panels/<int:pk>/adjustments/new/", staff.adjustment_add, name="adjustment_add"),
    path(
        "staff/panels/<int:pk>/adjustments/<int:adjustment_pk>/remove/",
        staff.adjustment_remove,
        name="adjustment_remove",
    ),
]

talk_urls = [
    path(
        "panels/<int:pk>/applications/<int:application_pk>/discussion/",
        talk.application_discussion,
        name="application_discussion",
    ),
    path("panels/<int:pk>/together/", talk.panel_together, name="panel_together"),
    path("staff/panels/questions/<int:pk>/answer/", talk.question_answer, name="question_answer"),
    path("staff/panels/<int:pk>/sessions/new/", talk.session_arrange, name="session_arrange"),
    path("staff/panels/sessions/<int:pk>/edit/", talk.session_edit, name="session_edit"),
    path("staff/panels/sessions/<int:pk>/attendance/", talk.session_attendance, name="session_attendance"),
    path("panels/sessions/<int:pk>/calendar.ics", talk.session_calendar, name="session_calendar"),
]

shortlist_urls = [
    path("panels/<int:pk>/shortlist/", shortlist.shortlist, name="shortlist"),
    path("panels/<int:pk>/applications/<int:application_pk>/vote/", shortlist.shortlist_vote, name="shortlist_vote"),
]

interview_urls = [
    path("staff/panels/<int:pk>/interviews/", interviews.interviews_manage, name="interviews_manage"),
    path(
        "staff/panels/<int:pk>/interviews/slots/<int:slot_pk>/remove/",
        interviews.interview_slot_remove,
        name="interview_slot_remove",
    ),
    path(
        "staff/panels/<int:pk>/interviews/questions/<int:question_pk>/remove/",
        interviews.interview_question_remove,
        name="interview_question_remove",
    ),
    path("panels/<int:pk>/interviews/", interviews.interviews_panel, name="interviews_panel"),
    path("panels/interviews/<int:pk>/calendar.ics", interviews.interview_calendar, name="interview_calendar"),
    path(
        "panels/<int:pk>/interviews/agree-to-proceed/",
        interviews.agreement_to_proceed,
        name="agreement_to_proceed",
    ),
    path("applications/<int:application_pk>/interview/", interviews.interview_book, name="interview_book"),
]

pack_urls = [
    path("panels/<int:pk>/pack/", pack.member_pack, name="member_pack"),
    path("staff/panels/<int:pk>/members/<int:membership_pk>/pack/", pack.staff_member_pack, name="staff_member_pack"),
    path("packs/<int:pk>/panel-pack.pdf", pack.pack_download, name="pack_download"),
]

paper_urls = [
    path("staff/panels/<int:pk>/paper-and-phone/", paper.take_down_list, name="take_down_list"),
    path(
        "staff/panels/<int:pk>/members/<int:membership_pk>/applications/<int:application_pk>/paper-sheet/",
        paper.take_down_scores,
        name="take_down_scores",
    ),
    path(
        "staff/panels/<int:pk>/members/<int:membership_pk>/applications/<int:application_pk>/phone-vote/",
        paper.take_down_vote,
        name="take_down_vote",
    ),
    path("staff/panels/taken-down/<int:pk>/signed-sheet/", paper.signed_sheet_attach, name="signed_sheet_attach"),
    path(
        "staff/panels/taken-down/<int:pk>/signed-sheet/file/", paper.signed_sheet_download, name="signed_sheet_download"
    ),
    path("panels/taken-down/<int:pk>/confirm/<str:token>/", paper.take_down_confirm, name="take_down_confirm"),
]

decision_urls = [
    path("panels/<int:pk>/decide/", decisions.decision_list, name="decision_list"),
    path("panels/<int:pk>/applications/<int:application_pk>/decide/", decisions.decision_vote, name="decision_vote"),
    path(
        "panels/<int:pk>/applications/<int:application_pk>/decision/", decisions.decision_record, name="decision_record"
    ),
    path(
        "panels/<int:pk>/applications/<int:application_pk>/feedback/", decisions.feedback_write, name="feedback_write"
    ),
    path("staff/panels/<int:pk>/decisions/", decisions.panel_decisions, name="panel_decisions"),
    # Strands (issue 15): the panel moves money between strands; a portfolio tried before voting.
    path("panels/<int:pk>/decide/move-money/", decisions.strand_money_move, name="strand_money_move"),
    path("panels/<int:pk>/decide/portfolio/", decisions.portfolio, name="portfolio"),
    path("panels/<int:pk>/decide/portfolio/mine/", decisions.portfolio_mine, name="portfolio_mine"),
]

report_urls = [
    path("staff/rounds/<slug:slug>/report/", reports.report_page, name="report_page"),
    path("reports/<int:pk>/decision-report.pdf", reports.report_download, name="report_download"),
]

open_data_urls = [
    path("applications/<int:application_pk>/feedback-letter.pdf", open_data.feedback_letter, name="feedback_letter"),
    path("rounds/<slug:slug>/grants.csv", open_data.grants_csv, name="grants_csv"),
    path("rounds/<slug:slug>/grants.json", open_data.grants_json, name="grants_json"),
]

expense_urls = [
    path("expenses/", expenses.expense_list, name="expense_list"),
    path("panels/<int:pk>/expenses/new/", expenses.expense_claim, name="expense_claim"),
    path("panels/<int:pk>/honorarium/", expenses.honorarium_choose, name="honorarium_choose"),
    path("expenses/<int:pk>/", expenses.expense_detail, name="expense_detail"),
    path("expenses/<int:pk>/receipt/", expenses.expense_receipt, name="expense_receipt"),
    path("staff/programmes/<int:pk>/expenses/", expenses.expense_queue, name="expense_queue"),
    path("staff/programmes/<int:pk>/expenses.csv", expenses.expense_csv, name="expense_csv"),
    path("staff/programmes/<int:pk>/expense-rules/", expenses.expense_rules, name="expense_rules"),
    path("staff/expenses/<int:pk>/", expenses.expense_review, name="expense_review"),
    path("staff/honoraria/<int:pk>/paid/", expenses.honorarium_pay, name="honorarium_pay"),
]

urlpatterns = [
    *member_urls,
    *staff_urls,
    *talk_urls,
    *shortlist_urls,
    *interview_urls,
    *pack_urls,
    *paper_urls,
    *decision_urls,
    *report_urls,
    *open_data_urls,
    *expense_urls,
]
