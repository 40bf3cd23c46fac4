"""`{% published_report funding_round as report %}`: the newest finished decision report of a
round, once it is public (from the feedback stage), for the round's public page."""

from django import template

from panels.models import DecisionReport
from panels.services.reports import PUBLISHED_STAGES

register = template.Library()


@register.simple_tag
def published_report(funding_round):
    if funding_round.status not in PUBLISHED_STAGES:
        return None
    return DecisionReport.objects.filter(funding_round=funding_round, status=DecisionReport.Status.READY).first()
