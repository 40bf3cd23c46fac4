"""`{% help_contact as contact %}`: who to ask for help on this page — the named contact of the
programme when the page is about one of its rounds, panels or applications, else the service's."""

from django import template

from commissioning.help_text import Contact, contact_for

register = template.Library()


def _round_id(context) -> int | None:
    # Ids only, never a related object: finding the contact must not cost the page a query.
    funding_round = context.get("funding_round")
    if getattr(funding_round, "pk", None):
        return funding_round.pk
    for name in ("application", "panel"):
        round_id = getattr(context.get(name), "funding_round_id", None)
        if round_id:
            return round_id
    return None


@register.simple_tag(takes_context=True)
def help_contact(context) -> Contact:
    return contact_for(_round_id(context))
