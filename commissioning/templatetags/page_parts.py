"""`{% page_parts "round_manage" %}`: every part other apps registered for this place on a core
page (commissioning/page_parts.py), rendered with the page's own context."""

from django import template
from django.utils.safestring import mark_safe

from commissioning import page_parts as parts

register = template.Library()


@register.simple_tag(takes_context=True)
def page_parts(context, place: str):
    engine = context.template.engine
    return mark_safe("".join(engine.get_template(name).render(context) for name in parts.templates_for(place)))
