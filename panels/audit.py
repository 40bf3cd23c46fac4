"""The panels app's audit verbs: panels, their members, scores, votes, decisions and reports.

Registered with the core's activity log in `PanelsConfig.ready()` (see commissioning/audit.py).
"""


class Verb:
    PANEL_CREATED = "panels.panel_created"
    PANEL_MEMBER_INVITED = "panels.panel_member_invited"
    PANEL_INVITATION_ANSWERED = "panels.panel_invitation_answered"
    PANEL_MEMBER_REMOVED = "panels.panel_member_removed"
    PANEL_MEMBER_LEFT = "panels.panel_member_left"
    PANEL_SEAT_ENDED = "panels.panel_seat_ended"
    APPLICATION_ASSIGNED = "panels.application_assigned"
    INDUCTION_COMPLETED = "panels.induction_completed"
    INTEREST_DECLARED = "panels.interest_declared"
    ASSESSMENT_SAVED = "panels.assessment_saved"
    ASSESSMENT_SUBMITTED = "panels.assessment_submitted"
    ASSESSMENT_REOPENED = "panels.assessment_reopened"
    CONFLICT_RECORDED = "panels.conflict_recorded"
    ADJUSTMENT_RECORDED = "panels.adjustment_recorded"
    ADJUSTMENT_REMOVED = "panels.adjustment_removed"
    DISCUSSION_POSTED = "panels.discussion_posted"
    FACILITATION_NOTE_POSTED = "panels.facilitation_note_posted"
    PANEL_QUESTION_ASKED = "panels.panel_question_asked"
    PANEL_QUESTION_ANSWERED = "panels.panel_question_answered"
    SESSION_ARRANGED = "panels.session_arranged"
    SESSION_UPDATED = "panels.session_updated"
    ATTENDANCE_RECORDED = "panels.attendance_recorded"
    VOTE_CAST = "panels.vote_cast"
    INTERVIEW_SLOT_OFFERED = "panels.interview_slot_offered"
    INTERVIEW_SLOT_REMOVED = "panels.interview_slot_removed"
    INTERVIEW_BOOKED = "panels.interview_booked"
    INTERVIEW_QUESTION_ADDED = "panels.interview_question_added"
    INTERVIEW_QUESTION_REMOVED = "panels.interview_question_removed"
    PANEL_PACK_REQUESTED = "panels.panel_pack_requested"
    PANEL_PACK_DOWNLOADED = "panels.panel_pack_downloaded"
    DECISION_RECORDED = "panels.decision_recorded"
    STRAND_MONEY_MOVED = "panels.strand_money_moved"
    PORTFOLIO_SAVED = "panels.portfolio_saved"
    AGREED_TO_PROCEED = "panels.agreed_to_proceed"
    MEETING_RECORDED = "panels.meeting_recorded"
    FEEDBACK_WRITTEN = "panels.feedback_written"
    FEEDBACK_SENT = "panels.feedback_sent"
    REPORT_REQUESTED = "panels.report_requested"
    REPORT_BUILT = "panels.report_built"
    REMINDERS_SENT = "panels.reminders_sent"
    EXPENSE_CLAIMED = "panels.expense_claimed"
    EXPENSE_APPROVED = "panels.expense_approved"
    EXPENSE_QUERIED = "panels.expense_queried"
    EXPENSE_QUERY_ANSWERED = "panels.expense_query_answered"
    EXPENSE_PAID = "panels.expense_paid"
    HONORARIUM_DECLINED = "panels.honorarium_declined"
    HONORARIUM_TAKEN_UP = "panels.honorarium_taken_up"
    HONORARIUM_PAID = "panels.honorarium_paid"
    EXPENSE_RULES_CHANGED = "panels.expense_rules_changed"
    TAKEN_DOWN = "panels.taken_down"
    TAKE_DOWN_CONFIRMED = "panels.take_down_confirmed"


