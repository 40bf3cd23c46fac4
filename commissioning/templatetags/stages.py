"""`{% if funding_round|has_reached:"interviews" %}`: templates ask the round where it is, in its
one vocabulary of stages, instead of comparing its status with strings. A misspelt stage raises."""

from django import template

register = template.Library()


@register.filter
def has_reached(funding_round, stage) -> bool:
    return funding_round.has_reached(stage)


@register.filter
def is_before(funding_round, stage) -> bool:
    return funding_round.is_before(stage)


@register.filter
def is_at(funding_round, stage) -> bool:
    return funding_round.is_at(stage)
