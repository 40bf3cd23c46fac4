"""Audit verbs become namespaced strings that each app registers (commissioning/audit.py).

The column loses its `choices`, so a new verb never needs a migration here again, and every
existing line is rewritten from the old bare verb ("decision_recorded") to the namespaced one
("panels.decision_recorded"). Reversing strips the namespace again.
"""

from django.db import migrations, models

# Frozen here: the verbs that existed when the column lost its choices, by the app that owns them.
VERBS_BY_APP = {
    "commissioning": (
        "signed_in signed_out role_changed password_changed password_reset account_updated demo_data_loaded "
        "programme_created programme_updated round_created round_updated round_advanced round_closed timeline_set "
        "question_added question_updated question_removed criteria_member_added criteria_member_invited "
        "criteria_reminder_sent criterion_proposed criterion_responded criterion_agreed criterion_reopened "
        "criterion_withdrawn criterion_commented wording_suggested wording_accepted wording_declined jargon_updated"
    ),
    "applications": (
        "organisation_registered organisation_updated colleague_invited colleague_joined application_started "
        "draft_saved draft_conflict attachment_added attachment_removed application_submitted "
        "application_withdrawn eligibility_recorded"
    ),
    "panels": (
        "panel_created panel_member_invited panel_invitation_answered application_assigned induction_completed "
        "interest_declared assessment_saved assessment_submitted assessment_reopened conflict_recorded "
        "adjustment_recorded adjustment_removed discussion_posted facilitation_note_posted panel_question_asked "
        "panel_question_answered session_arranged session_updated attendance_recorded vote_cast "
        "interview_slot_offered interview_slot_removed interview_booked interview_question_added "
        "interview_question_removed panel_pack_downloaded decision_recorded meeting_recorded feedback_written "
        "feedback_sent report_requested report_built"
    ),
}
NAMESPACED = {verb: f"{app}.{verb}" for app, verbs in VERBS_BY_APP.items() for verb in verbs.split()}


def _rewrite(apps, mapping):
    # The historical model has a plain manager, so this update is allowed here and only here:
    # the live model refuses any change to the log.
    AuditEvent = apps.get_model("commissioning", "AuditEvent")
    for old, new in mapping.items():
        AuditEvent.objects.filter(verb=old).update(verb=new)


def add_namespaces(apps, schema_editor):
    _rewrite(apps, NAMESPACED)


def remove_namespaces(apps, schema_editor):
    _rewrite(apps, {new: old for old, new in NAMESPACED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0007_decision_verbs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="verb",
            field=models.CharField(max_length=100),
        ),
        migrations.RunPython(add_namespaces, remove_namespaces),
    ]