DESCRIPTIONS = {
    Verb.PANEL_CREATED: "created a panel",
    Verb.PANEL_MEMBER_INVITED: "invited someone to a panel",
    Verb.PANEL_INVITATION_ANSWERED: "answered a panel invitation",
    Verb.PANEL_MEMBER_REMOVED: "removed someone from a panel",
    Verb.PANEL_MEMBER_LEFT: "left a panel",
    Verb.PANEL_SEAT_ENDED: "ended a panel seat when a role changed to staff",
    Verb.APPLICATION_ASSIGNED: "gave an application to a panel",
    Verb.INDUCTION_COMPLETED: "completed an induction module",
    Verb.INTEREST_DECLARED: "declared an interest",
    Verb.ASSESSMENT_SAVED: "saved an assessment",
    Verb.ASSESSMENT_SUBMITTED: "submitted an assessment",
    Verb.ASSESSMENT_REOPENED: "reopened an assessment",
    Verb.CONFLICT_RECORDED: "recorded a known conflict of interest",
    Verb.ADJUSTMENT_RECORDED: "recorded a reasonable adjustment",
    Verb.ADJUSTMENT_REMOVED: "removed a reasonable adjustment",
    Verb.DISCUSSION_POSTED: "wrote in a panel discussion",
    Verb.FACILITATION_NOTE_POSTED: "added a facilitation note",
    Verb.PANEL_QUESTION_ASKED: "asked staff a question",
    Verb.PANEL_QUESTION_ANSWERED: "answered a panel's question",
    Verb.SESSION_ARRANGED: "arranged a together session",
    Verb.SESSION_UPDATED: "changed a together session",
    Verb.ATTENDANCE_RECORDED: "recorded who came to a together session",
    Verb.VOTE_CAST: "voted",
    Verb.INTERVIEW_SLOT_OFFERED: "offered an interview slot",
    Verb.INTERVIEW_SLOT_REMOVED: "removed an interview slot",
    Verb.INTERVIEW_BOOKED: "booked an interview",
    Verb.INTERVIEW_QUESTION_ADDED: "added an interview question",
    Verb.INTERVIEW_QUESTION_REMOVED: "removed an interview question",
    Verb.PANEL_PACK_REQUESTED: "asked for a panel pack",
    Verb.PANEL_PACK_DOWNLOADED: "downloaded a panel pack",
    Verb.AGREED_TO_PROCEED: "recorded the panel's agreement to go on without every interview score",
    Verb.DECISION_RECORDED: "recorded a panel's funding decision",
    Verb.STRAND_MONEY_MOVED: "recorded the panel's decision to move money between strands",
    Verb.PORTFOLIO_SAVED: "saved a portfolio draft (never a vote or a decision)",
    Verb.MEETING_RECORDED: "recorded a decision meeting",
    Verb.FEEDBACK_WRITTEN: "wrote feedback for an applicant",
    Verb.FEEDBACK_SENT: "sent decisions and feedback to applicants",
    Verb.REPORT_REQUESTED: "asked for a decision report",
    Verb.REPORT_BUILT: "built a decision report",
    Verb.REMINDERS_SENT: "sent reminders of together sessions, interviews and scoring",
    Verb.EXPENSE_CLAIMED: "claimed expenses",
    Verb.EXPENSE_APPROVED: "approved an expense claim",
    Verb.EXPENSE_QUERIED: "asked a question about an expense claim",
    Verb.EXPENSE_QUERY_ANSWERED: "answered a question about an expense claim",
    Verb.EXPENSE_PAID: "marked an expense claim paid",
    Verb.HONORARIUM_DECLINED: "declined an honorarium",
    Verb.HONORARIUM_TAKEN_UP: "took up an honorarium after declining it",
    Verb.HONORARIUM_PAID: "marked an honorarium paid",
    Verb.EXPENSE_RULES_CHANGED: "changed a programme's expense rules",
    Verb.TAKEN_DOWN: "took down a member's paper sheet or phone vote for them",
    Verb.TAKE_DOWN_CONFIRMED: "confirmed a paper sheet or phone vote taken down by staff",
}
