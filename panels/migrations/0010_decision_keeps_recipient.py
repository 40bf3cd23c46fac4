"""A funding decision keeps the recipient's name, charity and company numbers and town, and the
project's title and open-data description, as they were when it was made (issue 11). Existing
decisions are filled from their organisation and application as they stand now: the nearest
there is to "when decided" for rows made before the decision kept them."""

from django.db import migrations, models


def keep_recipients(apps, schema_editor):
    FundingDecision = apps.get_model("panels", "FundingDecision")
    decisions = FundingDecision.objects.select_related(
        "application__organisation", "application__funding_round__programme"
    )
    changed = []
    for decision in decisions.iterator(chunk_size=500):
        # The same words as FundingDecision.as_decided (historical models have no methods).
        application = decision.application
        organisation, funding_round = application.organisation, application.funding_round
        decision.recipient_name = organisation.name
        decision.recipient_charity_number = organisation.charity_number
        decision.recipient_company_number = organisation.company_number
        decision.recipient_town = organisation.town
        decision.project_title = application.project_title
        decision.grant_description = ""
        if decision.outcome != "decline":
            decision.grant_description = (
                f"{organisation.name} was given this grant for “{application.project_title}” by "
                f"{funding_round.programme.name} ({funding_round.title}). A panel of older volunteers decided it."
            )
        changed.append(decision)
    FundingDecision.objects.bulk_update(
        changed,
        [
            "recipient_name",
            "recipient_charity_number",
            "recipient_company_number",
            "recipient_town",
            "project_title",
            "grant_description",
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("panels", "0009_panel_pack_builds"),
    ]

    operations = [
        migrations.AddField(
            model_name="fundingdecision",
            name="recipient_name",
            field=models.CharField(default="", max_length=200, verbose_name="recipient's name when decided"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="fundingdecision",
            name="recipient_charity_number",
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.AddField(
            model_name="fundingdecision",
            name="recipient_company_number",
            field=models.CharField(blank=True, max_length=8),
        ),
        migrations.AddField(
            model_name="fundingdecision",
            name="recipient_town",
            field=models.CharField(blank=True, max_length=100, verbose_name="recipient's town or city"),
        ),
        migrations.AddField(
            model_name="fundingdecision",
            name="project_title",
            field=models.CharField(blank=True, max_length=200, verbose_name="project title when decided"),
        ),
        migrations.AddField(
            model_name="fundingdecision",
            name="grant_description",
            field=models.TextField(blank=True, verbose_name="the grant's description for open data"),
        ),
        migrations.RunPython(keep_recipients, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name="fundingdecision",
            constraint=models.CheckConstraint(
                condition=models.Q(("recipient_name", ""), _negated=True), name="panels_decision_keeps_recipient"
            ),
        ),
    ]
