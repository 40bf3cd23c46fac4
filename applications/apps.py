from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    label = "applications"
    verbose_name = "Organisations and applications"

    def ready(self):
        from applications import audit, demo, next_steps, permissions, progress, services
        from commissioning import audit as core_audit
        from commissioning import demo as core_demo
        from commissioning import emails as core_emails
        from commissioning import next_steps as core_next_steps
        from commissioning.models import OutgoingEmail
        from commissioning.signals import deadline_moved

        core_audit.register_verbs("applications", audit.DESCRIPTIONS)
        core_emails.register_kinds(
            "applications",
            {
                "applications/emails/application_receipt": OutgoingEmail.Importance.ESSENTIAL,
                "applications/emails/eligibility_result": OutgoingEmail.Importance.ESSENTIAL,
                "applications/emails/colleague_invitation": OutgoingEmail.Importance.NEEDS_ME,
                "applications/emails/deadline_moved": OutgoingEmail.Importance.NEEDS_ME,
                "applications/emails/applications_closed": OutgoingEmail.Importance.NEWS,
            },
        )
        permissions.register_rules()
        core_demo.register(demo.build_applications)
        core_next_steps.register(next_steps.applicant_steps)
        core_next_steps.register(next_steps.staff_steps)
        # The first steps of "Where your application is"; the panels app adds the rest.
        progress.register(progress.application_steps)
        # Applicants with a draft hear when a live round's deadline moves.
        deadline_moved.connect(services.tell_drafts_deadline_moved, dispatch_uid="applications.deadline_moved")
