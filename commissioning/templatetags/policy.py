"""`{% can "panels.score_application" application as may_score %}`: the policy in templates."""

from django import template

from commissioning.permissions import can as policy_can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return policy_can(user, action, obj)
