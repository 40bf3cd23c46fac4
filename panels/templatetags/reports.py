"""`{% published_report funding_round as report %}`: the newest finished decision report of a
round, once it is public (from the feedback stage), for the round's public page."""

from django import template

from panels.models import DecisionReport

register = template.Library()


@register.simple_tag
def published_report(funding_round):
    if not funding_round.decisions_are_told:
        return None
    return DecisionReport.objects.filter(funding_round=funding_round, status=DecisionReport.Status.READY).first()
