from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    label = "panels"
    verbose_name = "Volunteer panels"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from applications import progress as application_progress
        from commissioning import audit as core_audit
        from commissioning import demo as core_demo
        from commissioning import emails as core_emails
        from commissioning import next_steps as core_next_steps
        from commissioning import page_parts
        from commissioning import permissions as core_permissions
        from commissioning.models import OutgoingEmail
        from commissioning.signals import role_changed, round_advanced
        from panels import audit, demo, gates, models, next_steps, permissions, progress, services
        from panels.demo import decided as demo_decided
        from panels.demo import expenses as demo_expenses

        core_audit.register_verbs("panels", audit.DESCRIPTIONS)
        core_emails.register_kinds(
            "panels",
            {
                "panels/emails/decision_funded": OutgoingEmail.Importance.ESSENTIAL,
                "panels/emails/decision_declined": OutgoingEmail.Importance.ESSENTIAL,
                "panels/emails/interview_booked_applicant": OutgoingEmail.Importance.NEEDS_ME,
                "panels/emails/interview_booked_panel": OutgoingEmail.Importance.NEEDS_ME,
                "panels/emails/talk_session": OutgoingEmail.Importance.NEEDS_ME,
                "panels/emails/reminder_session": OutgoingEmail.Importance.NEEDS_ME,
                "panels/emails/reminder_interview": OutgoingEmail.Importance.NEEDS_ME,
                "panels/emails/reminder_scoring": OutgoingEmail.Importance.NEEDS_ME,
                # Staff ask the member about a claim: the member is asked to answer.
                "panels/emails/expense_queried": OutgoingEmail.Importance.NEEDS_ME,
                "panels/emails/talk_answer": OutgoingEmail.Importance.NEWS,
            },
        )
        permissions.register_rules()
        gates.register_gates()
        core_demo.register(demo.build_panels)
        core_demo.register(demo.build_reminders)
        core_demo.register(demo_expenses.build_expenses)
        core_demo.register(demo_decided.build_decided_round)
        core_demo.register(demo_decided.build_decided_round_report)
        # Applicants hear the panel's decision when staff move a round on to feedback.
        round_advanced.connect(services.letters.send_decisions_on_feedback, dispatch_uid="panels.decisions_on_feedback")
        # Someone who becomes staff loses their seats, in the same transaction as the role.
        role_changed.connect(services.membership.end_seats_of_new_staff, dispatch_uid="panels.end_seats_of_new_staff")
        # The panel rules read a member's seat, declarations, induction, submitted assessments and
        # the shortlist once per request (panels/facts.py); a write to any of them reads afresh.
        for model in (
            models.PanelMembership,
            models.InterestDeclaration,
            models.InductionCompletion,
            models.Assessment,
            models.ShortlistOutcome,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    core_permissions.forget_reads, sender=model, dispatch_uid=f"panels.facts_{model.__name__}"
                )
        core_next_steps.register(next_steps.member_steps)
        core_next_steps.register(next_steps.applicant_steps)
        application_progress.register(progress.panel_steps)
        # The panels' parts of core pages: the core's templates know nothing of panels.
        page_parts.register("round_manage", "panels/includes/round_manage_links.html")
        page_parts.register("round_public", "panels/includes/round_open_data.html")
        page_parts.register("application_status", "panels/includes/decision_status.html")
        page_parts.register("application_status", "panels/includes/feedback_letter_link.html")
